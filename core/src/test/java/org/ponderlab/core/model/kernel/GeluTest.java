package org.ponderlab.core.model.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Gelu} against the tanh formula in double precision, its derivative against finite
 * differences; the one-pass forward and output against the two-pass tanh, bit for bit.
 */
class GeluTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 16, 17, 37, 130})
  void forwardAndBackward(int count) {
    SplittableRandom rng = new SplittableRandom(count);
    float[] x = LayerNormTest.random(rng, count + 1, 5.0);
    float[] t = new float[count + 1];
    float[] y = new float[count + 2];
    Gelu.forward(x, 1, t, 1, y, 2, count);
    float[] tAgain = new float[count];
    Gelu.tanhPart(x, 1, tAgain, 0, count);
    float[] yAgain = new float[count];
    Gelu.outputFromTanh(x, 1, tAgain, 0, yAgain, 0, count);
    float[] yAlone = new float[count + 3];
    Gelu.output(x, 1, yAlone, 3, count);
    float[] dy = LayerNormTest.random(rng, count, 1.0);
    float[] dx = dy.clone();
    Gelu.backward(x, 1, t, 1, dx, 0, count);
    for (int i = 0; i < count; i++) {
      double xv = x[1 + i];
      assertEquals(gelu(xv), y[2 + i], 1e-6 + 1e-5 * Math.abs(gelu(xv)), "gelu(" + xv + ")");
      assertEquals(y[2 + i], yAgain[i], 0f);
      assertEquals(y[2 + i], yAlone[3 + i], 0f); // the fused passes give the same bits
      assertEquals(t[1 + i], tAgain[i], 0f);
      double numeric = (gelu(xv + 1e-4) - gelu(xv - 1e-4)) / 2e-4 * dy[i];
      assertEquals(numeric, dx[i], 1e-5 + 1e-4 * Math.abs(numeric), "gelu'(" + xv + ")");
    }
  }

  static double gelu(double x) {
    return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
  }
}
