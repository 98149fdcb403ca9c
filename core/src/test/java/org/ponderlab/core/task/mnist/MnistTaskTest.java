package org.ponderlab.core.task.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ponderlab.core.task.Batch;
import org.ponderlab.core.task.OutputKind;

class MnistTaskTest {
  private static MnistData data;

  @BeforeAll
  static void load() throws IOException {
    data = MnistData.shipped();
  }

  @Test
  void describesItself() {
    MnistTask task = new MnistTask(data, 1);
    assertEquals("mnist", task.name());
    assertEquals(784, task.inputSize());
    assertEquals(OutputKind.CLASSES, task.outputKind());
    assertEquals(10, task.outputSize());
    assertEquals(8000, task.trainingSize());
    assertEquals("digit", task.difficultyName());
  }

  @Test
  void validationIsTheScaledTestSplitInFileOrder() {
    MnistTask task = new MnistTask(data, 1);
    Batch v = task.validation();
    assertSame(v, task.validation());
    assertEquals(2000, v.size());
    assertEquals(784, v.inputSize());
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (int i = 0; i < v.size() * 784; i++) {
      min = Math.min(min, v.inputs()[i]);
      max = Math.max(max, v.inputs()[i]);
    }
    assertEquals(0f, min);
    assertEquals(1f, max);
    for (int p = 0; p < 784; p++) {
      assertEquals(data.test().images().pixel(17, p) / 255f, v.inputs()[17 * 784 + p]);
    }
    for (int i = 0; i < v.size(); i++) {
      assertEquals(data.test().label(i), v.labels()[i]);
      assertEquals(data.test().label(i), v.difficulty()[i]); // difficulty = the digit
    }
  }

  @Test
  void oneEpochVisitsEveryTrainingImageOnce() {
    MnistTask task = new MnistTask(data, 7);
    Batch batch = Batch.allocate(64, 784);
    SplittableRandom rng = new SplittableRandom(3);
    int[] histogram = new int[10];
    float[] pixelSums = new float[8000];
    for (int i = 0; i < 8000; i++) {
      float s = 0;
      for (int p = 0; p < 784; p++) {
        s += data.train().images().pixel(i, p);
      }
      pixelSums[i] = s;
    }
    float[] seen = new float[8000];
    int k = 0;
    for (int it = 0; it < 8000 / 64; it++) {
      task.sample(rng, batch);
      for (int b = 0; b < 64; b++) {
        histogram[batch.labels()[b]]++;
        assertEquals(batch.labels()[b], batch.difficulty()[b]);
        float s = 0;
        for (int p = 0; p < 784; p++) {
          s += Math.round(batch.inputs()[b * 784 + p] * 255f);
        }
        seen[k++] = s;
      }
    }
    assertArrayEquals(data.train().labelHistogram(), histogram);
    Arrays.sort(pixelSums);
    Arrays.sort(seen);
    assertArrayEquals(pixelSums, seen); // the multiset of images, by their pixel sums
  }

  @Test
  void sameSeedsSameBatchesAcrossEpochs() {
    int[] a = labelsOf(new MnistTask(data, 5), 11, 130);
    int[] b = labelsOf(new MnistTask(data, 5), 11, 130);
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, labelsOf(new MnistTask(data, 6), 11, 130)));
    // the second epoch is shuffled from the sample rng
    int[] c = labelsOf(new MnistTask(data, 5), 12, 130);
    assertArrayEquals(Arrays.copyOf(a, 125 * 64), Arrays.copyOf(c, 125 * 64));
    assertFalse(Arrays.equals(a, c));
  }

  private static int[] labelsOf(MnistTask task, long rngSeed, int batches) {
    Batch batch = Batch.allocate(64, 784);
    SplittableRandom rng = new SplittableRandom(rngSeed);
    int[] labels = new int[batches * 64];
    for (int i = 0; i < batches; i++) {
      task.sample(rng, batch);
      System.arraycopy(batch.labels(), 0, labels, i * 64, 64);
    }
    return labels;
  }
}
