package org.ponderlab.core.halting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.ponderlab.core.train.TrainingConfig;

/** LAC's halting rule on hand-made norm sequences (HALTING.md "LAC"). */
class LacTest {
  @Test
  void haltsAtStepTwoWhenTheSecondChangeIsSmall() {
    // δ = [1, 0.5]; D = {0, 1}: 0.5 < 1·1 → halt after step 2 (the lagged reference would run 3)
    assertEquals(2, Lac.haltingStep(new double[] {1.0, 1.5, 1.6, 1.65, 1.7}, 5, 1.0));
  }

  @Test
  void lowerAlphaRunsLonger() {
    // α = 0.4: t = 2: 0.5 < 0.4? no; t = 3: δ = 0.1, D = {0, 1, 0.5}: 0.1 < 0.4 → 3
    assertEquals(3, Lac.haltingStep(new double[] {1.0, 1.5, 1.6, 1.65, 1.7}, 5, 0.4));
  }

  @Test
  void theZeroInDWidensTheRange() {
    // δ = [2, 3, 2.9, 3.0, 3.1]. t = 3: D = {0, 2, 3}, range 3: 2.9 < 3 → halt.
    // Without the zero the range would be 1 and it would never halt before the last step.
    assertEquals(3, Lac.haltingStep(new double[] {2, 5, 7.9, 10.9, 14}, 5, 1.0));
  }

  @Test
  void negativeChangesCountInTheRange() {
    // δ = [3, −2, −0.1], α = 0.5. t = 2: 2 < 0.5·3? no. t = 3: D = {0, 3, −2}, range 5: 0.1 < 2.5 →
    // 3
    assertEquals(3, Lac.haltingStep(new double[] {3, 1, 0.9, 0.8}, 4, 0.5));
  }

  @Test
  void stepOneNeverHaltsAndTheLastAlwaysDoes() {
    // growing changes never pass the test: the cap halts
    assertEquals(4, Lac.haltingStep(new double[] {1, 3, 6, 10}, 4, 1.0));
    // a zero first change gives a zero range: |δ_2| < 0 is never true
    assertEquals(3, Lac.haltingStep(new double[] {0, 0, 0}, 3, 1.0));
    assertEquals(1, Lac.haltingStep(new double[] {5}, 1, 1.0));
  }

  /** Example 0 norms [1, 1.5, 1.6], example 1 [1, 3, 3.1]; outputs per step ŷ_{n,b}. */
  private static StepOutputs twoExamples() {
    float[][] outputs = {{1f, -1f}, {-2f, 2f}, {3f, -3f}};
    float[][] halting = new float[3][2];
    float[][] norms = {{1f, 1f}, {1.5f, 3f}, {1.6f, 3.1f}};
    return Outputs.binary(outputs, halting, norms);
  }

  @Test
  void perExampleAndPerBatchDecisions() {
    int[] step = new int[2];
    int[] prediction = new int[2];
    Lac lac = new Lac();
    // example 0: δ_2 = 0.5 < 1 → 2; example 1: δ_2 = 2 ≥ 1, δ_3 = 0.1 < 2 → 3
    lac.decide(
        twoExamples(),
        EvaluationRule.LAC,
        Outputs.config("method", "lac", "alpha", "1"),
        null,
        step,
        prediction);
    assertArrayEquals(new int[] {2, 3}, step);
    assertArrayEquals(new int[] {0, 0}, prediction);
    // batch norms √2 = 1.4142, √11.25 = 3.3541, √12.17 = 3.4886: δ = [1.414, 1.940, 0.134];
    // t = 2: 1.940 < 1.414? no; t = 3: 0.134 < 1.940 → both halt at 3
    TrainingConfig batchMode = Outputs.config("method", "lac", "alpha", "1", "lac-mode", "batch");
    lac.decide(twoExamples(), EvaluationRule.LAC, batchMode, null, step, prediction);
    assertArrayEquals(new int[] {3, 3}, step);
    assertArrayEquals(new int[] {1, 0}, prediction);
    lac.decide(twoExamples(), EvaluationRule.LAST_STEP, batchMode, null, step, prediction);
    assertArrayEquals(new int[] {3, 3}, step);
    assertThrows(
        IllegalArgumentException.class,
        () -> lac.decide(twoExamples(), EvaluationRule.SAMPLE, batchMode, null, step, prediction));
  }

  /** The first n steps of {@link #twoExamples()} as a pass stopped after step n of N = 3. */
  private static StepOutputs firstSteps(int n) {
    StepOutputs all = twoExamples();
    return new StepOutputs(
        all.outputLogits(), all.haltingLogits(), all.hiddenNorms(), 2, n, 1, all.kind(), 3);
  }

  @Test
  void enoughOnceEveryExampleHaltedOrTheBatchDecisionHalts() {
    Lac lac = new Lac();
    TrainingConfig example = Outputs.config("method", "lac", "alpha", "1");
    // example 0 halts after step 2, example 1 after step 3: the batch needs step 3
    assertFalse(lac.enough(firstSteps(1), example, null));
    assertFalse(lac.enough(firstSteps(2), example, null));
    assertFalse(lac.enough(firstSteps(2), example, EvaluationRule.LAC));
    // with α = 0.1 example 0 would not halt at 2 (0.5 < 0.1? no); δ_3 = 0.1 < 0.1·1? no: not enough
    // at 2
    assertFalse(lac.enough(firstSteps(2), Outputs.config("method", "lac", "alpha", "0.1"), null));
    // batch mode: δ_2 = 1.940 ≥ 1.414 → not enough after 2 steps
    TrainingConfig batchMode = Outputs.config("method", "lac", "alpha", "1", "lac-mode", "batch");
    assertFalse(lac.enough(firstSteps(2), batchMode, null));
    // last-step never stops early
    assertFalse(lac.enough(firstSteps(2), example, EvaluationRule.LAST_STEP));
  }

  @Test
  void enoughAfterTheLastExampleHalts() {
    // four steps of N = 6: example 0 halts after 2, example 1 after 4 (δ = [1, 2, 3, 0.5])
    float[][] outputs = new float[4][2];
    float[][] halting = new float[4][2];
    float[][] norms = {{1f, 1f}, {1.5f, 3f}, {1.6f, 6f}, {1.65f, 6.5f}};
    StepOutputs all = Outputs.binary(outputs, halting, norms);
    Lac lac = new Lac();
    TrainingConfig example = Outputs.config("method", "lac", "alpha", "1");
    for (int n = 1; n <= 4; n++) {
      StepOutputs soFar =
          new StepOutputs(
              all.outputLogits(), all.haltingLogits(), all.hiddenNorms(), 2, n, 1, all.kind(), 6);
      assertEquals(n == 4, lac.enough(soFar, example, null), "after step " + n);
    }
    // the loss and decision of the stopped pass see each example at its own step
    StepOutputs stopped =
        new StepOutputs(
            all.outputLogits(), all.haltingLogits(), all.hiddenNorms(), 2, 4, 1, all.kind(), 6);
    int[] step = new int[2];
    lac.decide(stopped, EvaluationRule.LAC, example, null, step, new int[2]);
    assertArrayEquals(new int[] {2, 4}, step);
  }

  @Test
  void lossIsTheTaskLossAtTheHaltingStep() {
    StepOutputs out = twoExamples();
    float[] dOut = Outputs.dOutput(out);
    float[] dHalt = Outputs.dHalting(out);
    java.util.Arrays.fill(dHalt, 3f);
    LossParts parts =
        new Lac()
            .loss(
                out,
                new int[] {1, 0},
                Outputs.config("method", "lac", "alpha", "1"),
                null,
                dOut,
                dHalt);
    // example 0 at step 2: ℓ(1, −2) = ln(1 + e²) = 2.126928; example 1 at step 3: ℓ(0, −3) = ln(1 +
    // e^{−3}) = 0.048587
    assertEquals((2.126928 + 0.048587) / 2, parts.reconstruction(), 1e-6);
    assertEquals(0, parts.regularisation());
    // dOutput only at (step 2, example 0): (σ(−2) − 1)/2 and (step 3, example 1): σ(−3)/2
    assertArrayEquals(new float[] {0f, 0f, -0.4403985f, 0f, 0f, 0.0237129f}, dOut, 1e-6f);
    assertArrayEquals(new float[6], dHalt);
    float[] p = new float[6];
    new Lac().haltingProbabilities(out, Outputs.config("method", "lac", "alpha", "1"), p);
    assertArrayEquals(new float[] {0f, 0f, 1f, 0f, 0f, 1f}, p);
  }

  @Test
  void needsHiddenNorms() {
    StepOutputs out = Outputs.binary(new float[] {1f, 1f}, new float[] {0f, 0f});
    assertThrows(
        IllegalStateException.class,
        () ->
            new Lac()
                .loss(
                    out,
                    new int[] {1},
                    TrainingConfig.defaults(),
                    null,
                    Outputs.dOutput(out),
                    Outputs.dHalting(out)));
  }
}
