package org.ponderlab.core.halting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ponderlab.core.task.OutputKind;
import org.ponderlab.core.train.TrainingConfig;

/** PACT against HALTING.md's fixture E[N] = 2.26 and hand-computed relaxed/REINFORCE values. */
class PactTest {
  private static TrainingConfig config(String estimator, String temperature) {
    return Outputs.config(
        "method",
        "pact",
        "pact-tau",
        "0.1",
        "temperature",
        temperature,
        "pact-estimator",
        estimator);
  }

  /** h = [0.3, 0.5, 0.4, (1)]: a_4 is ignored. ŷ = [1, −2, 0.5, 3]. */
  private static StepOutputs fixture() {
    return Outputs.binary(
        new float[] {1f, -2f, 0.5f, 3f},
        new float[] {Outputs.logit(0.3), 0f, Outputs.logit(0.4), -3f});
  }

  @Test
  void expectedStepsFixture() {
    // 1·0.3 + 2·0.35 + 3·0.14 + 4·0.21 = 2.26
    assertEquals(2.26, Pact.expectedSteps(new double[] {0.3, 0.5, 0.4, 1}), 1e-12);
    // the last h is taken as 1 whatever it is
    assertEquals(2.26, Pact.expectedSteps(new double[] {0.3, 0.5, 0.4, 0.2}), 1e-12);
    assertEquals(1.0, Pact.expectedSteps(new double[] {1, 0, 0}), 1e-12);
  }

  @Test
  void relaxedLossWithMedianNoiseAndUnitTemperature() {
    // logit u = 0, T = 1: ξ̂ = h, so ẑ = q = [0.3, 0.35, 0.14, 0.21];
    // ŷ = 0.3 − 0.7 + 0.07 + 0.63 = 0.3, ℓ(1, 0.3) = 0.554355; τ·E[N] = 0.1·2.26
    StepOutputs out = fixture();
    LossParts parts =
        new Pact()
            .relaxedLoss(
                out,
                new int[] {1},
                config("relaxed", "1"),
                new double[3],
                Outputs.dOutput(out),
                Outputs.dHalting(out));
    assertEquals(0.554355, parts.reconstruction(), 1e-6);
    assertEquals(0.226, parts.regularisation(), 1e-6);
  }

  @Test
  void lowTemperatureApproachesTheDiscreteStep() {
    // noise logits [−2, 1, 0]: a + logit u = [−2.85, 1, −0.41] → ẑ ≈ one-hot at step 2, ℓ(1, −2)
    StepOutputs out = fixture();
    LossParts parts =
        new Pact()
            .relaxedLoss(
                out,
                new int[] {1},
                config("relaxed", "0.01"),
                new double[] {-2, 1, 0},
                Outputs.dOutput(out),
                Outputs.dHalting(out));
    assertEquals(2.126928, parts.reconstruction(), 1e-4);
  }

  /**
   * HALTING.md's third PACT evaluation rule. Noise 0, T 1: ẑ = q = [0.3, 0.35, 0.14, 0.21], mixed ŷ
   * = 0.3 &gt; 0 → 1, Σ n·ẑ_n = 2.26 → step 2. Noise [−2, 1, 0], T 0.01: ẑ ≈ one-hot at step 2, ŷ =
   * −2 → 0. (Mutation seen failing: predicting from the first step's logit instead of the mixture.)
   */
  @Test
  void relaxedEvaluationRule() {
    StepOutputs out = fixture();
    int[] step = new int[1];
    int[] prediction = new int[1];
    new Pact().decideRelaxed(out, 1, new double[3], step, prediction);
    assertEquals(2, step[0]);
    assertEquals(1, prediction[0]);
    new Pact().decideRelaxed(out, 0.01, new double[] {-2, 1, 0}, step, prediction);
    assertEquals(2, step[0]);
    assertEquals(0, prediction[0]);
    new Pact()
        .decideRelaxed(
            out, 0.01, new double[] {-2, -5, -5}, step, prediction); // runs to N: ŷ_4 = 3
    assertEquals(4, step[0]);
    assertEquals(1, prediction[0]);
    assertEquals(EvaluationRule.RELAXED, EvaluationRule.parse("relaxed"));
    assertEquals(EvaluationRule.SAMPLE, EvaluationRule.parse("discrete"));
    assertEquals(
        java.util.List.of(
            EvaluationRule.THRESHOLD,
            EvaluationRule.SAMPLE,
            EvaluationRule.RELAXED,
            EvaluationRule.EXPECTATION),
        new Pact().rules());
  }

  @Test
  void relaxedRuleThroughDecideIsSeeded() {
    StepOutputs out = fixture();
    TrainingConfig c = config("relaxed", "0.6667");
    int[] s1 = new int[1];
    int[] p1 = new int[1];
    int[] s2 = new int[1];
    int[] p2 = new int[1];
    new Pact().decide(out, EvaluationRule.RELAXED, c, new SplittableRandom(5), s1, p1);
    new Pact().decide(out, EvaluationRule.RELAXED, c, new SplittableRandom(5), s2, p2);
    assertEquals(s1[0], s2[0]);
    assertEquals(p1[0], p2[0]);
  }

  @Test
  void relaxedNoiseComesFromTheSeed() {
    StepOutputs out = fixture();
    TrainingConfig c = config("relaxed", "0.6667");
    double first =
        new Pact()
            .loss(
                out,
                new int[] {1},
                c,
                new SplittableRandom(3),
                Outputs.dOutput(out),
                Outputs.dHalting(out))
            .total();
    double again =
        new Pact()
            .loss(
                out,
                new int[] {1},
                c,
                new SplittableRandom(3),
                Outputs.dOutput(out),
                Outputs.dHalting(out))
            .total();
    double other =
        new Pact()
            .loss(
                out,
                new int[] {1},
                c,
                new SplittableRandom(4),
                Outputs.dOutput(out),
                Outputs.dHalting(out))
            .total();
    assertEquals(first, again, 0);
    assertNotEquals(first, other);
  }

  @Test
  void reinforceGradientAndBaseline() {
    StepOutputs out = fixture();
    TrainingConfig c = config("reinforce", "0.6667");
    Pact pact = new Pact();
    SplittableRandom rng = new SplittableRandom(8);
    float[] dOut = Outputs.dOutput(out);
    float[] dHalt = Outputs.dHalting(out);
    // first batch: c = its own loss, so the advantage is 0 and only τ∇E[N] remains:
    // ∂E[N]/∂a_j = −h_j Σ_{n>j} S_n with S = [1, 0.7, 0.35, 0.21] → [−0.378, −0.28, −0.084, 0]
    LossParts first = pact.reinforceLoss(out, new int[] {1}, c, rng, dOut, dHalt);
    assertArrayEquals(new float[] {-0.0378f, -0.028f, -0.0084f, 0f}, dHalt, 1e-6f);
    assertEquals(0.226, first.regularisation(), 1e-6);
    int k1 = sampledStep(dOut);
    double[] losses = {0.313262, 2.126928, 0.474077, 0.048587}; // ℓ(1, ŷ_n) = ln(1 + e^{−ŷ_n})
    assertEquals(losses[k1 - 1], first.reconstruction(), 1e-6);
    assertEquals(losses[k1 - 1], pact.baseline(), 1e-6);
    // draw until a step with a different loss comes up; its advantage is ℓ_k − c
    int k;
    double baseline;
    do {
      baseline = pact.baseline();
      pact.reinforceLoss(out, new int[] {1}, c, rng, dOut, dHalt);
      k = sampledStep(dOut);
    } while (k == k1);
    double advantage = losses[k - 1] - baseline;
    double[] h = {0.3, 0.5, 0.4};
    double[] expected = {-0.0378, -0.028, -0.0084, 0};
    for (int j = 1; j < k; j++) {
      expected[j - 1] += advantage * -h[j - 1]; // ∂log(1 − h_j)/∂a_j
    }
    if (k < 4) {
      expected[k - 1] += advantage * (1 - h[k - 1]); // ∂log h_k/∂a_k
    }
    for (int j = 0; j < 4; j++) {
      assertEquals(expected[j], dHalt[j], 1e-6, "a_" + (j + 1) + " after sampling step " + k);
    }
    assertEquals(0.99 * baseline + 0.01 * losses[k - 1], pact.baseline(), 1e-6);
  }

  private static int sampledStep(float[] dOutput) {
    int k = 0;
    for (int n = 0; n < dOutput.length; n++) {
      if (dOutput[n] != 0) {
        assertEquals(0, k, "only the sampled step gets an output gradient");
        k = n + 1;
      }
    }
    return k;
  }

  /**
   * REINFORCE is unbiased: over 100,000 draws the mean gradient is E_q[∇] = ∇(Σ_n q_n ℓ_n) +
   * τ∇E[N]; with label 0 (ℓ_n = ln(1 + e^{ŷ_n})) that is [0.029485, −0.366075, −0.174259] +
   * 0.1·[−0.378, −0.28, −0.084] = [−0.008315, −0.394075, −0.182659]. Each component is checked
   * within 4 standard errors of the Monte-Carlo mean (SE from the draws themselves, about 0.002),
   * not a fixed ±0.01, which was wider than the first component itself. (Mutation seen failing:
   * dropping the τ∇E[N] term moves the first component by 0.0378, ~19 SE.)
   */
  @Test
  void reinforceIsUnbiasedOnAverage() {
    int batch = 100_000;
    float[] outputs = new float[4 * batch];
    float[] halting = new float[4 * batch];
    float[] perStep = {1f, -2f, 0.5f, 3f};
    float[] logits = {Outputs.logit(0.3), 0f, Outputs.logit(0.4), 0f};
    for (int n = 0; n < 4; n++) {
      for (int b = 0; b < batch; b++) {
        outputs[n * batch + b] = perStep[n];
        halting[n * batch + b] = logits[n];
      }
    }
    StepOutputs out = new StepOutputs(outputs, halting, null, batch, 4, 1, OutputKind.BINARY);
    float[] dHalt = Outputs.dHalting(out);
    new Pact()
        .reinforceLoss(
            out,
            new int[batch],
            config("reinforce", "0.6667"),
            new SplittableRandom(21),
            Outputs.dOutput(out),
            dHalt);
    // labels 0 here: ℓ_n = ln(1 + e^{ŷ_n}) = [1.313262, 0.126928, 0.974077, 3.048587]
    double[] mean = new double[4];
    double[] square = new double[4];
    for (int n = 0; n < 4; n++) {
      for (int b = 0; b < batch; b++) {
        double perExample =
            (double) dHalt[n * batch + b] * batch; // dHalt is already divided by the batch
        mean[n] += perExample / batch;
        square[n] += perExample * perExample / batch;
      }
    }
    double[] expected =
        expectedReinforceGradient(new double[] {1.313262, 0.126928, 0.974077, 3.048587});
    assertArrayEquals(new double[] {-0.008315, -0.394075, -0.182659, 0}, expected, 1e-6);
    for (int n = 0; n < 3; n++) {
      double standardError = Math.sqrt((square[n] - mean[n] * mean[n]) / batch);
      assertTrue(standardError < 0.004, "a_" + (n + 1) + " SE " + standardError);
      assertEquals(expected[n], mean[n], 4 * standardError, "a_" + (n + 1));
    }
    assertEquals(0, mean[3], 0, "a_N has no gradient (h_N := 1)");
  }

  /** ∂/∂a_j of Σ q_n ℓ_n + 0.1·E[N] for h = [0.3, 0.5, 0.4]: e_j(1 − h_j) − h_j Σ_{n>j} e_n. */
  private static double[] expectedReinforceGradient(double[] loss) {
    double[] h = {0.3, 0.5, 0.4};
    double[] q = {0.3, 0.35, 0.14, 0.21};
    double[] dE = {-0.378, -0.28, -0.084, 0};
    double[] g = new double[4];
    for (int j = 0; j < 3; j++) {
      double later = 0;
      for (int n = j + 1; n < 4; n++) {
        later += q[n] * loss[n];
      }
      g[j] = q[j] * loss[j] * (1 - h[j]) - h[j] * later + 0.1 * dE[j];
    }
    return g;
  }

  @Test
  void priorIsTheNormalisedTruncatedGeometric() {
    // τ = ln 2: p ∝ 2^{−n} over 1..3 = [4/7, 2/7, 1/7]
    TrainingConfig c = Outputs.config("pact-tau", Double.toString(Math.log(2)));
    assertArrayEquals(new double[] {4 / 7.0, 2 / 7.0, 1 / 7.0}, new Pact().prior(c, 3), 1e-12);
    // τ = 0: uniform
    assertArrayEquals(
        new double[] {0.25, 0.25, 0.25, 0.25},
        new Pact().prior(Outputs.config("pact-tau", "0"), 4),
        1e-12);
  }

  @Test
  void thresholdHaltsAtTheFirstHAboveOneHalf() {
    // h_2 = 0.5 is not > 0.5; h_3 = σ(0.5) is
    StepOutputs out =
        Outputs.binary(new float[] {1f, 1f, -1f, 1f}, new float[] {-1f, 0f, 0.5f, -2f});
    int[] step = new int[1];
    int[] prediction = new int[1];
    Pact pact = new Pact();
    pact.decide(out, EvaluationRule.THRESHOLD, config("relaxed", "0.6667"), null, step, prediction);
    assertEquals(3, step[0]);
    assertEquals(0, prediction[0]);
    StepOutputs never =
        Outputs.binary(new float[] {1f, 1f, -1f, 1f}, new float[] {-1f, -1f, -1f, -1f});
    pact.decide(
        never, EvaluationRule.THRESHOLD, config("relaxed", "0.6667"), null, step, prediction);
    assertEquals(4, step[0]);
    assertEquals(1, prediction[0]);
  }

  @Test
  void expectationAndSampleRules() {
    StepOutputs out = fixture();
    int[] step = new int[1];
    int[] prediction = new int[1];
    Pact pact = new Pact();
    // round(E[N]) = round(2.26) = 2; Σ q σ(ŷ) = 0.3·0.731 + 0.35·0.119 + 0.14·0.622 + 0.21·0.953 =
    // 0.55 → 1
    pact.decide(out, EvaluationRule.EXPECTATION, config("relaxed", "1"), null, step, prediction);
    assertEquals(2, step[0]);
    assertEquals(1, prediction[0]);
    int[] again = new int[1];
    pact.decide(
        out,
        EvaluationRule.SAMPLE,
        config("relaxed", "1"),
        new SplittableRandom(5),
        step,
        prediction);
    pact.decide(
        out,
        EvaluationRule.SAMPLE,
        config("relaxed", "1"),
        new SplittableRandom(5),
        again,
        prediction);
    assertEquals(step[0], again[0]);
    // h_1 ≈ 1: the sample always halts at 1
    StepOutputs sure = Outputs.binary(new float[] {1f, 1f}, new float[] {50f, -50f});
    for (long seed = 0; seed < 20; seed++) {
      pact.decide(
          sure,
          EvaluationRule.SAMPLE,
          config("relaxed", "1"),
          new SplittableRandom(seed),
          step,
          prediction);
      assertEquals(1, step[0]);
    }
  }
}
