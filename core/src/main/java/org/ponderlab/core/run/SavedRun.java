package org.ponderlab.core.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ponderlab.core.train.SettingChange;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.TrainingCheckpoint;
import org.ponderlab.core.train.TrainingConfig;

/**
 * A run read back from its folder by {@link RunReader#open}: enough to replay every chart (the
 * snapshot history rebuilt from the files), to compare it with others, and to continue it.
 *
 * @param folder the run folder
 * @param config the settings of config.json (as the run started; a resume may have raised {@code
 *     iterations}); see {@link #configInForce()} for mid-run changes
 * @param provenance versions, host, start time, seed (config.json's provenance object)
 * @param commandLine the command line that started it (may be empty, e.g. for the window)
 * @param configDocument config.json as a whole (settings, provenance, command line, resumes)
 * @param status running (live), finished, stopped, failed or incomplete (killed)
 * @param statusMessage what happened, in words
 * @param wallSeconds wall time spent on the run so far, every session together
 * @param snapshots every snapshot on disk, oldest first (the rows of metrics.csv)
 * @param changes every mid-run setting change (changes.csv)
 * @param checkpoint parameters, optimiser state and the setting changes in force at the last saved
 *     snapshot (model.bin), or null when the run was killed before its first snapshot
 */
public record SavedRun(
    Path folder,
    TrainingConfig config,
    Map<String, Object> provenance,
    List<String> commandLine,
    Map<String, Object> configDocument,
    RunStatus status,
    String statusMessage,
    double wallSeconds,
    List<Snapshot> snapshots,
    List<SettingChange> changes,
    TrainingCheckpoint checkpoint) {

  public SavedRun {
    provenance = Map.copyOf(provenance);
    commandLine = List.copyOf(commandLine);
    snapshots = List.copyOf(snapshots);
    changes = List.copyOf(changes);
  }

  /** The folder's name, the run's default label on charts and in exports. */
  public String name() {
    return folder.getFileName() == null ? folder.toString() : folder.getFileName().toString();
  }

  /** The newest snapshot, or null if the run has none yet. */
  public Snapshot last() {
    return snapshots.isEmpty() ? null : snapshots.get(snapshots.size() - 1);
  }

  /** Iterations of the newest snapshot (0 if none). */
  public long iteration() {
    return snapshots.isEmpty() ? 0 : last().iteration();
  }

  /** The parameters at the last saved snapshot (the final ones for a finished run), or null. */
  public float[] finalParameters() {
    return checkpoint == null ? null : checkpoint.parameters();
  }

  /** Whether training ended normally (finished or stopped by the user). */
  public boolean isComplete() {
    return status == RunStatus.FINISHED || status == RunStatus.STOPPED;
  }

  /** The settings in force after every mid-run change. */
  public TrainingConfig configInForce() {
    return configAt(Long.MAX_VALUE);
  }

  /**
   * The settings with every change recorded before {@code iteration} applied: those a run
   * continuing from its snapshot at that iteration trains with (a change recorded at iteration i
   * applies from the (i + 1)-th batch on, and is in the snapshots after i).
   */
  public TrainingConfig configAt(long iteration) {
    TrainingConfig c = config;
    for (SettingChange change : changes) {
      if (change.iteration() < iteration) {
        c = c.with(change.name(), change.to());
      }
    }
    return c;
  }
}
