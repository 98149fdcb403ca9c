package org.ponderlab.core.model.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference checks of the whole network (encoder + GRU + heads): the analytic gradient of
 * L = Σ g_o · outputLogits + Σ g_a · haltingLogits (fixed random g) against central differences.
 * Float arithmetic and the kinks of ReLU / max pooling make single entries noisy, so the test
 * requires the relative error of the whole gradient vector to be small and allows a few entries
 * whose difference straddles a kink.
 */
class MnistNetworkGradientTest {
  @Test
  void tinyNetworkMatchesFiniteDifferencesOnEveryParameter() {
    // 20x20 image: conv 16x16 -> pool 8x8 -> conv 4x4 -> pool 2x2, so every index path is exercised
    MnistNetworkShape shape = new MnistNetworkShape(20, 2, 3, 4, 5, 3);
    MnistNetwork net = new MnistNetwork(shape);
    int[] all = new int[net.parameterCount()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    check(net, 3, 4, all, 11, 3e-3, 1e-3);
  }

  @Test
  void standardNetworkMatchesFiniteDifferencesOnSampledParameters() {
    MnistNetwork net = new MnistNetwork();
    SplittableRandom pick = new SplittableRandom(5);
    int[] sample = new int[300];
    // every part of the layout is sampled: spread indices over the whole vector
    for (int i = 0; i < sample.length; i++) {
      int lo = (int) ((long) net.parameterCount() * i / sample.length);
      int hi = (int) ((long) net.parameterCount() * (i + 1) / sample.length);
      sample[i] = lo + pick.nextInt(hi - lo);
    }
    // Thousands of ReLU / max-pool kinks per image: a conv weight step of 2e-3 crosses some of
    // them, so single entries may be off by a few per cent (the 20x20 network, with few kinks,
    // agrees to 1e-4); this test guards the full-size index arithmetic.
    check(net, 1, 3, sample, 12, 2e-3, 2e-2);
  }

  private static void check(
      MnistNetwork net, int batch, int steps, int[] indices, long seed, double eps, double maxRelative) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] params = new float[net.parameterCount()];
    net.initialize(params, seed, -1f);
    float[] x = new float[batch * net.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble();
    }
    int rows = batch * steps;
    float[] gOut = new float[rows * net.outputs()];
    float[] gHalt = new float[rows];
    for (int i = 0; i < gOut.length; i++) {
      gOut[i] = (float) rng.nextGaussian();
    }
    for (int i = 0; i < gHalt.length; i++) {
      gHalt[i] = (float) rng.nextGaussian();
    }
    net.forward(params, x, batch, steps);
    float[] grads = new float[params.length];
    net.backward(params, gOut.clone(), gHalt.clone(), grads);

    double diff2 = 0;
    double sum2 = 0;
    int bad = 0;
    StringBuilder worst = new StringBuilder();
    for (int i : indices) {
      float saved = params[i];
      params[i] = (float) (saved + eps);
      double plus = loss(net, params, x, batch, steps, gOut, gHalt);
      params[i] = (float) (saved - eps);
      double minus = loss(net, params, x, batch, steps, gOut, gHalt);
      params[i] = saved;
      double numeric = (plus - minus) / (2 * eps);
      double analytic = grads[i];
      diff2 += (numeric - analytic) * (numeric - analytic);
      sum2 += (numeric + analytic) * (numeric + analytic);
      if (Math.abs(numeric - analytic) > 2e-2 + 2e-2 * Math.abs(numeric)) {
        bad++;
        if (worst.length() < 400) {
          worst.append(String.format("[%d] numeric %.5f analytic %.5f; ", i, numeric, analytic));
        }
      }
    }
    double relative = Math.sqrt(diff2 / sum2);
    System.out.printf(
        "gradient check: %d parameters, relative error %.2e, %d off by more than 2%%%n",
        indices.length, relative, bad);
    assertTrue(relative < maxRelative, "relative error " + relative + " " + worst);
    assertTrue(bad <= indices.length / 50, bad + " entries off: " + worst);
  }

  private static double loss(
      MnistNetwork net, float[] params, float[] x, int batch, int steps, float[] gOut, float[] gHalt) {
    net.forward(params, x, batch, steps);
    double l = 0;
    float[] out = net.outputLogits();
    for (int i = 0; i < gOut.length; i++) {
      l += (double) gOut[i] * out[i];
    }
    float[] halt = net.haltingLogits();
    for (int i = 0; i < gHalt.length; i++) {
      l += (double) gHalt[i] * halt[i];
    }
    return l;
  }

  @Test
  void batchSizeChangesAndChunkedForwardGiveTheSameRows() {
    MnistNetworkShape shape = new MnistNetworkShape(16, 2, 3, 4, 5, 3);
    MnistNetwork net = new MnistNetwork(shape);
    float[] params = new float[net.parameterCount()];
    net.initialize(params, 3, 0f);
    SplittableRandom rng = new SplittableRandom(4);
    int big = net.maxBatch() + 44;
    float[] x = new float[big * net.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble();
    }
    net.forward(params, x, 10, 2);
    float[] small = net.outputLogits().clone();
    float[] smallNorms = net.hiddenNorms().clone();
    net.forward(params, x, big, 2); // chunked
    float[] whole = net.outputLogits();
    assertEquals(2 * big * 3, whole.length);
    for (int b = 0; b < 10; b++) {
      for (int o = 0; o < 3; o++) {
        assertEquals(small[b * 3 + o], whole[b * 3 + o], 1e-6); // step 1
        assertEquals(small[(10 + b) * 3 + o], whole[(big + b) * 3 + o], 1e-6); // step 2
      }
      assertEquals(smallNorms[10 + b], net.hiddenNorms()[big + b], 1e-6);
    }
    float[] grads = new float[params.length];
    assertThrows(
        IllegalStateException.class,
        () -> net.backward(params, new float[whole.length], new float[2 * big], grads));
    net.forward(params, x, 10, 2);
    assertArrayEquals(small, net.outputLogits());
  }

  @Test
  void smallCapacityNetworkChunksForwardsAndBackpropagatesAtItsMaxBatch() {
    // maxBatch 4: a 10-row forward runs the encoder, GRU and heads in chunks of 4, 4, 2
    MnistNetworkShape shape = new MnistNetworkShape(16, 2, 3, 4, 5, 3);
    MnistNetwork chunky = new MnistNetwork(shape, 3, 4);
    MnistNetwork roomy = new MnistNetwork(shape, 3, 16);
    float[] params = new float[chunky.parameterCount()];
    chunky.initialize(params, 8, 0.5f);
    SplittableRandom rng = new SplittableRandom(9);
    float[] x = new float[10 * chunky.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble();
    }
    roomy.forward(params, x, 10, 3);
    chunky.forward(params, x, 10, 3);
    assertArrayEquals(roomy.outputLogits(), chunky.outputLogits(), 1e-6f);
    assertArrayEquals(roomy.haltingLogits(), chunky.haltingLogits(), 1e-6f);
    assertArrayEquals(roomy.hiddenNorms(), chunky.hiddenNorms(), 1e-6f);
    assertThrows(IllegalArgumentException.class, () -> chunky.forward(params, x, 4, 4)); // N > maxSteps
    // at its max batch the gradient equals the roomy network's
    float[] dOut = new float[3 * 4 * 3];
    float[] dHalt = new float[3 * 4];
    for (int i = 0; i < dOut.length; i++) {
      dOut[i] = (float) rng.nextGaussian();
    }
    for (int i = 0; i < dHalt.length; i++) {
      dHalt[i] = (float) rng.nextGaussian();
    }
    float[] g1 = new float[params.length];
    float[] g2 = new float[params.length];
    chunky.forward(params, x, 4, 3);
    chunky.backward(params, dOut.clone(), dHalt.clone(), g1);
    roomy.forward(params, x, 4, 3);
    roomy.backward(params, dOut.clone(), dHalt.clone(), g2);
    assertArrayEquals(g2, g1, 1e-5f);
  }

  @Test
  void initializationIsSeededAndSetsTheHaltingBias() {
    MnistNetwork net = new MnistNetwork();
    float[] a = new float[net.parameterCount()];
    float[] b = new float[net.parameterCount()];
    net.initialize(a, 42, -2.5f);
    net.initialize(b, 42, -2.5f);
    assertArrayEquals(a, b);
    assertEquals(-2.5f, a[a.length - 1]);
    // standard network: conv1 416 + conv2 12,832 + dense 32,832 + GRU 24,960 + heads 715
    assertEquals(71_755, net.parameterCount());
    // the halting bias is the heads' last parameter, the GRU's PyTorch bound is 1/sqrt(64)
    int gru = 416 + 12_832 + 32_832;
    for (int i = gru; i < gru + 24_960; i++) {
      assertTrue(Math.abs(a[i]) <= 0.125f, "GRU parameter " + i + " = " + a[i]);
    }
  }
}
