package org.ponderlab.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Gradient check of the kernel's backward by central finite differences of an independent,
 * straightforward double-precision implementation of the same network (so the differences are
 * accurate to about 1e-9, far below the float kernel's own error). The double forward is first
 * checked against the kernel's logits, so both compute the same function.
 */
class FiniteDifferenceGradientTest {

  private static final int IN = 4;
  private static final int H = 7;
  private static final int OUT = 2;
  private static final int STEPS = 5;
  private static final int BATCH = 3;

  @Test
  void kernelGradientsMatchCentralDifferencesOnEveryCoordinate() {
    SplittableRandom rng = new SplittableRandom(7);
    PonderNetwork net = new PonderNetwork(IN, H, OUT, STEPS, BATCH);
    float[] params = new float[net.parameterCount()];
    net.initialize(params, 3, -0.4f);
    // larger weights than the default init, so gates are not all near their linear regime
    for (int i = 0; i < params.length; i++) {
      params[i] *= 2.5f;
    }
    float[] x = Closeness.uniform(rng, BATCH * IN, 1.5);
    float[] dY = Closeness.uniform(rng, STEPS * BATCH * OUT, 1);
    float[] dA = Closeness.uniform(rng, STEPS * BATCH, 1);

    net.forward(params, x, BATCH, STEPS);
    float[] grads = new float[params.length];
    float[] dx = new float[x.length];
    net.backward(params, dY, dA, grads, dx);

    double[] p = toDouble(params);
    double[] xd = toDouble(x);
    double[] logits = new double[STEPS * BATCH * (OUT + 1)];
    loss(p, xd, dY, dA, logits);
    for (int m = 0; m < STEPS * BATCH; m++) {
      for (int o = 0; o < OUT; o++) {
        assertEquals(logits[m * (OUT + 1) + o], net.outputLogits()[m * OUT + o], 1e-5);
      }
      assertEquals(logits[m * (OUT + 1) + OUT], net.haltingLogits()[m], 1e-5);
    }

    double worst = 0;
    int checked = 0;
    for (int which = 0; which < 2; which++) {
      double[] v = which == 0 ? p : xd;
      float[] analytic = which == 0 ? grads : dx;
      for (int i = 0; i < v.length; i++) {
        double saved = v[i];
        double eps = 1e-6;
        v[i] = saved + eps;
        double plus = loss(p, xd, dY, dA, null);
        v[i] = saved - eps;
        double minus = loss(p, xd, dY, dA, null);
        v[i] = saved;
        double numeric = (plus - minus) / (2 * eps);
        double rel = Math.abs(analytic[i] - numeric) / Math.max(Math.abs(numeric), 1e-3);
        assertTrue(
            rel < 1e-4,
            (which == 0 ? "param " : "x ")
                + i
                + ": analytic "
                + analytic[i]
                + " numeric "
                + numeric);
        worst = Math.max(worst, rel);
        checked++;
      }
    }
    System.out.printf("finite differences: %d coordinates, max rel err %.3g%n", checked, worst);
    assertTrue(checked > 300);
  }

  /**
   * L = Σ dY ⊙ y + Σ dA ⊙ a of the network in double precision, plain loops, written from the
   * equations in GruCell's javadoc. If logits is not null it receives per (step, row) the OUT
   * output logits then the halting logit.
   */
  static double loss(double[] p, double[] x, float[] dY, float[] dA, double[] logits) {
    int gw = 3 * H;
    int wih = 0;
    int whh = gw * IN;
    int bih = whh + gw * H;
    int bhh = bih + gw;
    int head = bhh + gw;
    int headBias = head + (OUT + 1) * H;
    double total = 0;
    for (int b = 0; b < BATCH; b++) {
      double[] h = new double[H];
      for (int n = 0; n < STEPS; n++) {
        double[] next = new double[H];
        for (int j = 0; j < H; j++) {
          double[] pre = new double[3];
          double[] rec = new double[3];
          for (int g = 0; g < 3; g++) {
            int row = g * H + j;
            pre[g] = p[bih + row];
            for (int i = 0; i < IN; i++) {
              pre[g] += p[wih + row * IN + i] * x[b * IN + i];
            }
            rec[g] = p[bhh + row];
            for (int k = 0; k < H; k++) {
              rec[g] += p[whh + row * H + k] * h[k];
            }
          }
          double r = 1 / (1 + Math.exp(-(pre[0] + rec[0])));
          double z = 1 / (1 + Math.exp(-(pre[1] + rec[1])));
          double cand = Math.tanh(pre[2] + r * rec[2]);
          next[j] = (1 - z) * cand + z * h[j];
        }
        h = next;
        int m = n * BATCH + b;
        for (int o = 0; o <= OUT; o++) {
          double logit = p[headBias + o];
          for (int k = 0; k < H; k++) {
            logit += p[head + o * H + k] * h[k];
          }
          if (logits != null) {
            logits[m * (OUT + 1) + o] = logit;
          }
          total += logit * (o < OUT ? dY[m * OUT + o] : dA[m]);
        }
      }
    }
    return total;
  }

  private static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }
}
