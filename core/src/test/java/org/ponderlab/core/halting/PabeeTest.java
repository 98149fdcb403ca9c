package org.ponderlab.core.halting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.ponderlab.core.train.TrainingConfig;

/** PABEE's weighted loss and its per-example patience rule. */
class PabeeTest {
  @Test
  void lossWeighsStepsByTheirIndex() {
    // ℓ = [ln 2, ln(1 + e^{−2}), ln(1 + e)] → (1·0.693147 + 2·0.126928 + 3·1.313262)/6 = 0.814465
    StepOutputs out = Outputs.binary(new float[] {0f, 2f, -1f}, new float[] {0f, 0f, 0f});
    float[] dOut = Outputs.dOutput(out);
    float[] dHalt = Outputs.dHalting(out);
    LossParts parts =
        new Pabee().loss(out, new int[] {1}, TrainingConfig.defaults(), null, dOut, dHalt);
    assertEquals(0.8144647, parts.reconstruction(), 1e-6);
    assertEquals(0, parts.regularisation());
    // (n/6)·(σ(ŷ_n) − 1) = [−0.5/6, 2·(−0.119203)/6, 3·(−0.731059)/6]
    assertArrayEquals(new float[] {-0.0833333f, -0.0397343f, -0.3655293f}, dOut, 1e-6f);
    assertArrayEquals(new float[3], dHalt);
  }

  /** Predictions per example over 7 steps (logit +1 → 1, −1 → 0). */
  private static StepOutputs sequences() {
    int[][] predictions = {
      {1, 1, 1, 1, 0, 0, 0}, // unchanged at steps 2, 3 → exits at 3 with patience 2
      {1, 0, 1, 0, 1, 0, 1}, // never unchanged → last step
      {0, 1, 1, 0, 0, 0, 1}, // counter 1 at 3, reset at 4, 1 at 5, 2 at 6 → exits at 6
    };
    float[][] outputs = new float[7][3];
    for (int b = 0; b < 3; b++) {
      for (int n = 0; n < 7; n++) {
        outputs[n][b] = predictions[b][n] == 1 ? 1f : -1f;
      }
    }
    return Outputs.binary(outputs, new float[7][3], null);
  }

  @Test
  void patienceIsCountedPerExample() {
    int[] step = new int[3];
    int[] prediction = new int[3];
    TrainingConfig c = Outputs.config("method", "pabee", "patience", "2");
    new Pabee().decide(sequences(), EvaluationRule.PATIENCE, c, null, step, prediction);
    assertArrayEquals(new int[] {3, 7, 6}, step);
    assertArrayEquals(new int[] {1, 1, 0}, prediction);
    float[] p = new float[21];
    new Pabee().haltingProbabilities(sequences(), c, p);
    assertEquals(1f, p[2 * 3 + 0]);
    assertEquals(1f, p[6 * 3 + 1]);
    assertEquals(1f, p[5 * 3 + 2]);
    double sum = 0;
    for (float v : p) {
      sum += v;
    }
    assertEquals(3, sum);
    // patience 1: the first repeat exits (step 2, 7, 3)
    new Pabee()
        .decide(
            sequences(),
            EvaluationRule.PATIENCE,
            Outputs.config("method", "pabee", "patience", "1"),
            null,
            step,
            prediction);
    assertArrayEquals(new int[] {2, 7, 3}, step);
    new Pabee().decide(sequences(), EvaluationRule.LAST_STEP, c, null, step, prediction);
    assertArrayEquals(new int[] {7, 7, 7}, step);
    assertArrayEquals(new int[] {0, 1, 1}, prediction);
  }

  /**
   * HALTING.md: patience "default 6 for 12 steps; scale with N": the default 0 means round(N/2). An
   * explicit patience is kept. (Mutation seen failing: the earlier fixed default 6.)
   */
  @Test
  void defaultPatienceScalesWithN() {
    assertEquals(6, Outputs.config("method", "pabee", "max-steps", "12").effectivePatience());
    assertEquals(10, Outputs.config("method", "pabee").effectivePatience()); // N 20 by default
    assertEquals(1, Outputs.config("method", "pabee", "max-steps", "1").effectivePatience());
    assertEquals(
        3,
        Outputs.config("method", "pabee", "max-steps", "20", "patience", "3").effectivePatience());
  }

  @Test
  void pactTemperatureDefaultIsTwoThirds() {
    assertEquals(2.0 / 3, Outputs.config("method", "pact").temperature(), 0);
  }
}
