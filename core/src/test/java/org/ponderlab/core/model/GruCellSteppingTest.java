package org.ponderlab.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.ponderlab.core.model.Closeness.assertClose;
import static org.ponderlab.core.model.Closeness.maxAbs;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Driving the cell step by step (early exit, LAC) and reusing one network across batches. */
class GruCellSteppingTest {

  private static final int IN = 6;
  private static final int H = 19;
  private static final int OUT = 2;

  @BeforeAll
  static void oneThread() {
    Nd4j.factory().blas().setMaxThreads(1);
  }

  @Test
  void stepByStepGivesTheSameStatesAsTheFullForward() {
    SplittableRandom rng = new SplittableRandom(11);
    int steps = 7;
    int batch = 9;
    PonderNetwork net = new PonderNetwork(IN, H, OUT, steps, batch);
    float[] params = new float[net.parameterCount()];
    net.initialize(params, 5, 1f);
    float[] x = Closeness.uniform(rng, batch * IN, 1);
    net.forward(params, x, batch, steps);
    GruCell full = net.cell();

    GruCell cell = new GruCell(IN, H, steps, batch);
    cell.begin(params, 0, x, batch);
    assertEquals(0, cell.stepsRun());
    float[] h0 = Arrays.copyOfRange(cell.hiddenArray(), cell.hiddenOffset(0), batch * H);
    assertArrayEquals(new float[batch * H], h0, "h_0 = 0");
    for (int n = 1; n <= steps; n++) {
      assertEquals(n, cell.step());
      assertEquals(n, cell.stepsRun());
      float[] stepwise =
          Arrays.copyOfRange(
              cell.hiddenArray(), cell.hiddenOffset(n), cell.hiddenOffset(n) + batch * H);
      float[] reference =
          Arrays.copyOfRange(
              full.hiddenArray(), full.hiddenOffset(n), full.hiddenOffset(n) + batch * H);
      assertArrayEquals(reference, stepwise, "h_" + n);
    }
    assertThrows(IllegalStateException.class, cell::step);
  }

  @Test
  void backwardAfterFewerStepsThanMaxStepsMatchesSameDiff() {
    SplittableRandom rng = new SplittableRandom(12);
    int maxSteps = 8;
    int maxBatch = 12;
    int steps = 3;
    int batch = 5;
    GruCell cell = new GruCell(IN, H, maxSteps, maxBatch);
    LinearHeads heads = new LinearHeads(H, OUT, maxSteps, maxBatch);
    int headOffset = cell.parameterCount();
    float[] params = new float[headOffset + heads.parameterCount()];
    cell.initialize(params, 0, rng);
    heads.initialize(params, headOffset, rng, 0.3f);
    float[] x = Closeness.uniform(rng, batch * IN, 1);
    float[] dY = Closeness.uniform(rng, steps * batch * OUT, 1);
    float[] dA = Closeness.uniform(rng, steps * batch, 1);

    cell.begin(params, 0, x, batch);
    while (cell.stepsRun() < steps) {
      cell.step();
    }
    heads.forward(params, headOffset, cell.hiddenArray(), cell.hiddenOffset(1), batch, steps);
    float[] grads = new float[params.length];
    Arrays.fill(grads, Float.NaN);
    float[] dHidden = new float[cell.hiddenCapacity()];
    Arrays.fill(dHidden, Float.NaN); // heads write slots 1..steps; nothing else may be read
    heads.backward(
        params,
        headOffset,
        cell.hiddenArray(),
        cell.hiddenOffset(1),
        batch,
        steps,
        dY,
        dA,
        grads,
        headOffset,
        dHidden);
    float[] dx = new float[batch * IN];
    cell.backward(params, 0, dHidden, grads, 0, dx);

    Nd4jPonderReference.Result ref =
        Nd4jPonderReference.compute(IN, H, OUT, steps, batch, params, x, dY, dA);
    assertClose("output logits", ref.outputLogits(), heads.outputLogits(), 1e-4, 1e-5);
    assertClose("halting logits", ref.haltingLogits(), heads.haltingLogits(), 1e-4, 1e-5);
    assertClose("gradients", ref.gradients(), grads, 1e-4, 1e-6 * maxAbs(ref.gradients()));
    assertClose("dx", ref.inputGradients(), dx, 1e-4, 1e-6 * maxAbs(ref.inputGradients()));
  }

  @Test
  void reusingANetworkForASmallerBatchGivesTheSameResultsAsAFreshOne() {
    SplittableRandom rng = new SplittableRandom(13);
    int maxSteps = 6;
    int maxBatch = 10;
    PonderNetwork reused = new PonderNetwork(IN, H, OUT, maxSteps, maxBatch);
    float[] params = new float[reused.parameterCount()];
    reused.initialize(params, 9, 0f);
    float[] grads = new float[params.length];
    // a first, larger pass leaves every buffer dirty
    float[] bigX = Closeness.uniform(rng, maxBatch * IN, 1);
    reused.forward(params, bigX, maxBatch, maxSteps);
    reused.backward(
        params,
        Closeness.uniform(rng, maxSteps * maxBatch * OUT, 1),
        Closeness.uniform(rng, maxSteps * maxBatch, 1),
        grads,
        new float[maxBatch * IN]);

    int batch = 3;
    int steps = 4;
    float[] x = Closeness.uniform(rng, batch * IN, 1);
    float[] dY = Closeness.uniform(rng, steps * batch * OUT, 1);
    float[] dA = Closeness.uniform(rng, steps * batch, 1);
    reused.forward(params, x, batch, steps);
    float[] dx = new float[batch * IN];
    reused.backward(params, dY, dA, grads, dx);

    PonderNetwork fresh = new PonderNetwork(IN, H, OUT, steps, batch);
    fresh.forward(params, x, batch, steps);
    float[] freshGrads = new float[params.length];
    float[] freshDx = new float[batch * IN];
    fresh.backward(params, dY, dA, freshGrads, freshDx);

    assertArrayEquals(
        Arrays.copyOf(fresh.outputLogits(), steps * batch * OUT),
        Arrays.copyOf(reused.outputLogits(), steps * batch * OUT));
    assertArrayEquals(
        Arrays.copyOf(fresh.haltingLogits(), steps * batch),
        Arrays.copyOf(reused.haltingLogits(), steps * batch));
    assertArrayEquals(freshGrads, grads);
    assertArrayEquals(freshDx, dx);
  }
}
