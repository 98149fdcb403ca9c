package org.ponderlab.core.halting;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Patience-based early exit (Zhou et al. 2020; the baseline of paper 004; HALTING.md "PABEE").
 *
 * <ul>
 *   <li>Training loss Σ_n n·ℓ(y, ŷ_n) / Σ_n n: later steps weigh more; the halting logits are
 *       unused.
 *   <li>PATIENCE rule, per example: a counter goes up when step n's prediction equals step n−1's
 *       and resets to 0 otherwise; exit at the first step where it reaches the patience t ({@code
 *       patience}), else at the last step. So the earliest exit is step t + 1.
 * </ul>
 *
 * <p>The decision is per example; the reference code's {@code torch.all} over the batch turns it
 * into a batch decision (REFERENCE-IMPLEMENTATIONS pitfall 14), which this class does not copy.
 */
public final class Pabee implements HaltingMethod {
  /**
   * PABEE's hyperparameters.
   *
   * @param patience exit after this many unchanged predictions (already scaled with N when the
   *     setting is 0)
   */
  public record Params(int patience) {}

  private final ParamsMemo<Params> params = new ParamsMemo<>(HaltingSettings::pabee);

  private int[] haltSteps = new int[0];
  private int[] predictions = new int[0];

  @Override
  public String name() {
    return "pabee";
  }

  @Override
  public List<EvaluationRule> rules() {
    return List.of(EvaluationRule.PATIENCE, EvaluationRule.LAST_STEP);
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
    double weightSum = steps * (steps + 1) / 2.0; // Σ_n n
    double invBatch = 1.0 / batch;
    double rec = 0;
    for (int b = 0; b < batch; b++) {
      for (int n = 1; n <= steps; n++) {
        double w = n / weightSum;
        rec += w * TaskLoss.loss(out, n, b, labels[b]);
        TaskLoss.addGradient(out, n, b, labels[b], w * invBatch, dOutput);
      }
    }
    return new LossParts(rec * invBatch, 0);
  }

  @Override
  public StepDecider stepDecider(EvaluationRule rule, HaltingSettings config) {
    return switch (rule) {
      case PATIENCE -> new PatienceDecider(params.of(config).patience());
      case LAST_STEP -> new LastStepDecider();
      default -> null;
    };
  }

  /** One-hot at the patience exit step. */
  @Override
  public void haltingProbabilities(StepOutputs out, HaltingSettings config, float[] p) {
    if (haltSteps.length < out.batch()) {
      haltSteps = new int[out.batch()];
      predictions = new int[out.batch()];
    }
    decide(out, EvaluationRule.PATIENCE, config, null, haltSteps, predictions);
    OneHot.fill(out, haltSteps, p);
  }
}
