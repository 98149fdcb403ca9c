package org.ponderlab.core.model.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link MaxPoolRelu} (vectors along channels, winner codes from the forward, the bias gradient
 * summed from the pooled gradients) against a plain scalar loop that keeps the winner's index
 * (first strictly greater wins) and sums the bias gradient in double: equal values, with values
 * drawn from a few levels so windows often tie, odd sides (a row and column belong to no window)
 * and channel counts that are not a multiple of the vector width.
 *
 * <p>Mutation seen failing (run once, then reverted): the forward's winner codes blended so that a
 * top-right tie beats the top-left ({@code x1} after {@code x0}) fails 3 of the 5 cases (the vector
 * ones: 24×16, 8×32, 7×37; input gradient index 9 of the first 0.0 for 0.351).
 */
class MaxPoolReluTest {

  @ParameterizedTest(name = "side={0} channels={1} batch={2}")
  @CsvSource({"24, 16, 3", "8, 32, 2", "9, 3, 1", "7, 37, 2", "2, 1, 1"})
  void matchesTheScalarReference(int side, int channels, int batch) {
    SplittableRandom rng = new SplittableRandom(side * 100L + channels);
    int out = side / 2;
    float[] x = new float[batch * side * side * channels];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextInt(4) - 1.5f; // four levels: ties in most windows, negatives for the ReLU
    }
    float[] params = new float[channels + 2];
    for (int c = 0; c < channels; c++) {
      params[2 + c] = rng.nextInt(3) - 1f;
    }
    float[] dy = new float[batch * out * out * channels];
    for (int i = 0; i < dy.length; i++) {
      dy[i] = (float) rng.nextGaussian();
    }
    MaxPoolRelu pool = new MaxPoolRelu(side, channels);
    float[] y = new float[dy.length + 3];
    float[] winners = new float[y.length];
    pool.forward(x, 0, batch, params, 2, y, winners, 3); // at an offset, as the encoder passes them
    y = java.util.Arrays.copyOfRange(y, 3, y.length);
    float[] dx = new float[x.length];
    java.util.Arrays.fill(dx, 7f); // stale values must be overwritten
    float[] grads = new float[channels + 1];
    grads[1 + channels / 2] = 0.25f; // the bias gradient is added
    int in = side * side * channels;
    for (int b = 0; b < batch; b++) {
      int k = b * out * out * channels;
      pool.backward(winners, 3 + k, dy, k, dx, b * in, grads, 1);
    }

    float[] yRef = new float[y.length];
    float[] dxRef = new float[x.length];
    double[] biasRef = new double[channels];
    int k = 0;
    for (int b = 0; b < batch; b++) {
      for (int oy = 0; oy < out; oy++) {
        for (int ox = 0; ox < out; ox++) {
          for (int c = 0; c < channels; c++, k++) {
            int best = ((b * side + 2 * oy) * side + 2 * ox) * channels + c;
            int[] others = {
              best + channels, best + side * channels, best + side * channels + channels
            };
            for (int o : others) {
              if (x[o] > x[best]) {
                best = o;
              }
            }
            yRef[k] = Math.max(x[best] + params[2 + c], 0f);
            if (yRef[k] > 0f) {
              dxRef[best] += dy[k];
              biasRef[c] += dy[k];
            }
          }
        }
      }
    }
    assertArrayEquals(yRef, y);
    assertArrayEquals(dxRef, dx);
    for (int c = 0; c < channels; c++) {
      double expected = biasRef[c] + (c == channels / 2 ? 0.25 : 0);
      assertEquals(expected, grads[1 + c], 1e-5 * (1 + Math.abs(expected)), "bias " + c);
    }
  }
}
