package org.ponderlab.core.model.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Softmax} against the formula in double precision and its backward against finite
 * differences.
 */
class SoftmaxTest {

  @ParameterizedTest
  @CsvSource({"1, 1", "3, 3", "2, 16", "5, 17", "3, 100"})
  void forwardAndBackward(int rows, int width) {
    SplittableRandom rng = new SplittableRandom(rows * 7L + width);
    float scale = 0.37f;
    float[] s = LayerNormTest.random(rng, rows * width + 2, 6.0);
    float[] original = s.clone();
    Softmax.forward(s, 2, rows, width, scale);
    for (int r = 0; r < rows; r++) {
      double[] expected = reference(original, 2 + r * width, width, scale);
      for (int j = 0; j < width; j++) {
        assertEquals(
            expected[j], s[2 + r * width + j], 1e-6 + 1e-5 * expected[j], "p[" + r + "," + j + "]");
      }
    }
    // backward of L = Σ dp ⊙ p with respect to the unscaled scores
    float[] dp = LayerNormTest.random(rng, rows * width, 1.0);
    float[] ds = dp.clone();
    Softmax.backward(s, 2, ds, 0, rows, width, scale);
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < width; j++) {
        int row = r;
        double numeric =
            LayerNormTest.derivative(
                original,
                2 + r * width + j,
                1e-3,
                () -> {
                  double[] p = reference(original, 2 + row * width, width, scale);
                  double sum = 0;
                  for (int k = 0; k < width; k++) {
                    sum += p[k] * dp[row * width + k];
                  }
                  return sum;
                });
        assertEquals(
            numeric, ds[r * width + j], 1e-4 + 1e-3 * Math.abs(numeric), "ds[" + r + "," + j + "]");
      }
    }
  }

  static double[] reference(float[] s, int off, int width, float scale) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < width; j++) {
      max = Math.max(max, s[off + j] * (double) scale);
    }
    double[] p = new double[width];
    double sum = 0;
    for (int j = 0; j < width; j++) {
      p[j] = Math.exp(s[off + j] * (double) scale - max);
      sum += p[j];
    }
    for (int j = 0; j < width; j++) {
      p[j] /= sum;
    }
    return p;
  }
}
