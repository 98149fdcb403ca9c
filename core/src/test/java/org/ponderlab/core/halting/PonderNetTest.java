package org.ponderlab.core.halting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ponderlab.core.train.TrainingConfig;

/** PonderNet against HALTING.md's fixtures (p = [0.2, 0.4, 0.4], λ_p = 0.2, N = 3). */
class PonderNetTest {
  private static final double[] P = {0.2, 0.4, 0.4};

  /** λ_1 = 0.2, λ_2 = 0.5 give p = [0.2, 0.8·0.5, 0.8·0.5]; a_3 is ignored (λ_N := 1). */
  private static StepOutputs fixture() {
    // ŷ = [0, 2, −1]: ℓ = [ln 2, ln(1 + e^{−2}), ln(1 + e)] for label 1
    return Outputs.binary(new float[] {0f, 2f, -1f}, new float[] {Outputs.logit(0.2), 0f, 7f});
  }

  @ParameterizedTest
  @CsvSource({
    "unnormalized, 0.8223, -0.2925",
    "normalized, 0.1049, 0.1181",
    "tail, 0.1785, 0.1542"
  })
  void klFixturesFromPriorAndKlDivergence(String prior, double forward, double reversed) {
    double[] g = Prior.parse(prior).probabilities(0.2, 3);
    assertEquals(forward, KlDivergence.of(P, g), 1e-4);
    assertEquals(reversed, KlDivergence.of(g, P), 1e-4);
  }

  @Test
  void priorValuesByHand() {
    // g = 0.2·0.8^{n−1} = [0.2, 0.16, 0.128], Σ = 0.488
    assertArrayEquals(
        new double[] {0.2, 0.16, 0.128}, Prior.UNNORMALIZED.probabilities(0.2, 3), 1e-12);
    assertArrayEquals(
        new double[] {0.2 / 0.488, 0.16 / 0.488, 0.128 / 0.488},
        Prior.NORMALIZED.probabilities(0.2, 3),
        1e-12);
    assertArrayEquals(new double[] {0.2, 0.16, 0.64}, Prior.TAIL.probabilities(0.2, 3), 1e-12);
  }

  @ParameterizedTest
  @CsvSource({
    "unnormalized, forward, 0.8223",
    "unnormalized, reversed, -0.2925",
    "normalized, forward, 0.1049",
    "normalized, reversed, 0.1181",
    "tail, forward, 0.1785",
    "tail, reversed, 0.1542"
  })
  void klFixturesThroughTheLoss(String prior, String direction, double kl) {
    TrainingConfig config =
        Outputs.config("prior", prior, "kl", direction, "beta", "0.5", "lambda-p", "0.2");
    StepOutputs out = fixture();
    LossParts parts =
        new PonderNet()
            .loss(
                out,
                new int[] {1},
                config,
                new SplittableRandom(1),
                Outputs.dOutput(out),
                Outputs.dHalting(out));
    assertEquals(0.5 * kl, parts.regularisation(), 1e-4);
    // L_rec = 0.2·ln 2 + 0.4·ln(1 + e^{−2}) + 0.4·ln(1 + e) = 0.714705
    assertEquals(0.714705, parts.reconstruction(), 1e-5);
  }

  @Test
  void haltingProbabilitiesOfTheFixture() {
    float[] p = new float[3];
    new PonderNet().haltingProbabilities(fixture(), TrainingConfig.defaults(), p);
    assertArrayEquals(new float[] {0.2f, 0.4f, 0.4f}, p, 1e-6f);
  }

  @Test
  void distributionSumsToOneForRandomAndExtremeLogits() {
    SplittableRandom rng = new SplittableRandom(3);
    StepOutputs random = Outputs.random(rng, 7, 20, 1, 4);
    float[][] extremes = {
      {50, 50, 50, 50, 50},
      {-50, -50, -50, -50, -50},
      {50, -50, 50, -50, 50},
      {-50, 50, -50, 50, -50},
      {-50, -50, -50, -50, 50}
    };
    for (HaltingMethod m :
        new HaltingMethod[] {new PonderNet(), new Palbert(), new Pact(), new Act()}) {
      float[] p = new float[random.steps() * random.batch()];
      m.haltingProbabilities(random, TrainingConfig.defaults(), p);
      assertColumnsSumToOne(p, random.batch(), random.steps(), m.name());
      for (float[] a : extremes) {
        StepOutputs out = Outputs.binary(new float[a.length], a);
        float[] q = new float[a.length];
        m.haltingProbabilities(out, TrainingConfig.defaults(), q);
        assertColumnsSumToOne(q, 1, a.length, m.name());
      }
    }
    // λ_1 ≈ 1: all mass on step 1; λ ≈ 0 everywhere: all mass on the last step
    float[] q = new float[5];
    new PonderNet()
        .haltingProbabilities(
            Outputs.binary(new float[5], extremes[0]), TrainingConfig.defaults(), q);
    assertEquals(1.0, q[0], 1e-6);
    new PonderNet()
        .haltingProbabilities(
            Outputs.binary(new float[5], extremes[1]), TrainingConfig.defaults(), q);
    assertEquals(1.0, q[4], 1e-6);
  }

  private static void assertColumnsSumToOne(float[] p, int batch, int steps, String method) {
    for (int b = 0; b < batch; b++) {
      double sum = 0;
      for (int n = 0; n < steps; n++) {
        float v = p[n * batch + b];
        assertTrue(Float.isFinite(v) && v >= 0, method + ": p not a probability: " + v);
        sum += v;
      }
      assertEquals(1.0, sum, 1e-5, method + " example " + b);
    }
  }

  /**
   * λ_p's range is (0, 1), and inside it the prior's logs are exact however small g_n is: p a point
   * mass at step 200 under λ_p 0.9 has KL(p‖g) = −log g_200 = −log 0.9 − 199·log 0.1 + log(1 −
   * 0.1^200) = 458.3198 (β 1). (Mutation seen failing: the earlier floor log g ≥ −100 gave ≈ 100.)
   */
  @Test
  void klStaysExactWhenTheTailOfThePriorUnderflows() {
    int steps = 200;
    float[] halting = new float[steps];
    java.util.Arrays.fill(halting, -60f); // λ_n ≈ e^−60: p ≈ one-hot at step 200
    float[] outputs = new float[steps];
    StepOutputs out = Outputs.binary(outputs, halting);
    TrainingConfig config = Outputs.config("lambda-p", "0.9", "beta", "1", "max-steps", "200");
    LossParts parts =
        new PonderNet()
            .loss(
                out,
                new int[] {1},
                config,
                new SplittableRandom(1),
                Outputs.dOutput(out),
                Outputs.dHalting(out));
    assertEquals(-Math.log(0.9) - 199 * Math.log(0.1), parts.regularisation(), 1e-6);
    assertEquals(458.3198, parts.regularisation(), 1e-4);
    assertThrows(
        org.ponderlab.core.train.ConfigException.class, () -> Outputs.config("lambda-p", "1"));
  }

  /** The log-space prior equals the log of the probabilities wherever those are representable. */
  @ParameterizedTest
  @CsvSource({"normalized", "tail", "unnormalized"})
  void logPriorMatchesTheProbabilities(String kind) {
    Prior prior = Prior.parse(kind);
    for (double lambdaP : new double[] {0.05, 0.2, 0.5, 0.95}) {
      double[] g = prior.probabilities(lambdaP, 12);
      double[] log = prior.logProbabilities(lambdaP, 12);
      for (int n = 0; n < 12; n++) {
        assertEquals(Math.log(g[n]), log[n], 1e-9, kind + " λ_p " + lambdaP + " n " + (n + 1));
      }
    }
  }

  /** Pitfall 4: λ ≈ 1 at step 1 puts p ≈ 0 on later steps; the reversed KL must stay finite. */
  @ParameterizedTest
  @CsvSource({
    "unnormalized, forward",
    "unnormalized, reversed",
    "normalized, forward",
    "normalized, reversed",
    "tail, forward",
    "tail, reversed"
  })
  void extremeLogitsGiveFiniteLossAndGradient(String prior, String direction) {
    TrainingConfig config = Outputs.config("prior", prior, "kl", direction);
    float[][] halting = {{50, -50, 50}, {50, -50, -50}, {50, -50, 50}, {-50, -50, 50}};
    float[][] outputs = {{50, -50, 0}, {-50, 50, 3}, {50, -50, 0}, {-50, 50, 3}};
    StepOutputs out = Outputs.binary(outputs, halting, null);
    for (HaltingMethod m : new HaltingMethod[] {new PonderNet(), new Palbert()}) {
      float[] dOut = Outputs.dOutput(out);
      float[] dHalt = Outputs.dHalting(out);
      LossParts parts =
          m.loss(out, new int[] {1, 0, 1}, config, new SplittableRandom(1), dOut, dHalt);
      assertTrue(parts.isFinite(), m.name() + " " + parts);
      for (float v : dOut) {
        assertTrue(Float.isFinite(v));
      }
      for (float v : dHalt) {
        assertTrue(Float.isFinite(v));
      }
    }
  }

  @Test
  void qExitModeAndExpectationOnTheFixture() {
    StepOutputs out = fixture(); // cdf = [0.2, 0.6, 1.0]; predictions per step [0, 1, 0]
    PonderNet method = new PonderNet();
    int[] step = new int[1];
    int[] prediction = new int[1];
    method.decide(out, EvaluationRule.Q_EXIT, Outputs.config("q", "0.5"), null, step, prediction);
    assertEquals(2, step[0]);
    assertEquals(1, prediction[0]);
    method.decide(out, EvaluationRule.Q_EXIT, Outputs.config("q", "0.1"), null, step, prediction);
    assertEquals(1, step[0]);
    assertEquals(0, prediction[0]);
    method.decide(out, EvaluationRule.Q_EXIT, Outputs.config("q", "0.7"), null, step, prediction);
    assertEquals(3, step[0]);
    // E[n] = 0.2 + 0.8 + 1.2 = 2.2 → step 2; Σ p σ(ŷ) = 0.2·0.5 + 0.4·0.881 + 0.4·0.269 = 0.56 → 1
    method.decide(
        out, EvaluationRule.EXPECTATION, TrainingConfig.defaults(), null, step, prediction);
    assertEquals(2, step[0]);
    assertEquals(1, prediction[0]);
  }

  @Test
  void modeIsTheArgmax() {
    // λ = [0.1, 0.7]: p = [0.1, 0.63, 0.27]
    StepOutputs out =
        Outputs.binary(
            new float[] {1, -1, 1}, new float[] {Outputs.logit(0.1), Outputs.logit(0.7), 0});
    int[] step = new int[1];
    int[] prediction = new int[1];
    new PonderNet()
        .decide(out, EvaluationRule.MODE, TrainingConfig.defaults(), null, step, prediction);
    assertEquals(2, step[0]);
    assertEquals(0, prediction[0]);
  }

  @Test
  void sampleIsSeededAndFollowsP() {
    int batch = 20_000;
    float[][] halting = new float[4][batch];
    for (int b = 0; b < batch; b++) {
      halting[0][b] = Outputs.logit(0.3);
      halting[1][b] = 0f;
      halting[2][b] = Outputs.logit(0.4);
    }
    StepOutputs out = Outputs.binary(new float[4][batch], halting, null);
    int[] first = new int[batch];
    int[] again = new int[batch];
    int[] other = new int[batch];
    int[] prediction = new int[batch];
    PonderNet method = new PonderNet();
    method.decide(
        out,
        EvaluationRule.SAMPLE,
        TrainingConfig.defaults(),
        new SplittableRandom(11),
        first,
        prediction);
    method.decide(
        out,
        EvaluationRule.SAMPLE,
        TrainingConfig.defaults(),
        new SplittableRandom(11),
        again,
        prediction);
    method.decide(
        out,
        EvaluationRule.SAMPLE,
        TrainingConfig.defaults(),
        new SplittableRandom(12),
        other,
        prediction);
    assertArrayEquals(first, again);
    assertNotEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(other));
    // p = [0.3, 0.35, 0.14, 0.21]; 20 000 draws: standard error ≤ 0.0035
    double[] expected = {0.3, 0.35, 0.14, 0.21};
    int[] histogram = new int[4];
    for (int s : first) {
      histogram[s - 1]++;
    }
    for (int n = 0; n < 4; n++) {
      assertEquals(expected[n], histogram[n] / (double) batch, 0.015, "step " + (n + 1));
    }
  }
}
