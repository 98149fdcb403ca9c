package org.ponderlab.core.halting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ponderlab.core.train.TrainingConfig;

/** PALBERT: PonderNet's loss with the user's prior and the KL truncation. */
class PalbertTest {
  /** p = [0.2, 0.4, 0.4]. */
  private static StepOutputs fixture() {
    return Outputs.binary(new float[] {0f, 2f, -1f}, new float[] {Outputs.logit(0.2), 0f, 0f});
  }

  private static double regularisation(StepOutputs out, String kl, String epsilon) {
    TrainingConfig c =
        Outputs.config(
            "method",
            "palbert",
            "prior",
            "tail",
            "kl",
            kl,
            "beta",
            "1",
            "lambda-p",
            "0.2",
            "truncate-epsilon",
            epsilon);
    return new Palbert()
        .loss(out, new int[] {1}, c, null, Outputs.dOutput(out), Outputs.dHalting(out))
        .regularisation();
  }

  @ParameterizedTest
  @CsvSource({
    // cumulative p before each step: [0, 0.2, 0.6]; ε = 0.05 and 0 keep every step: HALTING.md's
    // tail fixture
    "forward, 0, 0.1785",
    "reversed, 0, 0.1542",
    "forward, 0.05, 0.1785",
    "reversed, 0.05, 0.1542",
    // ε = 0.5: 0.6 > 0.5 drops step 3: 0.2·ln(0.2/0.2) + 0.4·ln(0.4/0.16) = 0.366516
    // reversed: 0.2·ln(0.2/0.2) + 0.16·ln(0.16/0.4) = −0.146607
    "forward, 0.5, 0.366516",
    "reversed, 0.5, -0.146607"
  })
  void truncationOnTheFixture(String kl, String epsilon, double expected) {
    assertEquals(expected, regularisation(fixture(), kl, epsilon), 1e-4);
  }

  @Test
  void aConfidentFirstStepLeavesOnlyItInTheKl() {
    // λ_1 = 0.97 > 0.95: steps 2 and 3 leave; 0.97·ln(0.97/0.2) = 1.531609, 0.2·ln(0.2/0.97) =
    // −0.315796
    StepOutputs out =
        Outputs.binary(new float[] {0f, 2f, -1f}, new float[] {Outputs.logit(0.97), 0f, 0f});
    assertEquals(1.531609, regularisation(out, "forward", "0.05"), 1e-5);
    assertEquals(-0.315796, regularisation(out, "reversed", "0.05"), 1e-5);
  }

  @Test
  void priorComesFromTheConfig() {
    Palbert palbert = new Palbert();
    assertArrayEquals(
        new double[] {0.2, 0.16, 0.64}, palbert.prior(Outputs.config("prior", "tail"), 3), 1e-12);
    assertArrayEquals(
        Prior.NORMALIZED.probabilities(0.2, 3), palbert.prior(TrainingConfig.defaults(), 3), 1e-12);
  }

  @Test
  void qExitIsTheDefaultRule() {
    Palbert palbert = new Palbert();
    assertEquals(EvaluationRule.Q_EXIT, palbert.rules().get(0));
    int[] step = new int[1];
    int[] prediction = new int[1];
    palbert.decide(
        fixture(), EvaluationRule.Q_EXIT, Outputs.config("q", "0.5"), null, step, prediction);
    assertEquals(2, step[0]);
    assertEquals(1, prediction[0]);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            palbert.decide(
                fixture(),
                EvaluationRule.THRESHOLD,
                TrainingConfig.defaults(),
                null,
                step,
                prediction));
  }
}
