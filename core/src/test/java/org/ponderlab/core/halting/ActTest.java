package org.ponderlab.core.halting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.ponderlab.core.train.TrainingConfig;

/** ACT against HALTING.md's fixtures and hand-computed gradients. */
class ActTest {
  private static final TrainingConfig CONFIG =
      Outputs.config("method", "act", "tau", "0.01", "act-epsilon", "0.01");

  /** h = [0.3, 0.5, 0.4, 0.9]; ŷ = [2, 2, −1, −5]. */
  private static StepOutputs fixture() {
    return Outputs.binary(
        new float[] {2f, 2f, -1f, -5f},
        new float[] {
          Outputs.logit(0.3), Outputs.logit(0.5), Outputs.logit(0.4), Outputs.logit(0.9)
        });
  }

  @Test
  void fixtureWeightsHaltingStepAndPonderCost() {
    // Σh: 0.3, 0.8, 1.2 ≥ 0.99 → N(x) = 3, R = 1 − 0.8 = 0.2, ρ = 3.2
    StepOutputs out = fixture();
    float[] w = new float[4];
    Act act = new Act();
    act.haltingProbabilities(out, CONFIG, w);
    assertArrayEquals(new float[] {0.3f, 0.5f, 0.2f, 0f}, w, 1e-6f);
    LossParts parts =
        act.loss(out, new int[] {1}, CONFIG, null, Outputs.dOutput(out), Outputs.dHalting(out));
    assertEquals(0.01 * 3.2, parts.regularisation(), 1e-8);
    // ŷ = 0.3·2 + 0.5·2 + 0.2·(−1) = 1.4; ℓ(1, 1.4) = ln(1 + e^{−1.4}) = 0.220417
    assertEquals(0.220417, parts.reconstruction(), 1e-6);
  }

  @Test
  void fixtureGradientByHand() {
    StepOutputs out = fixture();
    float[] dOut = Outputs.dOutput(out);
    float[] dHalt = Outputs.dHalting(out);
    new Act().loss(out, new int[] {1}, CONFIG, null, dOut, dHalt);
    // g = σ(1.4) − 1 = −0.197816; dOutput_n = w_n·g
    assertArrayEquals(new float[] {-0.0593448f, -0.0989081f, -0.0395632f, 0f}, dOut, 1e-6f);
    // n < N: (g·(ŷ_n − ŷ_3) − τ)·h_n(1 − h_n) = (−0.593448 − 0.01)·{0.21, 0.25}; n ≥ N: 0
    assertArrayEquals(new float[] {-0.1267242f, -0.1508621f, 0f, 0f}, dHalt, 1e-6f);
  }

  @Test
  void haltingAtStepOneCostsTwo() {
    // h_1 = 0.995 ≥ 0.99: N = 1, R = 1, ρ = 2
    StepOutputs out =
        Outputs.binary(new float[] {1f, 1f, 1f}, new float[] {Outputs.logit(0.995), 0f, 0f});
    LossParts parts =
        new Act()
            .loss(out, new int[] {1}, CONFIG, null, Outputs.dOutput(out), Outputs.dHalting(out));
    assertEquals(0.01 * 2, parts.regularisation(), 1e-9);
  }

  @Test
  void thresholdIsGreaterOrEqual() {
    // ε = 0.5: h_1 = σ(0) = 0.5 exactly equals 1 − ε, so ≥ halts at step 1 (ρ = 2); > would not
    TrainingConfig half = Outputs.config("method", "act", "tau", "1", "act-epsilon", "0.5");
    StepOutputs out = Outputs.binary(new float[] {1f, 1f, 1f}, new float[] {0f, 0f, 0f});
    assertEquals(
        2.0,
        new Act()
            .loss(out, new int[] {1}, half, null, Outputs.dOutput(out), Outputs.dHalting(out))
            .regularisation(),
        1e-12);
    // just below: h_1 = σ(−0.001) = 0.49975 < 0.5, halts at 2 with R = 0.50025, ρ = 2.50025
    StepOutputs below = Outputs.binary(new float[] {1f, 1f, 1f}, new float[] {-0.001f, 0f, 0f});
    assertEquals(
        2.50025,
        new Act()
            .loss(below, new int[] {1}, half, null, Outputs.dOutput(below), Outputs.dHalting(below))
            .regularisation(),
        1e-6);
    // on exactly representable h: 0.25 + 0.5 = 0.75 = 1 − 0.25
    assertEquals(2, Act.haltingStep(new double[] {0.25, 0.5, 0.1}, 3, 0.25));
    assertEquals(3, Act.haltingStep(new double[] {0.25, 0.4999, 0.1}, 3, 0.25));
  }

  @Test
  void lastStepAlwaysHalts() {
    // Σh never reaches 0.99 in 4 steps: N = 4, R = 1 − 0.3 = 0.7, ρ = 4.7
    float a = Outputs.logit(0.1);
    StepOutputs out = Outputs.binary(new float[] {1f, 1f, 1f, 1f}, new float[] {a, a, a, a});
    Act act = new Act();
    assertEquals(
        0.01 * 4.7,
        act.loss(out, new int[] {1}, CONFIG, null, Outputs.dOutput(out), Outputs.dHalting(out))
            .regularisation(),
        1e-7);
    float[] w = new float[4];
    act.haltingProbabilities(out, CONFIG, w);
    assertArrayEquals(new float[] {0.1f, 0.1f, 0.1f, 0.7f}, w, 1e-6f);
    assertEquals(1, Act.haltingStep(new double[] {0.5}, 1, 0.01));
  }

  @Test
  void actRulePredictsFromTheMeanFieldOutput() {
    int[] step = new int[1];
    int[] prediction = new int[1];
    Act act = new Act();
    // mixed logit 1.4 > 0 although ŷ_3 = −1
    act.decide(fixture(), EvaluationRule.ACT, CONFIG, null, step, prediction);
    assertEquals(3, step[0]);
    assertEquals(1, prediction[0]);
    act.decide(fixture(), EvaluationRule.LAST_STEP, CONFIG, null, step, prediction);
    assertEquals(4, step[0]);
    assertEquals(0, prediction[0]);
    assertThrows(
        IllegalArgumentException.class,
        () -> act.decide(fixture(), EvaluationRule.Q_EXIT, CONFIG, null, step, prediction));
  }
}
