package org.ponderlab.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * PALBERT's cell and output head checked against a different implementation: PonderNetwork (fused
 * all-steps forward, heads in one product) given the same cell and output weights must produce the
 * same ŷ_n and ‖h_n‖, and with no gradient on the halting logits the same parameter gradients for
 * the cell and the output head. StepwiseNetworkTest's PALBERT case compares PALBERT's forward with
 * its own stepping, which is the same code; this one is not. (Mutation seen failing: PALBERT's
 * output head reading state slot n−1 instead of n.)
 */
class PalbertAgainstPonderNetworkTest {
  private static final int IN = 5;
  private static final int H = 13;
  private static final int OUT = 3;
  private static final int STEPS = 6;
  private static final int BATCH = 7;

  @Test
  void cellAndOutputHeadMatchPonderNetwork() {
    PalbertNetwork palbert = new PalbertNetwork(IN, H, 9, OUT, STEPS, BATCH);
    PonderNetwork ponder = new PonderNetwork(IN, H, OUT, STEPS, BATCH);
    float[] pp = new float[palbert.parameterCount()];
    palbert.initialize(pp, 5, 0.5f);
    SplittableRandom rng = new SplittableRandom(17);
    for (int i = 0; i < pp.length; i++) {
      pp[i] *= 2.5f; // larger than the init: gates away from linear
    }
    int cell = palbert.parameterRanges().get(0).to();
    int outputFrom = palbert.parameterRanges().get(1).from();
    // PonderNetwork: [cell | W ((OUT+1)×H): the output rows, then the halting row | b (OUT+1)]
    float[] qp = new float[ponder.parameterCount()];
    assertEquals(cell + (OUT + 1) * H + OUT + 1, qp.length);
    System.arraycopy(pp, 0, qp, 0, cell);
    System.arraycopy(pp, outputFrom, qp, cell, OUT * H); // W_o rows; the halting row stays 0
    System.arraycopy(pp, outputFrom + OUT * H, qp, cell + (OUT + 1) * H, OUT); // b_o
    float[] x = Closeness.uniform(rng, BATCH * IN, 1);
    palbert.forward(pp, x, BATCH, STEPS);
    ponder.forward(qp, x, BATCH, STEPS);
    int rows = STEPS * BATCH;
    for (int i = 0; i < rows * OUT; i++) {
      assertEquals(ponder.outputLogits()[i], palbert.outputLogits()[i], 2e-5f, "ŷ entry " + i);
    }
    for (int i = 0; i < rows; i++) {
      assertEquals(ponder.hiddenNorms()[i], palbert.hiddenNorms()[i], 2e-5f, "‖h‖ entry " + i);
    }
    float[] dY = Closeness.uniform(rng, rows * OUT, 1);
    float[] gp = new float[pp.length];
    float[] gq = new float[qp.length];
    palbert.backward(pp, dY.clone(), new float[rows], gp);
    ponder.backward(qp, dY.clone(), new float[rows], gq);
    double scale = 0;
    for (float g : gq) {
      scale = Math.max(scale, Math.abs(g));
    }
    for (int i = 0; i < cell; i++) {
      assertEquals(gq[i], gp[i], 1e-4 * scale, "cell gradient " + i);
    }
    for (int i = 0; i < OUT * H; i++) {
      assertEquals(gq[cell + i], gp[outputFrom + i], 1e-4 * scale, "W_o gradient " + i);
    }
    for (int o = 0; o < OUT; o++) {
      assertEquals(
          gq[cell + (OUT + 1) * H + o],
          gp[outputFrom + OUT * H + o],
          1e-4 * scale,
          "b_o gradient " + o);
    }
  }
}
