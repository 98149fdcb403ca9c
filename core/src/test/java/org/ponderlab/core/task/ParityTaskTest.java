package org.ponderlab.core.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ParityTaskTest {
  @Test
  void labelsAreTheParityOfThePlusOnesAndDifficultyCountsNonZeros() {
    ParityTask task = new ParityTask(8, ParityTask.Label.PLUS_ONES, 16, 1);
    Batch b = Batch.allocate(2000, 8);
    task.sample(new SplittableRandom(7), b);
    int[] perDifficulty = new int[9];
    int odd = 0;
    boolean someNotPrefix = false;
    for (int i = 0; i < b.size(); i++) {
      int plus = 0;
      int nonzero = 0;
      int lastNonZero = -1;
      for (int j = 0; j < 8; j++) {
        float v = b.inputs()[i * 8 + j];
        assertTrue(v == 0f || v == 1f || v == -1f);
        if (v != 0) {
          nonzero++;
          lastNonZero = j;
        }
        if (v == 1f) {
          plus++;
        }
      }
      assertEquals(plus % 2, b.labels()[i]);
      assertEquals(nonzero, b.difficulty()[i]);
      assertTrue(nonzero >= 1 && nonzero <= 8);
      perDifficulty[nonzero]++;
      odd += b.labels()[i];
      someNotPrefix |= lastNonZero >= nonzero; // positions are shuffled, not a filled prefix
    }
    assertTrue(someNotPrefix);
    for (int k = 1; k <= 8; k++) { // k ~ U{1..8}: 250 expected each
      assertTrue(
          perDifficulty[k] > 180 && perDifficulty[k] < 320,
          "k=" + k + " count " + perDifficulty[k]);
    }
    assertTrue(odd > 900 && odd < 1100, "label balance " + odd);
  }

  @Test
  void nonzeroVariantLabelsTheParityOfTheNonZeroCount() {
    ParityTask task = new ParityTask(6, ParityTask.Label.NONZERO, 16, 1);
    Batch b = Batch.allocate(500, 6);
    task.sample(new SplittableRandom(3), b);
    for (int i = 0; i < b.size(); i++) {
      assertEquals(b.difficulty()[i] % 2, b.labels()[i]);
    }
  }

  @Test
  void sameSeedSameBatchesAndFixedValidation() {
    ParityTask a = new ParityTask(8, ParityTask.Label.PLUS_ONES, 4096, 42);
    ParityTask b = new ParityTask(8, ParityTask.Label.PLUS_ONES, 4096, 42);
    assertArrayEquals(a.validation().inputs(), b.validation().inputs());
    assertArrayEquals(a.validation().labels(), b.validation().labels());
    assertEquals(4096, a.validation().size());
    Batch x = Batch.allocate(64, 8);
    Batch y = Batch.allocate(64, 8);
    a.sample(new SplittableRandom(9), x);
    b.sample(new SplittableRandom(9), y);
    assertArrayEquals(x.inputs(), y.inputs());
    ParityTask other = new ParityTask(8, ParityTask.Label.PLUS_ONES, 4096, 43);
    assertTrue(!java.util.Arrays.equals(a.validation().inputs(), other.validation().inputs()));
  }

  @Test
  void extrapolationSplitTrainsOnAtMostHalfTheBitsAndValidatesOnAll() {
    ParityTask task = new ParityTask(8, ParityTask.Label.PLUS_ONES, true, 4096, 42);
    ParityTask uniform = new ParityTask(8, ParityTask.Label.PLUS_ONES, 4096, 42);
    assertEquals(4, task.trainUpTo());
    Batch b = Batch.allocate(4000, 8);
    task.sample(new SplittableRandom(5), b);
    int[] perK = new int[9];
    for (int i = 0; i < b.size(); i++) {
      perK[b.difficulty()[i]]++;
    }
    for (int k = 1; k <= 4; k++) { // k ~ U{1..4}: 1000 expected each
      assertTrue(perK[k] > 850 && perK[k] < 1150, "k=" + k + " count " + perK[k]);
    }
    for (int k = 5; k <= 8; k++) {
      assertEquals(0, perK[k], "k=" + k + " must never reach training");
    }
    // the validation set is the uniform split's, every k = 1..8 included
    assertArrayEquals(uniform.validation().inputs(), task.validation().inputs());
    assertArrayEquals(uniform.validation().difficulty(), task.validation().difficulty());
  }
}
