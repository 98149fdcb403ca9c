package org.ponderlab.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A stepwise pass (begin, then step k times) is the same computation as {@code forward(k)}: same
 * logits, norms and parameter gradients, for the networks that support it; so stopping a batch
 * early changes nothing but the steps not run.
 */
class StepwiseNetworkTest {
  private static final int IN = 5;
  private static final int H = 21;
  private static final int OUT = 2;
  private static final int MAX_STEPS = 7;
  private static final int BATCH = 6;

  @Test
  void ponderNetworkStepwiseEqualsForward() {
    check(
        new PonderNetwork(IN, H, OUT, MAX_STEPS, BATCH + 2),
        new PonderNetwork(IN, H, OUT, MAX_STEPS, BATCH + 2));
  }

  @Test
  void palbertNetworkStepwiseEqualsForward() {
    check(
        new PalbertNetwork(IN, H, OUT, MAX_STEPS, BATCH + 2),
        new PalbertNetwork(IN, H, OUT, MAX_STEPS, BATCH + 2));
  }

  /** The CNN encoder runs once at begin; the cell and heads step by step. */
  @Test
  void mnistNetworkStepwiseEqualsForward() {
    org.ponderlab.core.model.mnist.MnistNetworkShape shape =
        new org.ponderlab.core.model.mnist.MnistNetworkShape(28, 3, 4, 8, 12, 10);
    var stepwise = new org.ponderlab.core.model.mnist.MnistNetwork(shape, MAX_STEPS, BATCH + 2);
    var whole = new org.ponderlab.core.model.mnist.MnistNetwork(shape, MAX_STEPS, BATCH + 2);
    check(stepwise, whole, shape.inputSize(), shape.classes());
  }

  /** The same with the MLP cell (odd M 9). */
  @Test
  void mnistMlpNetworkStepwiseEqualsForward() {
    org.ponderlab.core.model.mnist.MnistNetworkShape shape =
        new org.ponderlab.core.model.mnist.MnistNetworkShape(28, 3, 4, 8, 12, 10).withMlpCell(9);
    var stepwise = new org.ponderlab.core.model.mnist.MnistNetwork(shape, MAX_STEPS, BATCH + 2);
    var whole = new org.ponderlab.core.model.mnist.MnistNetwork(shape, MAX_STEPS, BATCH + 2);
    check(stepwise, whole, shape.inputSize(), shape.classes());
  }

  private static void check(StepwiseNetwork stepwise, StepwiseNetwork whole) {
    check(stepwise, whole, IN, OUT);
  }

  private static void check(StepwiseNetwork stepwise, StepwiseNetwork whole, int in, int out) {
    SplittableRandom rng = new SplittableRandom(8);
    float[] params = new float[whole.parameterCount()];
    whole.initialize(params, 3, 0.5f);
    float[] x = Closeness.uniform(rng, BATCH * in, 1);
    for (int k : new int[] {1, 3, MAX_STEPS}) {
      // a longer pass first, so that stale rows would show
      stepwise.forward(params, Closeness.uniform(rng, BATCH * in, 1), BATCH, MAX_STEPS);
      whole.forward(params, x, BATCH, k);
      stepwise.begin(params, x, BATCH);
      assertEquals(0, stepwise.stepsRun());
      for (int n = 1; n <= k; n++) {
        assertEquals(n, stepwise.step(params));
        // step n's logits are there as soon as it has run
        int rows = n * BATCH;
        assertArrayEquals(
            Arrays.copyOf(whole.haltingLogits(), rows),
            Arrays.copyOf(stepwise.haltingLogits(), rows),
            "a after step " + n + " of " + k);
        assertArrayEquals(
            Arrays.copyOf(whole.hiddenNorms(), rows),
            Arrays.copyOf(stepwise.hiddenNorms(), rows),
            "norms after step " + n + " of " + k);
      }
      assertEquals(k, stepwise.stepsRun());
      int rows = k * BATCH;
      assertArrayEquals(
          Arrays.copyOf(whole.outputLogits(), rows * out),
          Arrays.copyOf(stepwise.outputLogits(), rows * out));
      float[] dY = Closeness.uniform(rng, rows * out, 1);
      float[] dA = Closeness.uniform(rng, rows, 1);
      float[] gWhole = new float[params.length];
      float[] gStepwise = new float[params.length];
      whole.backward(params, dY.clone(), dA.clone(), gWhole);
      stepwise.backward(params, dY.clone(), dA.clone(), gStepwise);
      assertArrayEquals(gWhole, gStepwise, "gradients after " + k + " steps");
    }
  }
}
