package org.ponderlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.core.run.RunReader;
import org.ponderlab.core.run.RunSession;
import org.ponderlab.core.run.RunStatus;
import org.ponderlab.core.run.SavedRun;
import org.ponderlab.core.train.TrainerState;
import org.ponderlab.core.train.TrainingConfig;
import org.ponderlab.core.train.TrainingListener;

/**
 * Real processes killed with SIGKILL ({@code destroyForcibly}) while training and saving: the
 * folder reopens as incomplete with every row on disk, and continues to the same numbers as a run
 * that was never killed.
 */
class KilledRunTest {
  @TempDir Path tmp;

  /**
   * Evaluates every 5 iterations, so most of the child's time goes to saving: kills land mid-save.
   */
  static final String[] SETTINGS = {
    "--eval-every",
    "5",
    "--hidden",
    "8",
    "--max-steps",
    "6",
    "--batch",
    "32",
    "--validation-size",
    "256",
    "--seed",
    "3",
    "--eval-rule",
    "sample"
  };

  static TrainingConfig config(int iterations) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < SETTINGS.length; i += 2) {
      m.put(SETTINGS[i].substring(2), SETTINGS[i + 1]);
    }
    m.put("iterations", Integer.toString(iterations));
    return TrainingConfig.fromText(m);
  }

  static Process startTraining(Path dir) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules",
                "jdk.incubator.vector",
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "org.ponderlab.app.Main",
                "train",
                "--iterations",
                "1000000",
                "--quiet",
                "--out",
                dir.toString()));
    cmd.addAll(List.of(SETTINGS));
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolveSibling(dir.getFileName() + ".log").toFile())
        .start();
  }

  static int metricsRows(Path dir) {
    try {
      return Files.exists(dir.resolve("metrics.csv"))
          ? Files.readAllLines(dir.resolve("metrics.csv")).size() - 1
          : 0;
    } catch (IOException e) {
      return 0; // being renamed over right now
    }
  }

  static void waitFor(BooleanSupplier condition, Process p) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      assertTrue(p.isAlive(), "the training process ended early");
      assertTrue(System.nanoTime() < deadline, "not reached in 60 s");
      Thread.sleep(2);
    }
  }

  /** Kills a training child at {@code delayMillis} after its metrics.csv has two rows. */
  SavedRun killAndOpen(String name, long delayMillis) throws Exception {
    Path dir = tmp.resolve(name);
    Process p = startTraining(dir);
    try {
      waitFor(() -> metricsRows(dir) >= 2, p);
      Thread.sleep(delayMillis);
    } finally {
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
    SavedRun run = RunReader.open(dir);
    assertEquals(RunStatus.INCOMPLETE, run.status(), run.statusMessage());
    assertTrue(run.statusMessage().startsWith("interrupted"), run.statusMessage());
    // the history is exactly the rows on disk
    List<String> rows = Files.readAllLines(dir.resolve("metrics.csv"));
    assertEquals(rows.size() - 1, run.snapshots().size());
    assertTrue(run.snapshots().size() >= 2);
    for (int i = 1; i < rows.size(); i++) {
      String[] cells = rows.get(i).split(",");
      assertEquals(Long.parseLong(cells[0]), run.snapshots().get(i - 1).iteration());
      assertEquals(Double.parseDouble(cells[5]), run.snapshots().get(i - 1).accuracy());
      assertEquals(5L * i, run.snapshots().get(i - 1).iteration());
      assertEquals(
          256, java.util.Arrays.stream(run.snapshots().get(i - 1).haltingHistogram()).sum());
    }
    // model.bin is the last snapshot's, or the one before if the kill fell between the two files
    long last = run.last().iteration();
    assertNotNull(run.checkpoint());
    assertTrue(
        run.checkpoint().iteration() == last || run.checkpoint().iteration() == last - 5,
        "model at " + run.checkpoint().iteration() + ", last row " + last);
    return run;
  }

  @Test
  void killedAtThreeMomentsEachReopensIncompleteAndOneContinuesToTheUnkilledNumbers()
      throws Exception {
    List<SavedRun> killed = new ArrayList<>();
    for (long delay : new long[] {0, 97, 301}) {
      killed.add(killAndOpen("killed-" + delay, delay));
    }
    SavedRun run = killed.get(2);
    int target = (int) run.last().iteration() + 20;
    RunSession resumed =
        RunSession.resume(run, target, Map.of(), List.of("test"), new TrainingListener() {});
    assertEquals(TrainerState.FINISHED, resumed.start().await(i -> {}, 50));

    Path straight = tmp.resolve("straight");
    assertEquals(
        TrainerState.FINISHED,
        RunSession.create(straight, config(target), List.of("test"), new TrainingListener() {})
            .start()
            .await(i -> {}, 50));
    assertEquals(withoutTimes(straight), withoutTimes(run.folder()));
    assertEquals(
        Files.readAllLines(straight.resolve("halting.csv")),
        Files.readAllLines(run.folder().resolve("halting.csv")));
    SavedRun done = RunReader.open(run.folder());
    assertEquals(RunStatus.FINISHED, done.status());
    assertTrue(
        java.util.Arrays.equals(
            RunReader.open(straight).finalParameters(), done.finalParameters()));
  }

  @Test
  void killedBeforeItsFirstSnapshotItReopensEmptyAndRestarts() throws Exception {
    Path dir = tmp.resolve("early");
    Process p = startTraining(dir);
    try {
      waitFor(() -> Files.exists(dir.resolve("status.json")), p);
    } finally {
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
    SavedRun run = RunReader.open(dir);
    assertEquals(RunStatus.INCOMPLETE, run.status());
    if (run.snapshots().isEmpty()) {
      assertNull(run.checkpoint());
    }
    RunSession.resume(run, 10, Map.of(), List.of("test"), new TrainingListener() {})
        .start()
        .await(i -> {}, 50);
    SavedRun done = RunReader.open(dir);
    assertEquals(RunStatus.FINISHED, done.status());
    assertEquals(List.of(5L, 10L), done.snapshots().stream().map(s -> s.iteration()).toList());
  }

  /**
   * SIGTERM (as Ctrl-C, or a service manager) stops the run cleanly: it says so, saves a last
   * snapshot at the iteration it reached, and marks the run stopped. Seen failing with the shutdown
   * hook's wait cut to 1 ms: the run reopened incomplete ("interrupted ... saved up to iteration
   * 10").
   */
  @Test
  void terminatedItSaysSoSavesALastSnapshotAndIsStopped() throws Exception {
    Path dir = tmp.resolve("terminated");
    Process p = startTraining(dir);
    try {
      waitFor(() -> metricsRows(dir) >= 2, p);
      Thread.sleep(37);
    } finally {
      p.destroy();
      assertTrue(p.waitFor(TrainCommand.STOP_WAIT_MILLIS + 30_000, TimeUnit.MILLISECONDS));
    }
    SavedRun run = RunReader.open(dir);
    assertEquals(RunStatus.STOPPED, run.status(), run.statusMessage());
    assertEquals("stopped at iteration " + run.last().iteration(), run.statusMessage());
    assertNotNull(run.checkpoint());
    assertEquals(run.last().iteration(), run.checkpoint().iteration());
    String log = Files.readString(dir.resolveSibling("terminated.log"));
    assertTrue(log.contains("stopping: the iteration under way finishes"), log);
    assertFalse(log.contains("Exception"), log);
  }

  /** metrics.csv without elapsed_s and ms_per_iteration. */
  static List<String> withoutTimes(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("metrics.csv"))) {
      String[] c = line.split(",", -1);
      out.add(String.join(",", c[0], c[2], c[3], c[4], c[5], c[6], c[7]));
    }
    return out;
  }
}
