package org.ponderlab.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep's numbers do not depend on how many cells run at once: {@code --parallel 2} gives every
 * cell exactly the metrics of a sequential sweep (each cell seeds its own streams and owns its
 * network, so nothing is shared between the two trainer threads). Also the check the resume test
 * cannot make on a skipped cell: a cell's numbers are those of the same config trained on its own.
 */
class SweepParallelTest {
  @TempDir Path tmp;

  @Test
  void parallelSweepEqualsSequentialSweepCellByCell() throws Exception {
    SweepGrid grid =
        SweepGrid.of(
            SweepRunnerTest.FIXED, Map.of("lambda-p", "0.1,0.3", "method", "pondernet,act"));
    SweepRunner one = new SweepRunner(grid, tmp.resolve("one"), 1, new SweepRunner.Listener() {});
    one.plan();
    List<SweepResult> sequential = one.run(List.of("test"));
    SweepRunner two = new SweepRunner(grid, tmp.resolve("two"), 2, new SweepRunner.Listener() {});
    two.plan();
    List<SweepResult> parallel = two.run(List.of("test"));
    assertEquals(4, sequential.size());
    for (int i = 0; i < sequential.size(); i++) {
      SweepResult a = sequential.get(i);
      SweepResult b = parallel.get(i);
      assertEquals(a.cell().name(), b.cell().name());
      assertEquals("finished", b.status());
      assertEquals(a.accuracy(), b.accuracy(), 0, a.cell().name());
      assertEquals(a.meanSteps(), b.meanSteps(), 0, a.cell().name());
      SavedRun runA = RunReader.open(tmp.resolve("one").resolve(a.cell().name()));
      SavedRun runB = RunReader.open(tmp.resolve("two").resolve(b.cell().name()));
      assertEquals(runA.last().totalLoss(), runB.last().totalLoss(), 0, a.cell().name());
      assertEquals(
          runA.last().regularisationLoss(), runB.last().regularisationLoss(), 0, a.cell().name());
    }
    // and the cells differ from each other: the comparison above is not between equal constants
    assertNotEquals(sequential.get(0).meanSteps(), sequential.get(1).meanSteps());
  }
}
