package org.ponderlab.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DifficultyStatsTest {
  @Test
  void quartilesInterpolateBetweenOrderStatistics() {
    assertEquals(1.75, DifficultyStats.quantile(new double[] {1, 2, 3, 4}, 0.25), 1e-12);
    assertEquals(2.5, DifficultyStats.quantile(new double[] {1, 2, 3, 4}, 0.5), 1e-12);
    assertEquals(3.25, DifficultyStats.quantile(new double[] {1, 2, 3, 4}, 0.75), 1e-12);
    assertEquals(7, DifficultyStats.quantile(new double[] {7}, 0.25), 1e-12);
    assertTrue(Double.isNaN(DifficultyStats.quantile(new double[0], 0.5)));
  }

  @Test
  void seenAndUnseenAreWeightedByInputsAndSplitAboveSeenUpTo() {
    // difficulty 1: steps 2, 4 (both right); 2: steps 3 (wrong); 3: steps 9, 5, 7, 6 (one right)
    int[] difficulty = {1, 3, 2, 3, 1, 3, 3};
    boolean[] correct = {true, false, false, true, true, false, false};
    double[] steps = {2, 9, 3, 5, 4, 7, 6};
    DifficultyStats s = DifficultyStats.of(2, difficulty, correct, steps, 7, 3);
    assertArrayEquals(new int[] {0, 2, 1, 4}, s.count());
    assertEquals(new DifficultyStats.Group(3, 2.0 / 3, 3.0), s.seen());
    assertEquals(new DifficultyStats.Group(4, 0.25, 6.75), s.unseen());
    // difficulty 3 sorted: 5 6 7 9
    assertEquals(5.75, s.stepsQ1()[3], 1e-12);
    assertEquals(6.5, s.stepsMedian()[3], 1e-12);
    assertEquals(7.5, s.stepsQ3()[3], 1e-12);
    assertEquals(2.5, s.stepsQ1()[1], 1e-12);
    assertTrue(Double.isNaN(s.stepsMedian()[0]));
    assertTrue(s.hasSplit());
    assertFalse(s.isUnseen(2));
    assertTrue(s.isUnseen(3));
  }

  @Test
  void withoutASplitEveryInputIsSeen() {
    DifficultyStats s =
        DifficultyStats.of(
            Integer.MAX_VALUE,
            new int[] {1, 2},
            new boolean[] {true, false},
            new double[] {1, 3},
            2,
            2);
    assertFalse(s.hasSplit());
    assertEquals(new DifficultyStats.Group(2, 0.5, 2.0), s.seen());
    assertEquals(DifficultyStats.Group.EMPTY, s.unseen());
  }

  @Test
  void parityExtrapolationSeesUpToHalfTheBitsAndCpvrItsTrainHops() {
    assertEquals(Integer.MAX_VALUE, TrainingConfig.defaults().seenUpTo());
    assertEquals(
        8,
        TrainingConfig.fromText(java.util.Map.of("bits", "16", "parity-split", "extrapolation"))
            .seenUpTo());
    assertEquals(4, TrainingConfig.fromText(java.util.Map.of("task", "cpvr")).seenUpTo());
    assertEquals(
        Integer.MAX_VALUE, TrainingConfig.fromText(java.util.Map.of("task", "mnist")).seenUpTo());
  }
}
