package org.ponderlab.core.run;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ponderlab.core.train.TrainingConfig;
import org.ponderlab.core.train.TrainingListener;

/**
 * One cell of a sweep as a self-contained, serialisable job for a worker process: the sweep folder,
 * the cell's folder name and every setting as text. {@link #train()} decides on the worker what the
 * cell needs from what its folder holds right then (new, continue from the last snapshot, or
 * nothing when it is finished), so a retried attempt continues what an earlier attempt saved.
 * Exactly one writer per cell folder: the run-folder lock ({@link FolderLock}) refuses a second
 * one, and an attempt that finds the folder locked waits for the earlier attempt to let go.
 *
 * @param sweepFolder the sweep folder, a path every worker sees (a shared file system)
 * @param index the cell's position in the grid
 * @param name the cell's folder name
 * @param settings every setting of the cell ({@link TrainingConfig#toText()})
 * @param replace replace a run with other settings in the cell's folder (the sweep's overwrite)
 * @param commandLine the sweep's command line, recorded in the run folder
 */
public record SweepCellTask(
    String sweepFolder,
    int index,
    String name,
    Map<String, String> settings,
    boolean replace,
    List<String> commandLine)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How long an attempt waits for an earlier attempt that still holds the cell's folder. */
  static final long LOCK_WAIT_MILLIS = 120_000;

  public SweepCellTask {
    settings = new LinkedHashMap<>(settings);
    commandLine = new ArrayList<>(commandLine);
  }

  static SweepCellTask of(
      Path sweepFolder, SweepCell cell, boolean replace, List<String> commandLine) {
    return new SweepCellTask(
        sweepFolder.toAbsolutePath().toString(),
        cell.index(),
        cell.name(),
        cell.config().toText(),
        replace,
        commandLine);
  }

  public Path folder() {
    return Path.of(sweepFolder).resolve(name);
  }

  /**
   * Trains the cell to its iteration budget in this process, on the calling thread's behalf. An
   * interrupt (the engine cancelling the task) stops training after a last snapshot.
   *
   * @return the run's status afterwards (finished, stopped, failed)
   * @throws RunFolderException when the folder is damaged, or another writer held it too long
   */
  public String train() throws IOException, RunFolderException, InterruptedException {
    TrainingConfig config = TrainingConfig.fromText(settings);
    Path dir = folder();
    waitForOtherWriter(dir);
    RunSession session;
    if (RunFolder.kind(dir) == RunFolder.Kind.RUN) {
      SavedRun run = RunReader.open(dir);
      boolean sameSettings = SweepRunner.difference(run.config(), config) == null;
      if (sameSettings
          && (run.status() == RunStatus.FAILED
              || (run.status() == RunStatus.FINISHED && run.iteration() >= config.iterations()))) {
        return run.status().label(); // an earlier attempt finished it
      }
      session =
          sameSettings
              ? RunSession.resume(run, config.iterations(), Map.of(), commandLine, quiet())
              : RunSession.create(dir, config, replace, commandLine, quiet());
    } else {
      session = RunSession.create(dir, config, false, commandLine, quiet());
    }
    session.start();
    try {
      session.await(i -> {}, 200);
    } catch (InterruptedException cancelled) {
      session.stop(); // a last snapshot, so a rerun continues from here
      while (session.endState() == null) {
        try {
          session.await(i -> {}, 200);
        } catch (InterruptedException again) {
          // keep waiting: the trainer is writing its last files
        }
      }
      throw cancelled;
    }
    return session.endState().name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Waits until no process writes the cell's folder (at most {@code millis}): after a cancel, the
   * cancelled attempt is still writing its last snapshot when the engine reports the task ended.
   *
   * @return true when the folder is free (or was never made)
   */
  public boolean awaitNoWriter(long millis) throws InterruptedException {
    Path dir = folder();
    long deadline = System.currentTimeMillis() + millis;
    while (java.nio.file.Files.isDirectory(dir)) {
      try (FolderLock probe = FolderLock.acquire(dir)) {
        return true;
      } catch (RunFolderException | IOException held) {
        if (System.currentTimeMillis() > deadline) {
          return false;
        }
        Thread.sleep(100);
      }
    }
    return true;
  }

  /**
   * An earlier attempt of this task (an executor the engine gave up on that still runs, or a
   * speculative copy) may still hold the folder: wait for it to end rather than fail the cell.
   */
  private static void waitForOtherWriter(Path dir)
      throws InterruptedException, IOException, RunFolderException {
    if (!java.nio.file.Files.isDirectory(dir)) {
      return;
    }
    long deadline = System.currentTimeMillis() + LOCK_WAIT_MILLIS;
    while (true) {
      try (FolderLock probe = FolderLock.acquire(dir)) {
        return;
      } catch (RunFolderException held) {
        if (System.currentTimeMillis() > deadline) {
          throw held;
        }
        Thread.sleep(1000);
      }
    }
  }

  /** Nothing to report: the driver reads the cell's folder when the task ends. */
  private static TrainingListener quiet() {
    return new TrainingListener() {};
  }
}
