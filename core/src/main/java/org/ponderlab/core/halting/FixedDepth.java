package org.ponderlab.core.halting;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The fixed-depth baseline (HALTING.md "Fixed depth"): always N steps, loss ℓ(y, ŷ_N). It shows the
 * cost every adaptive method is compared against.
 */
final class FixedDepth implements HaltingMethod {
  private int[] haltSteps = new int[0];

  @Override
  public String name() {
    return "fixed";
  }

  @Override
  public List<EvaluationRule> rules() {
    return List.of(EvaluationRule.LAST_STEP);
  }

  @Override
  public LossParts loss(
      StepOutputs out,
      int[] labels,
      HaltingSettings config,
      SplittableRandom rng,
      float[] dOutput,
      float[] dHalting) {
    int steps = out.steps();
    int batch = out.batch();
    Arrays.fill(dOutput, 0, steps * batch * out.outputs(), 0f);
    Arrays.fill(dHalting, 0, steps * batch, 0f);
    double invBatch = 1.0 / batch;
    double rec = 0;
    for (int b = 0; b < batch; b++) {
      rec += TaskLoss.loss(out, steps, b, labels[b]);
      TaskLoss.addGradient(out, steps, b, labels[b], invBatch, dOutput);
    }
    return new LossParts(rec * invBatch, 0);
  }

  /** One-hot at N. */
  @Override
  public void haltingProbabilities(StepOutputs out, HaltingSettings config, float[] p) {
    if (haltSteps.length < out.batch()) {
      haltSteps = new int[out.batch()];
    }
    Arrays.fill(haltSteps, 0, out.batch(), out.steps());
    OneHot.fill(out, haltSteps, p);
  }

  @Override
  public StepDecider stepDecider(EvaluationRule rule, HaltingSettings config) {
    return rule == EvaluationRule.LAST_STEP ? new LastStepDecider() : null;
  }
}
