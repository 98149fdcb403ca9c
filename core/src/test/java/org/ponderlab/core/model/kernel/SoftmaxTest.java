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

  /**
   * Padded rows (attention's maps): whatever the padding held (here 1e30, larger than every score)
   * it takes no part and comes out 0; the row's own columns are the softmax; the backward over the
   * whole padded width gives the unpadded backward's values and zero padding. (Caught, 2026-12-05:
   * the whole-vector path masking one real column as padding.)
   */
  @ParameterizedTest
  @CsvSource({"3, 100", "2, 17", "1, 1", "4, 16"})
  void paddedRows(int rows, int width) {
    int ld = (width + VectorMath.LANES - 1) / VectorMath.LANES * VectorMath.LANES;
    SplittableRandom rng = new SplittableRandom(rows * 11L + width);
    float scale = 0.25f;
    float[] dense = LayerNormTest.random(rng, rows * width, 6.0);
    float[] s = new float[1 + rows * ld];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(dense, r * width, s, 1 + r * ld, width);
      for (int j = width; j < ld; j++) {
        s[1 + r * ld + j] = 1e30f;
      }
    }
    Softmax.forward(s, 1, rows, width, ld, scale);
    float[] expected = dense.clone();
    Softmax.forward(expected, 0, rows, width, scale);
    float[] dp = LayerNormTest.random(rng, rows * width, 1.0);
    float[] dpPadded = new float[rows * ld];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < ld; j++) {
        float want = j < width ? expected[r * width + j] : 0f;
        assertEquals(want, s[1 + r * ld + j], 1e-7f + 1e-6f * want, "p[" + r + "," + j + "]");
      }
      System.arraycopy(dp, r * width, dpPadded, r * ld, width);
    }
    Softmax.backward(expected, 0, dp, 0, rows, width, scale);
    Softmax.backward(s, 1, dpPadded, 0, rows, ld, scale);
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < ld; j++) {
        float want = j < width ? dp[r * width + j] : 0f;
        assertEquals(
            want, dpPadded[r * ld + j], 1e-6f + 1e-5f * Math.abs(want), "ds[" + r + "," + j + "]");
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
