package org.ponderlab.core.model.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link LayerNorm} against the formula in double precision (forward) and against finite
 * differences of a double-precision forward (backward: input, gain and bias gradients), at widths
 * below, at and above a vector and with strided rows, as the readout uses them.
 */
class LayerNormTest {

  @ParameterizedTest
  @CsvSource({
    "1, 1, 1",
    "3, 5, 5",
    "3, 16, 16",
    "1, 17, 40",
    "4, 32, 32",
    "3, 33, 70",
    "2, 100, 100"
  })
  void forwardMatchesTheFormulaAndBackwardMatchesFiniteDifferences(
      int rows, int width, int stride) {
    SplittableRandom rng = new SplittableRandom(rows * 31L + width);
    float[] x = random(rng, (rows - 1) * stride + width + 3, 2.0);
    float[] params = random(rng, 2 * width + 1, 1.0); // gain at 1, bias at 1 + width
    int gain = 1;
    int bias = 1 + width;
    float[] y = new float[rows * width];
    float[] mean = new float[rows + 2];
    float[] rstd = new float[rows + 2];
    LayerNorm norm = new LayerNorm(width);
    norm.forward(x, 3, stride, rows, params, gain, bias, y, 0, mean, rstd, 2);
    for (int r = 0; r < rows; r++) {
      double[] expected = reference(x, 3 + r * stride, width, params, gain, bias);
      for (int j = 0; j < width; j++) {
        assertEquals(
            expected[j],
            y[r * width + j],
            2e-5 * (1 + Math.abs(expected[j])),
            "y[" + r + "," + j + "]");
      }
    }
    float[] recomputed = new float[rows * width];
    norm.recompute(x, 3, stride, rows, params, gain, bias, mean, rstd, 2, recomputed, 0);
    for (int i = 0; i < y.length; i++) {
      assertEquals(y[i], recomputed[i], 0f, "recompute gives the forward's output");
    }
    // backward of L = Σ dy ⊙ y, accumulating onto a dx that already holds 0.5
    float[] dy = random(rng, rows * width, 1.0);
    float[] grads = new float[2 * width + 1];
    float[] dx = new float[x.length];
    java.util.Arrays.fill(dx, 0.5f);
    norm.backward(
        x, 3, stride, rows, mean, rstd, 2, params, gain, dy, 0, grads, gain, bias, dx, 3, stride,
        true);
    double h = 1e-3;
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < width; j++) {
        int i = 3 + r * stride + j;
        double numeric =
            derivative(x, i, h, () -> functional(x, rows, stride, width, params, gain, bias, dy));
        assertEquals(
            numeric + 0.5, dx[i], 2e-3 * (1 + Math.abs(numeric)), "dx[" + r + "," + j + "]");
      }
    }
    for (int j = 0; j < 2 * width; j++) {
      int i = 1 + j;
      double numeric =
          derivative(
              params, i, h, () -> functional(x, rows, stride, width, params, gain, bias, dy));
      assertEquals(
          numeric, grads[i], 2e-3 * (1 + Math.abs(numeric)), (j < width ? "gain " : "bias ") + j);
    }
  }

  static double[] reference(float[] x, int off, int width, float[] params, int gain, int bias) {
    double mean = 0;
    for (int j = 0; j < width; j++) {
      mean += x[off + j];
    }
    mean /= width;
    double var = 0;
    for (int j = 0; j < width; j++) {
      var += (x[off + j] - mean) * (x[off + j] - mean);
    }
    var /= width;
    double[] y = new double[width];
    for (int j = 0; j < width; j++) {
      y[j] = (x[off + j] - mean) / Math.sqrt(var + 1e-5) * params[gain + j] + params[bias + j];
    }
    return y;
  }

  static double functional(
      float[] x, int rows, int stride, int width, float[] params, int gain, int bias, float[] dy) {
    double s = 0;
    for (int r = 0; r < rows; r++) {
      double[] y = reference(x, 3 + r * stride, width, params, gain, bias);
      for (int j = 0; j < width; j++) {
        s += y[j] * dy[r * width + j];
      }
    }
    return s;
  }

  /** Central difference of f in a[i] (restored afterwards); float arguments, double evaluation. */
  static double derivative(float[] a, int i, double h, java.util.function.DoubleSupplier f) {
    float original = a[i];
    float up = (float) (original + h);
    float down = (float) (original - h);
    a[i] = up;
    double fUp = f.getAsDouble();
    a[i] = down;
    double fDown = f.getAsDouble();
    a[i] = original;
    return (fUp - fDown) / ((double) up - down);
  }

  static float[] random(SplittableRandom rng, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rng.nextDouble(-scale, scale);
    }
    return a;
  }
}
