package org.ponderlab.core.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.ponderlab.core.run.RunFolderException.Problem;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.Experiment;
import org.ponderlab.core.train.Experiments;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.Trainer;
import org.ponderlab.core.train.TrainerState;
import org.ponderlab.core.train.TrainingCheckpoint;
import org.ponderlab.core.train.TrainingConfig;
import org.ponderlab.core.train.TrainingListener;
import org.ponderlab.core.train.TrainingStep;

/**
 * One training session: a {@link Trainer} whose every snapshot a {@link RunWriter} saves in the run
 * folder, or, for {@link #inMemory}, a run with no folder at all (the window with saving turned
 * off). {@link #create} starts a new run, {@link #resume} continues a saved one from its model.bin
 * with exactly the numbers it would have had. Both check everything first and throw before writing
 * a byte, so a refused resume leaves the folder as it was. This is the one way a trainer is built
 * for a run; everything that watches it is the {@code observer}.
 */
public final class RunSession {
  private final Trainer trainer;
  private final Path folder;
  private final long fromIteration;
  private volatile TrainerState endState;
  private volatile String endMessage = "";

  private RunSession(
      TrainingConfig config,
      Experiment experiment,
      RunWriter writer,
      TrainingCheckpoint from,
      TrainingListener observer,
      FolderLock lock,
      int threads) {
    this.folder = writer == null ? null : writer.folder();
    this.fromIteration = from == null ? 0 : from.iteration();
    TrainingListener both =
        new TrainingListener() {
          @Override
          public void onSnapshot(Snapshot s) {
            if (writer != null) {
              writer.onSnapshot(s);
            }
            observer.onSnapshot(s);
          }

          @Override
          public void onCheckpoint(TrainingCheckpoint c) {
            if (writer != null) {
              writer.onCheckpoint(c);
            }
            observer.onCheckpoint(c);
          }

          @Override
          public void onStateChanged(TrainerState state, String message) {
            if (writer != null) {
              writer.onStateChanged(state, message);
            }
            if (state.isTerminal()) {
              if (lock != null) {
                lock.close(); // the run's last files are written: another process may continue it
                // now
              }
              endMessage = message;
              endState = state;
            }
            observer.onStateChanged(state, message);
          }
        };
    this.trainer = new Trainer(config, experiment, both).threads(threads);
    if (from != null) {
      trainer.resumeFrom(from);
    }
  }

  /**
   * A new run in {@code folder}, which must be new or empty ({@link #create(Path, TrainingConfig,
   * boolean, List, TrainingListener)}).
   */
  public static RunSession create(
      Path folder, TrainingConfig config, List<String> commandLine, TrainingListener observer)
      throws IOException, RunFolderException {
    return create(folder, config, false, commandLine, observer);
  }

  /**
   * A new run in {@code folder}: a new or empty folder, or with {@code overwrite} an earlier run's
   * folder that no process is writing, which is then replaced ({@link RunFolder#claimForNewRun}).
   * The folder stays claimed until the run ends.
   *
   * @throws ConfigException for a folder that may not receive a run (named {@code out}) or a setup
   *     this build cannot train
   * @throws RunFolderException when another process writes the folder right now
   */
  public static RunSession create(
      Path folder,
      TrainingConfig config,
      boolean overwrite,
      List<String> commandLine,
      TrainingListener observer)
      throws IOException, RunFolderException {
    return create(folder, config, overwrite, commandLine, observer, 1);
  }

  /**
   * As {@link #create(Path, TrainingConfig, boolean, List, TrainingListener)}, training on {@code
   * threads} threads (1 or 2: the numbers are the same; the count is recorded in the provenance).
   */
  public static RunSession create(
      Path folder,
      TrainingConfig config,
      boolean overwrite,
      List<String> commandLine,
      TrainingListener observer,
      int threads)
      throws IOException, RunFolderException {
    TrainingStep.checkThreads(threads);
    Experiment experiment = Experiments.create(config);
    FolderLock lock = RunFolder.claimForNewRun(folder, overwrite, "out");
    try {
      RunWriter writer = new RunWriter(folder, config, Instant.now(), commandLine, threads);
      return new RunSession(config, experiment, writer, null, observer, lock, threads);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /**
   * A new run kept in memory only: nothing is written, and {@link #folder()} is null. Builds the
   * experiment (which may load data and take seconds), so call it off the UI thread.
   */
  public static RunSession inMemory(TrainingConfig config, TrainingListener observer) {
    return new RunSession(config, Experiments.create(config), null, null, observer, null, 1);
  }

  /**
   * Continues a saved run from its last saved snapshot (its model.bin; from the start if it was
   * killed before its first snapshot). Rows a killed session wrote after that snapshot are
   * retrained, with the same numbers.
   *
   * @param iterations the new total iteration budget, or null to keep the saved one
   * @param liveChanges settings to change from the resume on: the live ones ({@link
   *     Trainer#LIVE_SETTINGS}), recorded as mid-run changes, and target-accuracy, a setting of the
   *     continued run; may be empty
   * @throws ConfigException for an iteration budget the run has already reached, a setting that
   *     cannot change, or a setup this build cannot train
   * @throws RunFolderException when the run is training right now, or its model does not fit
   */
  public static RunSession resume(
      SavedRun opened,
      Integer iterations,
      Map<String, String> liveChanges,
      List<String> commandLine,
      TrainingListener observer)
      throws IOException, RunFolderException {
    return resume(opened, iterations, liveChanges, commandLine, observer, 1);
  }

  /**
   * As {@link #resume(SavedRun, Integer, Map, List, TrainingListener)}, training on {@code threads}
   * threads (1 or 2; a run may continue on another count than it started with: same numbers).
   */
  public static RunSession resume(
      SavedRun opened,
      Integer iterations,
      Map<String, String> liveChanges,
      List<String> commandLine,
      TrainingListener observer,
      int threads)
      throws IOException, RunFolderException {
    TrainingStep.checkThreads(threads);
    Path folder = opened.folder();
    refuseIfRunning(opened);
    RunFolder.checkInside(folder);
    FolderLock lock = FolderLock.acquire(folder);
    try {
      // read again under the lock: another process may have continued or replaced it meanwhile
      SavedRun run = RunReader.open(folder);
      if (!sameState(opened, run)) {
        throw new RunFolderException(
            folder,
            null,
            Problem.CANNOT_CONTINUE,
            "it changed since it was opened (another process continued or replaced it); open it again");
      }
      refuseIfRunning(run);
      return resumeClaimed(run, iterations, liveChanges, commandLine, observer, lock, threads);
    } catch (IOException | RunFolderException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private static void refuseIfRunning(SavedRun run) throws RunFolderException {
    if (run.status() == RunStatus.RUNNING) {
      throw new RunFolderException(
          run.folder(),
          RunFolder.STATUS,
          Problem.CANNOT_CONTINUE,
          "it is being trained right now (" + run.statusMessage() + "); stop that process first");
    }
  }

  /** The same run, at the same point: its start, its snapshots, its saved model. */
  private static boolean sameState(SavedRun a, SavedRun b) {
    long ca = a.checkpoint() == null ? -1 : a.checkpoint().iteration();
    long cb = b.checkpoint() == null ? -1 : b.checkpoint().iteration();
    return ca == cb
        && a.snapshots().size() == b.snapshots().size()
        && java.util.Objects.equals(
            a.provenance().get("start_time"), b.provenance().get("start_time"))
        && java.util.Objects.equals(
            a.configDocument().get("resumes"), b.configDocument().get("resumes"));
  }

  private static RunSession resumeClaimed(
      SavedRun run,
      Integer iterations,
      Map<String, String> liveChanges,
      List<String> commandLine,
      TrainingListener observer,
      FolderLock lock,
      int threads)
      throws IOException, RunFolderException {
    Path folder = run.folder();
    TrainingCheckpoint checkpoint = run.checkpoint();
    long from = checkpoint == null ? 0 : checkpoint.iteration();
    if (checkpoint == null
        && !run.snapshots().isEmpty()
        && (run.status() == RunStatus.FINISHED || run.status() == RunStatus.STOPPED)) {
      // a run that ended normally always has its model.bin: this one was removed
      throw new RunFolderException(
          folder,
          RunFolder.MODEL,
          Problem.CANNOT_CONTINUE,
          "the file is missing, so the run cannot continue (it has "
              + run.snapshots().size()
              + " snapshots)");
    }
    // otherwise (killed or failed, e.g. on a full disk, before its first model.bin) its rows have
    // no
    // model to continue from: it starts again, and retrains them with the same numbers
    if (checkpoint != null && run.snapshots().stream().noneMatch(s -> s.iteration() == from)) {
      throw new RunFolderException(
          folder,
          RunFolder.MODEL,
          Problem.DAMAGED,
          "it holds iteration " + from + ", for which metrics.csv has no row");
    }
    int target = iterations == null ? run.config().iterations() : iterations;
    if (target <= from) {
      throw new ConfigException(
          "iterations",
          Integer.toString(target),
          "the run has already trained "
              + from
              + " iterations; give a larger total with --iterations");
    }
    TrainingConfig settings = run.config().with("iterations", Integer.toString(target));
    TrainingConfig inForce = run.config();
    for (var change :
        checkpoint == null
            ? List.<org.ponderlab.core.train.SettingChange>of()
            : checkpoint.changes()) {
      inForce = inForce.with(change.name(), change.to());
    }
    inForce = inForce.with("iterations", Integer.toString(target));
    // the stop condition is a setting of the continued run, like its iterations, not a mid-run
    // change
    Map<String, String> changes = new java.util.LinkedHashMap<>(liveChanges);
    String stopAt = changes.remove("target-accuracy");
    if (stopAt != null) {
      settings = settings.with("target-accuracy", stopAt);
      inForce = inForce.with("target-accuracy", stopAt);
    }
    for (Map.Entry<String, String> change : changes.entrySet()) {
      if (!Trainer.LIVE_SETTINGS.contains(change.getKey())) {
        throw new ConfigException(
            change.getKey(),
            change.getValue(),
            "cannot change when continuing a run; only "
                + String.join(", ", Trainer.LIVE_SETTINGS)
                + " can (as mid-run changes)");
      }
      inForce.with(change.getKey(), change.getValue()); // validates
    }
    Experiment experiment = Experiments.create(inForce);
    int count = experiment.network().parameterCount();
    if (checkpoint != null && checkpoint.parameters().length != count) {
      throw new RunFolderException(
          folder,
          RunFolder.MODEL,
          Problem.DAMAGED,
          "it holds "
              + checkpoint.parameters().length
              + " parameters but the run's settings make a network of "
              + count);
    }
    RunWriter writer =
        RunWriter.continuing(run, settings, from, Instant.now(), commandLine, threads);
    RunSession session =
        new RunSession(inForce, experiment, writer, checkpoint, observer, lock, threads);
    changes.forEach(session.trainer::change);
    return session;
  }

  /** Starts training on the trainer's thread. */
  public RunSession start() {
    trainer.start().play();
    return this;
  }

  /** Asks the trainer to stop; it saves a last snapshot and marks the run stopped. */
  public void stop() {
    trainer.stop();
  }

  /**
   * Waits for the trainer to end, calling {@code tick} with the iteration every {@code pollMillis}.
   *
   * @return how it ended (finished, stopped or failed)
   */
  public TrainerState await(LongConsumer tick, long pollMillis) throws InterruptedException {
    while (true) {
      trainer.join(pollMillis);
      if (!trainer.isAlive()) {
        break;
      }
      tick.accept(trainer.iteration());
    }
    return endState;
  }

  public Trainer trainer() {
    return trainer;
  }

  /** The run folder, or null for a run kept {@link #inMemory in memory}. */
  public Path folder() {
    return folder;
  }

  /** The iteration this session started from (0 for a new run). */
  public long fromIteration() {
    return fromIteration;
  }

  /** How the session ended, or null while it trains. */
  public TrainerState endState() {
    return endState;
  }

  public String endMessage() {
    return endMessage;
  }
}
