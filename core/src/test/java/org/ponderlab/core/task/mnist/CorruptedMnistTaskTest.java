package org.ponderlab.core.task.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ponderlab.core.task.Batch;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.TrainingConfig;

/**
 * MNIST with the corruption knob: the difficulty is the noise level; validation holds the five
 * levels in equal numbers, each replacing the share of pixels its level says; training draws only
 * the mild levels; everything is reproducible from the seed.
 */
class CorruptedMnistTaskTest {
  private static MnistData data;

  @BeforeAll
  static void load() throws IOException {
    data = MnistData.shipped();
  }

  @Test
  void validationHoldsEveryLevelEquallyEachCorruptedAsItsLevelSays() {
    MnistTask clean = new MnistTask(data, 7);
    MnistTask noisy = new MnistTask(data, 7, 0.6);
    assertEquals("noise level", noisy.difficultyName());
    Batch c = clean.validation();
    Batch v = noisy.validation();
    int[] count = new int[Corruption.LEVELS];
    long[] changed = new long[Corruption.LEVELS];
    for (int i = 0; i < v.size(); i++) {
      int level = v.difficulty()[i];
      count[level]++;
      assertEquals(c.labels()[i], v.labels()[i], "the label stays the digit");
      for (int p = 0; p < 784; p++) {
        if (v.inputs()[i * 784 + p] != c.inputs()[i * 784 + p]) {
          changed[level]++;
        }
      }
    }
    for (int level = 0; level < Corruption.LEVELS; level++) {
      assertEquals(400, count[level], "level " + level);
      // a replaced pixel keeps its value with probability ~0 (a random grey equal to it), so the
      // changed share is the level's
      double share = changed[level] / (400.0 * 784);
      assertEquals(0.6 * level / 4, share, 0.01, "level " + level);
    }
  }

  @Test
  void trainingSeesOnlyTheMildLevelsAndIsReproducible() {
    Batch a = Batch.allocate(256, 784);
    Batch b = Batch.allocate(256, 784);
    new MnistTask(data, 3, 1.0).sample(new SplittableRandom(11), a);
    new MnistTask(data, 3, 1.0).sample(new SplittableRandom(11), b);
    assertArrayEquals(a.inputs(), b.inputs());
    assertArrayEquals(a.difficulty(), b.difficulty());
    int[] count = new int[Corruption.LEVELS];
    for (int d : a.difficulty()) {
      count[d]++;
    }
    assertEquals(0, count[3] + count[4], "levels 3 and 4 are never trained on");
    assertTrue(count[0] > 50 && count[1] > 50 && count[2] > 50, java.util.Arrays.toString(count));
    assertEquals(
        2,
        TrainingConfig.fromText(java.util.Map.of("task", "mnist", "mnist-noise", "0.5"))
            .seenUpTo());
    assertEquals(
        Integer.MAX_VALUE, TrainingConfig.fromText(java.util.Map.of("task", "mnist")).seenUpTo());
  }

  @Test
  void theNoiseIsValidatedWithItsRange() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> TrainingConfig.fromText(java.util.Map.of("task", "mnist", "mnist-noise", "1.5")));
    assertEquals("mnist-noise", e.field());
    assertTrue(e.getMessage().contains("1.5") && e.getMessage().contains("1"), e.getMessage());
  }
}
