package org.ponderlab.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeds are a sweep axis like any setting, and a sweep over seeds writes sweep-seeds.csv: each
 * combination of the other axes with mean and sample standard deviation over its seeds, checked
 * here against the per-cell rows of sweep.csv.
 */
class SweepSeedSummaryTest {
  @TempDir Path tmp;

  @Test
  void aSweepOverSeedsSummarisesEachMethodOverItsSeeds() throws Exception {
    Map<String, String> fixed = new java.util.HashMap<>(SweepRunnerTest.FIXED);
    fixed.remove("seed");
    SweepGrid grid = SweepGrid.of(fixed, Map.of("seed", "1,2,3", "method", "pondernet,fixed"));
    assertTrue(grid.axisNames().contains("seed"));
    assertEquals(6, grid.cells().size());
    Path out = tmp.resolve("sweep");
    SweepRunner runner = new SweepRunner(grid, out, 1, new SweepRunner.Listener() {});
    runner.plan();
    List<SweepResult> results = runner.run(List.of("test"));
    List<String> table = Files.readAllLines(out.resolve(SweepSeedSummary.FILE));
    assertEquals(
        "method,seeds,finished,accuracy_mean,accuracy_sd,mean_steps_mean,mean_steps_sd",
        table.get(0));
    assertEquals(3, table.size());
    for (String row : table.subList(1, 3)) {
      String[] v = row.split(",", -1);
      List<SweepResult> mine =
          results.stream().filter(r -> r.cell().values().get("method").equals(v[0])).toList();
      assertEquals(3, mine.size());
      double[] acc = mine.stream().mapToDouble(SweepResult::accuracy).toArray();
      double mean = (acc[0] + acc[1] + acc[2]) / 3;
      double sd =
          Math.sqrt(
              ((acc[0] - mean) * (acc[0] - mean)
                      + (acc[1] - mean) * (acc[1] - mean)
                      + (acc[2] - mean) * (acc[2] - mean))
                  / 2);
      assertEquals("3", v[1]);
      assertEquals("3", v[2]);
      assertEquals(mean, Double.parseDouble(v[3]), 1e-5, row);
      assertEquals(sd, Double.parseDouble(v[4]), 1e-5, row);
      if (v[0].equals("fixed")) {
        assertEquals(5.0, Double.parseDouble(v[5]), 1e-9); // fixed depth runs N = 5 on every seed
        assertEquals(0.0, Double.parseDouble(v[6]), 1e-9);
      }
    }
    assertFalse(
        acc(results, 0) == acc(results, 1) && acc(results, 1) == acc(results, 2),
        "the seeds really trained different runs");
    assertNull(SweepSeedSummary.csv(SweepGrid.of(fixed, Map.of("beta", "0.01,0.1")), results));
  }

  private static double acc(List<SweepResult> results, int i) {
    return results.get(i).accuracy();
  }
}
