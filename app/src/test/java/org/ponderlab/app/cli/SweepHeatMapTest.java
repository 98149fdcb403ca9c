package org.ponderlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ponderlab.core.run.SweepGrid;
import org.ponderlab.core.run.SweepResult;

/** Issue 14, case 9 for heat maps: a third axis's slices get file names as cell folders do. */
class SweepHeatMapTest {
  @Test
  void slicesOfAThirdAxisGetDistinctShortPlainFileNames() {
    String longValue = "d".repeat(300);
    SweepGrid sliced =
        SweepGrid.of(
            Map.of("task", "mnist"),
            Map.of("seed", "1,2", "iterations", "10,20", "data", "x/y,x_y," + longValue));
    List<SweepResult> done =
        sliced.cells().stream()
            .map(c -> new SweepResult(c, "finished", 0.5, 3, 10, 1, ""))
            .toList();
    Set<String> slices = SweepHeatMap.grids(sliced, done, "accuracy").keySet();
    assertEquals(3, slices.size(), "one heat map per slice, never shared: " + slices);
    slices.forEach(
        k ->
            assertTrue(
                k.matches("[A-Za-z0-9._=~-]{1,121}"), "a short, plain file-name part: " + k));
  }
}
