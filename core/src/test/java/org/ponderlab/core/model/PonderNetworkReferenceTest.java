package org.ponderlab.core.model;

import static org.ponderlab.core.model.Closeness.assertClose;
import static org.ponderlab.core.model.Closeness.maxAbs;
import static org.ponderlab.core.model.Closeness.uniform;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The kernel network against {@link Nd4jPonderReference} (SameDiff autodiff, double precision):
 * logits and every gradient (parameters and input) for non-round sizes and the parity workload.
 */
class PonderNetworkReferenceTest {

  @BeforeAll
  static void oneThread() {
    Nd4j.factory().blas().setMaxThreads(1);
  }

  @ParameterizedTest(name = "in={0} hidden={1} out={2} steps={3}/{4} batch={5}/{6}")
  @CsvSource({
    // input, hidden, outputs, steps, maxSteps, batch, maxBatch
    "5, 13, 3, 4, 4, 7, 7",
    "8, 64, 1, 20, 20, 128, 128",
    "9, 37, 2, 6, 9, 11, 16",
    "40, 21, 10, 3, 5, 5, 6",
    "1, 3, 1, 1, 1, 2, 2",
  })
  void logitsAndGradientsMatchSameDiff(
      int in, int hidden, int outputs, int steps, int maxSteps, int batch, int maxBatch) {
    SplittableRandom rng = new SplittableRandom(1000L * in + hidden);
    PonderNetwork net = new PonderNetwork(in, hidden, outputs, maxSteps, maxBatch);
    float[] params = new float[net.parameterCount()];
    net.initialize(params, 42, 0.7f);
    float[] x = uniform(rng, batch * in, 1.0);
    float[] dY = uniform(rng, steps * batch * outputs, 1.0);
    float[] dA = uniform(rng, steps * batch, 1.0);

    net.forward(params, x, batch, steps);
    float[] grads = new float[params.length];
    Arrays.fill(grads, Float.NaN); // backward must overwrite every gradient
    float[] dx = new float[batch * in];
    net.backward(params, dY, dA, grads, dx);

    Nd4jPonderReference.Result ref =
        Nd4jPonderReference.compute(in, hidden, outputs, steps, batch, params, x, dY, dA);
    double yErr = assertClose("output logits", ref.outputLogits(), net.outputLogits(), 1e-4, 1e-5);
    double aErr =
        assertClose("halting logits", ref.haltingLogits(), net.haltingLogits(), 1e-4, 1e-5);
    double gScale = maxAbs(ref.gradients());
    double gErr = assertClose("parameter gradients", ref.gradients(), grads, 1e-4, 1e-6 * gScale);
    double xErr =
        assertClose(
            "input gradients", ref.inputGradients(), dx, 1e-4, 1e-6 * maxAbs(ref.inputGradients()));
    System.out.printf(
        "in=%d hidden=%d out=%d steps=%d batch=%d: max rel err y %.2e a %.2e"
            + " grads %.2e dx %.2e (|g|max %.3g)%n",
        in, hidden, outputs, steps, batch, yErr, aErr, gErr, xErr, gScale);
  }
}
