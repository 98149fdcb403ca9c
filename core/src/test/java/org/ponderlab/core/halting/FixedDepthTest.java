package org.ponderlab.core.halting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.ponderlab.core.task.OutputKind;
import org.ponderlab.core.train.TrainingConfig;

/** The fixed-depth baseline: loss and prediction at step N only. */
class FixedDepthTest {
  @Test
  void lossAndDecisionAtTheLastStep() {
    // 3 classes, 2 steps, one example; step 2 logits [0, ln 2, 0] → softmax [1/4, 1/2, 1/4]
    float ln2 = (float) Math.log(2);
    StepOutputs out =
        new StepOutputs(
            new float[] {5f, 0f, 0f, 0f, ln2, 0f},
            new float[] {0f, 0f},
            null,
            1,
            2,
            3,
            OutputKind.CLASSES);
    float[] dOut = Outputs.dOutput(out);
    float[] dHalt = Outputs.dHalting(out);
    LossParts parts =
        new FixedDepth().loss(out, new int[] {1}, TrainingConfig.defaults(), null, dOut, dHalt);
    assertEquals(Math.log(2), parts.reconstruction(), 1e-6); // −log ½
    assertArrayEquals(new float[] {0f, 0f, 0f, 0.25f, -0.5f, 0.25f}, dOut, 1e-6f);
    assertArrayEquals(new float[2], dHalt);
    int[] step = new int[1];
    int[] prediction = new int[1];
    FixedDepth fixed = new FixedDepth();
    fixed.decide(out, EvaluationRule.LAST_STEP, TrainingConfig.defaults(), null, step, prediction);
    assertEquals(2, step[0]);
    assertEquals(1, prediction[0]);
    float[] p = new float[2];
    fixed.haltingProbabilities(out, TrainingConfig.defaults(), p);
    assertArrayEquals(new float[] {0f, 1f}, p);
    assertNull(fixed.prior(TrainingConfig.defaults(), 2));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            fixed.decide(
                out, EvaluationRule.SAMPLE, TrainingConfig.defaults(), null, step, prediction));
  }
}
