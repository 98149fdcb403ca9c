package org.ponderlab.core.halting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ponderlab.core.model.PalbertNetwork;

/**
 * PalbertNetwork's hand-written backward against central differences of a linear functional of its
 * logits, L = Σ c_y·ŷ + Σ c_a·a, over every parameter (cell, output head, Lambda head). Lives with
 * the halting tests because it is PALBERT's network.
 */
class PalbertNetworkTest {
  private static final int IN = 3;
  private static final int HIDDEN = 4;
  private static final int OUTPUTS = 2;
  private static final int STEPS = 3;
  private static final int BATCH = 2;

  @Test
  void layoutAndHaltingBias() {
    PalbertNetwork net = new PalbertNetwork(IN, HIDDEN, OUTPUTS, 4, 3);
    int width = 2 * HIDDEN;
    int gru = 3 * HIDDEN * IN + 3 * HIDDEN * HIDDEN + 6 * HIDDEN;
    int lambda = 3 * (width * width + width) + width + 1;
    assertEquals(gru + OUTPUTS * HIDDEN + OUTPUTS + lambda, net.parameterCount());
    assertEquals(net.parameterCount() - lambda, net.lambdaHead().from());
    assertEquals(net.parameterCount(), net.lambdaHead().to());
    assertEquals(3, net.parameterRanges().size());
    // with the final Linear's weights zeroed, every a_n is the halting bias
    float[] params = new float[net.parameterCount()];
    net.initialize(params, 7, -3f);
    java.util.Arrays.fill(params, net.haltingBiasIndex() - width, net.haltingBiasIndex(), 0f);
    net.forward(params, new float[] {1, -1, 0.5f, 0, 1, -1}, BATCH, STEPS);
    for (int i = 0; i < STEPS * BATCH; i++) {
      assertEquals(-3f, net.haltingLogits()[i], 1e-6f);
    }
  }

  /**
   * The Lambda head reads [h_n, h_{n−1}], checked without the code's own forward as reference: two
   * networks with the same parameters except the first Lambda layer, whose weights A sit on the h_n
   * half in X and on the h_{n−1} half in Y. Then Y's a_{n+1} must equal X's a_n (both see
   * Lambda(A·h_n)), and Y's a_1 is the head at h_0 = 0, a function of the biases alone, computed
   * here by hand. (Mutation seen failing: reading [h_n, h_n], which passed every other test.)
   */
  @Test
  void lambdaHeadReadsTheCurrentAndThePreviousState() {
    int width = 5;
    int steps = 4;
    PalbertNetwork x = new PalbertNetwork(IN, HIDDEN, width, OUTPUTS, steps, BATCH);
    PalbertNetwork y = new PalbertNetwork(IN, HIDDEN, width, OUTPUTS, steps, BATCH);
    float[] px = new float[x.parameterCount()];
    x.initialize(px, 11, 0.3f);
    for (int i = 0; i < px.length; i++) {
      px[i] *= 2; // away from the linear regime of tanh
    }
    float[] py = px.clone();
    int first = x.lambdaHead().from(); // W1 [width × 2H] row-major, then b1 [width]
    for (int row = 0; row < width; row++) {
      for (int col = 0; col < HIDDEN; col++) {
        float a = px[first + row * 2 * HIDDEN + col];
        px[first + row * 2 * HIDDEN + HIDDEN + col] = 0f; // X: [A | 0]
        py[first + row * 2 * HIDDEN + col] = 0f; // Y: [0 | A]
        py[first + row * 2 * HIDDEN + HIDDEN + col] = a;
      }
    }
    float[] inputs = {1, -1, 0.5f, 0, 1, -1};
    x.forward(px, inputs, BATCH, steps);
    float[] ax = x.haltingLogits().clone();
    y.forward(py, inputs, BATCH, steps);
    float[] ay = y.haltingLogits().clone();
    for (int n = 1; n < steps; n++) {
      for (int b = 0; b < BATCH; b++) {
        assertEquals(
            ax[(n - 1) * BATCH + b], ay[n * BATCH + b], 1e-5f, "step " + n + " example " + b);
      }
    }
    // a_1 of Y = Lambda(0): tanh(b1) → tanh(W2·t + b2) → tanh(W3·t + b3) → w4·t + b4
    int offset = first + width * 2 * HIDDEN;
    double[] t = new double[width];
    for (int j = 0; j < width; j++) {
      t[j] = Math.tanh(py[offset + j]);
    }
    offset += width;
    for (int layer = 0; layer < 2; layer++) {
      double[] next = new double[width];
      for (int j = 0; j < width; j++) {
        double sum = py[offset + width * width + j];
        for (int k = 0; k < width; k++) {
          sum += py[offset + j * width + k] * t[k];
        }
        next[j] = Math.tanh(sum);
      }
      t = next;
      offset += width * width + width;
    }
    double a1 = py[offset + width];
    for (int k = 0; k < width; k++) {
      a1 += py[offset + k] * t[k];
    }
    assertEquals(y.lambdaHead().to(), offset + width + 1);
    for (int b = 0; b < BATCH; b++) {
      assertEquals(a1, ay[b], 1e-5, "a_1 is the head at h_0 = 0");
    }
    assertTrue(Math.abs(ax[0] - ax[1]) > 1e-4, "X's a_1 depends on the input through h_1");
  }

  @Test
  void aNarrowLambdaHeadHasItsOwnLayout() {
    int width = 5;
    PalbertNetwork net = new PalbertNetwork(IN, HIDDEN, width, OUTPUTS, 4, 3);
    int lambda = (width * 2 * HIDDEN + width) + 2 * (width * width + width) + width + 1;
    assertEquals(lambda, net.lambdaHead().to() - net.lambdaHead().from());
    assertEquals(width, net.lambdaWidth());
    assertEquals(2 * HIDDEN, new PalbertNetwork(IN, HIDDEN, OUTPUTS, 4, 3).lambdaWidth());
  }

  @Test
  void backwardMatchesFiniteDifferences() {
    checkBackward(IN, HIDDEN, 2 * HIDDEN, OUTPUTS, STEPS, BATCH, 2.5f);
  }

  /** Narrower and wider heads than the input [h_n | h_{n−1}]: the first layer's strides differ. */
  @Test
  void backwardMatchesFiniteDifferencesForOtherWidths() {
    checkBackward(IN, HIDDEN, 3, OUTPUTS, STEPS, BATCH, 2.5f);
    checkBackward(IN, HIDDEN, 11, OUTPUTS, STEPS, BATCH, 2.5f);
  }

  /**
   * At a size where the Lambda head's products take the vector paths (2H = 48: a 32-wide and a
   * 16-wide column tile; 15 rows: three 4-row tiles and 3 single rows) as well as the tails.
   */
  @Test
  void backwardMatchesFiniteDifferencesAtVectorSizes() {
    checkBackward(5, 24, 48, 1, 3, 5, 1.5f);
    checkBackward(5, 24, 16, 1, 3, 5, 1.5f);
  }

  private static void checkBackward(
      int in, int hidden, int width, int outputs, int steps, int batch, float weightScale) {
    PalbertNetwork net = new PalbertNetwork(in, hidden, width, outputs, steps + 1, batch + 1);
    SplittableRandom rng = new SplittableRandom(42);
    float[] params = new float[net.parameterCount()];
    net.initialize(params, 3, 0.5f);
    // larger weights than the init so tanh and the GRU gates are well away from linear
    for (int i = 0; i < params.length; i++) {
      params[i] *= weightScale;
    }
    float[] x = new float[batch * in];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble(-1, 1);
    }
    double[] cY = new double[steps * batch * outputs];
    double[] cA = new double[steps * batch];
    for (int i = 0; i < cY.length; i++) {
      cY[i] = rng.nextDouble(-1, 1);
    }
    for (int i = 0; i < cA.length; i++) {
      cA[i] = rng.nextDouble(-1, 1);
    }
    float[] dY = new float[cY.length];
    float[] dA = new float[cA.length];
    for (int i = 0; i < cY.length; i++) {
      dY[i] = (float) cY[i];
    }
    for (int i = 0; i < cA.length; i++) {
      dA[i] = (float) cA[i];
    }
    float[] grads = new float[params.length];
    java.util.Arrays.fill(grads, 9f); // backward must overwrite
    net.forward(params, x, batch, steps);
    net.backward(params, dY, dA, grads);

    double scale = 0;
    for (float g : grads) {
      scale = Math.max(scale, Math.abs(g));
    }
    int lambdaChecked = 0;
    for (int i = 0; i < params.length; i++) {
      float saved = params[i];
      float up = saved + 1e-2f;
      float down = saved - 1e-2f;
      params[i] = up;
      double lossUp = value(net, params, x, batch, steps, cY, cA);
      params[i] = down;
      double lossDown = value(net, params, x, batch, steps, cY, cA);
      params[i] = saved;
      double numeric = (lossUp - lossDown) / ((double) up - down);
      double error = Math.abs(numeric - grads[i]);
      assertTrue(
          error <= 2e-3 * Math.max(Math.abs(numeric), Math.abs(grads[i])) + 2e-4 * scale,
          "parameter " + i + ": analytic " + grads[i] + " vs numeric " + numeric);
      if (i >= net.lambdaHead().from() && Math.abs(grads[i]) > 1e-3 * scale) {
        lambdaChecked++;
      }
    }
    assertTrue(
        lambdaChecked > Math.min(50, (net.lambdaHead().to() - net.lambdaHead().from()) / 2),
        "the Lambda head's gradients are mostly non-trivial: " + lambdaChecked);
  }

  /** STYLE: a training iteration allocates nothing; forward + backward at the bench's size. */
  @Test
  void forwardAndBackwardAllocateNothing() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    int steps = 20;
    int batch = 128;
    PalbertNetwork net = new PalbertNetwork(8, 64, 1, steps, batch);
    float[] params = new float[net.parameterCount()];
    net.initialize(params, 5, 0f);
    float[] grads = new float[params.length];
    float[] x = new float[batch * 8];
    float[] dY = new float[steps * batch];
    float[] dA = new float[steps * batch];
    java.util.Arrays.fill(dY, 1e-3f);
    java.util.Arrays.fill(dA, -1e-3f);
    for (int i = 0; i < 60; i++) { // past the JIT: interpreted Vector API code allocates
      net.forward(params, x, batch, steps);
      net.backward(params, dY, dA, grads);
    }
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 10; i++) {
      net.forward(params, x, batch, steps);
      net.backward(params, dY, dA, grads);
    }
    long perIteration = (threads.getThreadAllocatedBytes(thread) - before) / 10;
    assertTrue(
        perIteration <= 64,
        "PalbertNetwork allocates " + perIteration + " bytes per forward+backward");
  }

  private static double value(
      PalbertNetwork net,
      float[] params,
      float[] x,
      int batch,
      int steps,
      double[] cY,
      double[] cA) {
    net.forward(params, x, batch, steps);
    double sum = 0;
    for (int i = 0; i < cY.length; i++) {
      sum += cY[i] * net.outputLogits()[i];
    }
    for (int i = 0; i < cA.length; i++) {
      sum += cA[i] * net.haltingLogits()[i];
    }
    return sum;
  }
}
