package org.ponderlab.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep cell as an engine's task (what a Spark executor runs): it travels serialised, decides
 * from its folder what to do, and a retried attempt never writes beside an earlier one.
 */
class SweepCellTaskTest {
  @TempDir Path tmp;

  static SweepCell cell(String iterations) {
    Map<String, String> fixed = new LinkedHashMap<>(SweepRunnerTest.FIXED);
    fixed.put("iterations", iterations);
    return SweepGrid.of(fixed, Map.of("lambda-p", "0.1,0.3")).cells().get(0);
  }

  static SweepCellTask roundTrip(SweepCellTask task) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(task);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (SweepCellTask) in.readObject();
    }
  }

  static long rows(Path run) throws Exception {
    return Files.readAllLines(run.resolve("metrics.csv")).size() - 1;
  }

  @Test
  void aSecondAttemptWaitsForTheFirstWriterThenContinuesFromItsSnapshot() throws Exception {
    SweepCellTask first =
        roundTrip(SweepCellTask.of(tmp, cell("40"), false, List.of("ponderlab", "sweep")));
    assertEquals("finished", first.train());
    Path dir = first.folder();
    assertEquals(2, rows(dir)); // snapshots at 20 and 40

    // the same cell with a larger budget while an earlier attempt still holds the folder
    SweepCellTask retry =
        roundTrip(SweepCellTask.of(tmp, cell("80"), false, List.of("ponderlab", "sweep")));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<String> attempt;
      try (FolderLock earlier = FolderLock.acquire(dir)) {
        attempt = pool.submit(retry::train);
        Thread.sleep(1500);
        assertTrue(!attempt.isDone(), "the retry waits while the folder is held");
        assertEquals(2, rows(dir), "and writes nothing meanwhile");
      }
      assertEquals("finished", attempt.get(60, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
    assertEquals(4, rows(dir)); // continued from 40: 60 and 80 added, 20 and 40 kept
    assertEquals(80, RunReader.open(dir).iteration());

    // a third attempt finds the cell finished and leaves it as it is
    byte[] metrics = Files.readAllBytes(dir.resolve("metrics.csv"));
    assertEquals("finished", roundTrip(retry).train());
    assertTrue(java.util.Arrays.equals(metrics, Files.readAllBytes(dir.resolve("metrics.csv"))));
  }
}
