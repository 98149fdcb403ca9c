package org.ponderlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.app.Main;
import org.ponderlab.core.run.SweepCell;
import org.ponderlab.core.run.SweepGrid;
import org.ponderlab.core.run.SweepResult;
import org.ponderlab.core.run.SweepRunner;

/**
 * The sweep's Spark engine against the local engine, on real Spark: embedded local[2], and a real
 * standalone cluster (Spark's Master and a Worker as separate processes on 127.0.0.1, whose
 * executor is a third). A cell's numbers do not depend on the engine: sweep.csv is the same but for
 * the wall_seconds column.
 */
class SparkSweepTest {
  @TempDir static Path tmp;

  /**
   * 2 seeds × 2 halting weights: seeds are a sweep axis like any setting. Small: seconds a cell.
   */
  static final List<String> GRID =
      List.of(
          "--seed",
          "1,2",
          "--lambda-p",
          "0.1,0.5",
          "--eval-every",
          "50",
          "--hidden",
          "8",
          "--max-steps",
          "5",
          "--batch",
          "32",
          "--validation-size",
          "256");

  /** The driver binds to loopback only (no traffic beyond this machine). */
  static final List<String> LOOPBACK =
      List.of(
          "--spark-conf",
          "spark.driver.host=127.0.0.1",
          "--spark-conf",
          "spark.driver.bindAddress=127.0.0.1");

  static List<String> localTable;

  record Result(int status, String err, String out) {}

  static Result run(List<String> args) {
    PrintStream oldErr = System.err;
    PrintStream oldOut = System.out;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      int status = Main.run(args.toArray(String[]::new));
      return new Result(
          status, err.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(oldErr);
      System.setOut(oldOut);
    }
  }

  static Result sweep(Path out, String iterations, List<String> engine) {
    List<String> args =
        new ArrayList<>(
            List.of("sweep", "--out", out.toString(), "--no-charts", "--iterations", iterations));
    args.addAll(GRID);
    args.addAll(engine);
    return run(args);
  }

  /** sweep.csv without its wall_seconds column (the one thing an engine may change). */
  static List<String> table(Path sweep) throws Exception {
    return Files.readAllLines(sweep.resolve("sweep.csv")).stream()
        .map(l -> l.substring(0, l.lastIndexOf(',')))
        .toList();
  }

  @BeforeAll
  static void localEngine() throws Exception {
    Path out = tmp.resolve("local");
    Result r = sweep(out, "100", List.of("--parallel", "2"));
    assertEquals(0, r.status(), r.err());
    localTable = table(out);
    assertEquals(5, localTable.size(), String.join("\n", localTable));
    assertEquals("cell,seed,lambda-p,status,accuracy,mean_steps,iterations", localTable.get(0));
    for (String row : localTable.subList(1, 5)) {
      assertTrue(row.contains(",finished,") && row.endsWith(",100"), row);
    }
  }

  @Test
  void embeddedLocalTwoGivesTheLocalEnginesTableAndResumes() throws Exception {
    Path out = tmp.resolve("spark-local");
    Result first = sweep(out, "100", List.of("--engine", "spark", "--master", "local[2]"));
    assertEquals(0, first.status(), first.err());
    assertEquals(localTable, table(out));
    assertTrue(first.err().contains("sweep: 4 done, 0 running, 0 left"), first.err());
    assertFalse(
        first.err().contains(" INFO "),
        "Spark's INFO logging stays off the terminal:\n" + first.err());
    for (String cell : List.of("cell-seed=1_lambda-p=0.1", "cell-seed=2_lambda-p=0.5")) {
      for (String file : List.of("config.json", "metrics.csv", "status.json", "model.bin")) {
        assertTrue(Files.isRegularFile(out.resolve(cell).resolve(file)), cell + "/" + file);
      }
    }
    assertTrue(Files.isRegularFile(out.resolve("sweep-seeds.csv")));

    // the same command again: every cell done, Spark not even started
    Result again = sweep(out, "100", List.of("--engine", "spark", "--master", "local[2]"));
    assertEquals(0, again.status(), again.err());
    assertTrue(again.err().contains("4 done already"), again.err());
    assertFalse(again.err().contains("starting Spark"), again.err());
    assertEquals(localTable, table(out));

    // a larger budget: each cell continues from its last snapshot, to the numbers of a straight run
    Result more = sweep(out, "150", List.of("--engine", "spark", "--master", "local[2]"));
    assertEquals(0, more.status(), more.err());
    assertTrue(more.err().contains("4 to continue"), more.err());
    Path straight = tmp.resolve("local-150");
    assertEquals(0, sweep(straight, "150", List.of("--parallel", "2")).status());
    assertEquals(table(straight), table(out));
  }

  @Test
  void aStandaloneClusterGivesTheLocalEnginesTable() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("cluster"));
    try (StandaloneCluster cluster = StandaloneCluster.start(dir, 2)) {
      Path out = tmp.resolve("spark-standalone");
      List<String> engine =
          new ArrayList<>(
              List.of(
                  "--engine",
                  "spark",
                  "--master",
                  cluster.url,
                  "--spark-conf",
                  "spark.executor.memory=1g"));
      engine.addAll(LOOPBACK);
      Result r = sweep(out, "100", engine);
      assertEquals(0, r.status(), r.err() + "\n" + cluster.logs());
      assertEquals(localTable, table(out));
      // the cells were trained by the executor, another process: its pid is in each run's status
      java.util.Set<Long> writers = new java.util.HashSet<>();
      for (String cell : List.of("cell-seed=1_lambda-p=0.1", "cell-seed=2_lambda-p=0.5")) {
        long writer =
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(out.resolve(cell).resolve("status.json").toFile())
                .path("pid")
                .asLong();
        assertTrue(
            writer > 0 && writer != ProcessHandle.current().pid(),
            cell + " written by process " + writer);
        writers.add(writer);
      }
      cluster.close();
      // the executor may already have ended when the cluster closes (the worker ends it when the
      // sweep's application stops), so it is checked by the pid it wrote, not found as a child
      assertTrue(cluster.started() >= 2, "master and worker: " + cluster.started());
      assertEquals(List.of(), cluster.alive(), "every process the cluster started has ended");
      for (long writer : writers) {
        assertFalse(
            ProcessHandle.of(writer).map(ProcessHandle::isAlive).orElse(false),
            "the executor " + writer + " has ended");
      }
    }
  }

  @Test
  void stoppingASparkSweepLeavesStartedCellsStoppedAtASnapshotAndTheOthersPending()
      throws Exception {
    Map<String, String> fixed =
        Map.of(
            "iterations",
            "50000",
            "eval-every",
            "100",
            "hidden",
            "8",
            "max-steps",
            "5",
            "batch",
            "32",
            "validation-size",
            "256");
    SweepGrid grid = SweepGrid.of(fixed, Map.of("seed", "1,2", "lambda-p", "0.1,0.5"));
    Path out = tmp.resolve("stopped");
    java.util.Set<String> started = java.util.concurrent.ConcurrentHashMap.newKeySet();
    SweepRunner runner =
        new SweepRunner(
            grid,
            out,
            2,
            new SweepRunner.Listener() {
              @Override
              public void cellStarting(SweepCell cell, SweepRunner.Action action, long from) {
                started.add(cell.name());
              }
            });
    runner.plan();
    try (SparkSweepEngine engine = new SparkSweepEngine("local[2]", Map.of())) {
      runner.onEngine(engine);
      java.util.concurrent.CompletableFuture<List<SweepResult>> sweep =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try {
                  return runner.run(List.of("ponderlab", "sweep", "(test)"));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
      while (started.size() < 2 || started.stream().anyMatch(c -> !hasSnapshot(out.resolve(c)))) {
        assertTrue(System.nanoTime() < deadline, "two cells training within 120 s: " + started);
        Thread.sleep(100);
      }
      runner.stop();
      List<SweepResult> results = sweep.get(60, java.util.concurrent.TimeUnit.SECONDS);
      List<String> statuses = results.stream().map(SweepResult::status).sorted().toList();
      assertEquals(
          List.of("pending", "pending", "stopped", "stopped"), statuses, results.toString());
      for (SweepResult r : results) {
        if (r.status().equals("stopped")) {
          assertTrue(r.iterations() >= 100 && r.iterations() < 50000, r.toString());
          assertTrue(
              Files.readString(out.resolve(r.cell().name()).resolve("status.json"))
                  .contains("\"stopped\""));
          assertTrue(
              Files.isRegularFile(out.resolve(r.cell().name()).resolve("model.bin")),
              "a snapshot to continue from");
        } else {
          assertFalse(
              Files.exists(out.resolve(r.cell().name())), "an unstarted cell leaves no folder");
        }
      }
      List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
      assertEquals(
          2, csv.stream().filter(l -> l.contains(",stopped,")).count(), String.join("\n", csv));
    }
  }

  static boolean hasSnapshot(Path run) {
    try {
      return Files.readAllLines(run.resolve("metrics.csv")).size() > 1;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
