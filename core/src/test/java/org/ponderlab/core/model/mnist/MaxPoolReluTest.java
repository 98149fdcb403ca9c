package org.ponderlab.core.model.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link MaxPoolRelu} (vectors along channels, winners found again in the backward) against a plain
 * scalar loop that keeps the winner's index (first strictly greater wins): equal values, with
 * values drawn from a few levels so windows often tie, odd sides (a row and column belong to no
 * window) and channel counts that are not a multiple of the vector width.
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
    float[] y = new float[dy.length];
    pool.forward(x, batch, params, 2, y);
    float[] dx = new float[x.length];
    java.util.Arrays.fill(dx, 7f); // stale values must be overwritten
    pool.backward(x, y, dy, dx);

    float[] yRef = new float[y.length];
    float[] dxRef = new float[x.length];
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
            }
          }
        }
      }
    }
    assertArrayEquals(yRef, y);
    assertArrayEquals(dxRef, dx);
  }
}
