package org.ponderlab.core.halting;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * L2 Adaptive Computation (Shemiranifar and Dehghani; paper 001; HALTING.md "LAC"): no halting
 * parameters, no extra loss term; the halting step comes from the hidden states' L2 norms.
 *
 * <ul>
 *   <li>δ_t = ‖h_t‖ − ‖h_{t−1}‖ with ‖h_0‖ = 0.
 *   <li>Steps 1 and 2 always run. After step t ≥ 2, halt if |δ_t| &lt; α·(max D − min D) with D =
 *       {0, δ_1, …, δ_{t−1}}; the last step always halts.
 *   <li>Per-example mode ({@code lac-mode=example}): each example's own norms and decision.
 *       Per-batch mode ({@code batch}): one norm over the whole batch's state, sqrt(Σ_b ‖h_b‖²),
 *       and one decision for the batch.
 * </ul>
 *
 * <p>This follows HALTING.md where the reference code differs (REFERENCE-IMPLEMENTATIONS §7): the
 * decision uses δ_t of the step just run (the reference lags one layer and so always runs three),
 * and the per-example mode really decides per example (the reference's mask-less "E" mode is a
 * batch decision). The zero in D is kept, as the reference's initial buffer value: the range is at
 * least max |δ|.
 *
 * <p>Training takes the ordinary task loss at the halting step, so LAC is active in training as in
 * evaluation; the halting logits get no gradient.
 *
 * <p>Compute is saved for real ({@link EarlyExit}): with a stepwise network the trainer and the
 * evaluator run a batch one step at a time and stop once the batch decision halts (mode {@code
 * batch}) or once every example of the batch has halted (mode {@code example}; an example that
 * halted earlier is still counted at its own step). The {@code last-step} rule runs every step.
 */
public final class Lac implements HaltingMethod, EarlyExit {
  /**
   * LAC's hyperparameters.
   *
   * @param alpha halt when |δ| &lt; α·range
   * @param perBatch one decision for the whole batch instead of one per example
   */
  public record Params(double alpha, boolean perBatch) {}

  private final ParamsMemo<Params> params = new ParamsMemo<>(HaltingSettings::lac);

  private double[] norms = new double[0];
  private int[] haltSteps = new int[0];

  @Override
  public String name() {
    return "lac";
  }

  @Override
  public List<EvaluationRule> rules() {
    return List.of(EvaluationRule.LAC, EvaluationRule.LAST_STEP);
  }

  /**
   * The LAC halting step (1-based) for a sequence of norms ‖h_1‖..‖h_steps‖; step {@code steps}
   * always halts.
   */
  static int haltingStep(double[] norms, int steps, double alpha) {
    int t = firstHalt(norms, steps - 1, alpha);
    return t == 0 ? steps : t;
  }

  /**
   * The first t in 2..count after which LAC halts, |δ_t| &lt; α·(max D − min D), for norms
   * ‖h_1‖..‖h_count‖; 0 if none does (no forced halt: the caller knows whether step count is the
   * last).
   */
  static int firstHalt(double[] norms, int count, double alpha) {
    double previous = 0; // ‖h_0‖
    double maxD = 0; // D starts as {0}
    double minD = 0;
    for (int t = 1; t <= count; t++) {
      double delta = norms[t - 1] - previous;
      previous = norms[t - 1];
      if (t >= 2 && Math.abs(delta) < alpha * (maxD - minD)) {
        return t;
      }
      maxD = Math.max(maxD, delta);
      minD = Math.min(minD, delta);
    }
    return 0;
  }

  /**
   * Each example's LAC halting step under the config's α and mode, into {@code haltStep}. After an
   * early stop ({@link StepOutputs#stoppedEarly()}) every example halted within the steps run (that
   * is why the batch stopped), so the cap is the last step run.
   */
  void haltingSteps(StepOutputs out, HaltingSettings config, int[] haltStep) {
    int steps = out.steps();
    int batch = out.batch();
    if (params.of(config).perBatch()) {
      batchNorms(out, steps);
      Arrays.fill(haltStep, 0, batch, haltingStep(norms, steps, params.of(config).alpha()));
      return;
    }
    for (int b = 0; b < batch; b++) {
      exampleNorms(out, b, steps);
      haltStep[b] = haltingStep(norms, steps, params.of(config).alpha());
    }
  }

  /**
   * Training, and the {@code lac} rule: true once the batch decision halts (mode {@code batch}), or
   * once every example has halted (mode {@code example}). Other rules run every step.
   */
  @Override
  public boolean stopsEarly(HaltingSettings config, EvaluationRule rule) {
    return rule == null || rule == EvaluationRule.LAC;
  }

  @Override
  public boolean enough(StepOutputs soFar, HaltingSettings config, EvaluationRule rule) {
    if (!stopsEarly(config, rule)) {
      return false;
    }
    int steps = soFar.steps();
    if (params.of(config).perBatch()) {
      batchNorms(soFar, steps);
      return firstHalt(norms, steps, params.of(config).alpha()) > 0;
    }
    for (int b = 0; b < soFar.batch(); b++) {
      exampleNorms(soFar, b, steps);
      if (firstHalt(norms, steps, params.of(config).alpha()) == 0) {
        return false;
      }
    }
    return true;
  }

  /** One norm over the whole batch's state per step, sqrt(Σ_b ‖h_b‖²), into {@code norms}. */
  private void batchNorms(StepOutputs out, int steps) {
    float[] hidden = hiddenNorms(out, steps);
    int batch = out.batch();
    for (int n = 1; n <= steps; n++) {
      double sumSquares = 0;
      for (int b = 0; b < batch; b++) {
        double v = hidden[(n - 1) * batch + b];
        sumSquares += v * v;
      }
      norms[n - 1] = Math.sqrt(sumSquares);
    }
  }

  /** Example b's norms per step into {@code norms}. */
  private void exampleNorms(StepOutputs out, int b, int steps) {
    float[] hidden = hiddenNorms(out, steps);
    for (int n = 1; n <= steps; n++) {
      norms[n - 1] = hidden[(n - 1) * out.batch() + b];
    }
  }

  private float[] hiddenNorms(StepOutputs out, int steps) {
    if (out.hiddenNorms() == null) {
      throw new IllegalStateException("LAC needs the network's hidden-state norms");
    }
    if (norms.length < steps) {
      norms = new double[steps];
    }
    return out.hiddenNorms();
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
    ensure(batch);
    haltingSteps(out, config, haltSteps);
    Arrays.fill(dOutput, 0, steps * batch * out.outputs(), 0f);
    Arrays.fill(dHalting, 0, steps * batch, 0f);
    double invBatch = 1.0 / batch;
    double rec = 0;
    for (int b = 0; b < batch; b++) {
      rec += TaskLoss.loss(out, haltSteps[b], b, labels[b]);
      TaskLoss.addGradient(out, haltSteps[b], b, labels[b], invBatch, dOutput);
    }
    return new LossParts(rec * invBatch, 0);
  }

  /** One-hot at the LAC halting step. */
  @Override
  public void haltingProbabilities(StepOutputs out, HaltingSettings config, float[] p) {
    ensure(out.batch());
    haltingSteps(out, config, haltSteps);
    OneHot.fill(out, haltSteps, p);
  }

  /** Per-batch LAC: one decision from the whole batch's norms. */
  @Override
  public void decideWithAllSteps(
      StepOutputs out,
      EvaluationRule rule,
      HaltingSettings config,
      SplittableRandom rng,
      int[] haltStep,
      int[] prediction) {
    if (rule != EvaluationRule.LAC) {
      throw unknownRule(rule);
    }
    haltingSteps(out, config, haltStep);
    for (int b = 0; b < out.batch(); b++) {
      prediction[b] = TaskLoss.predict(out, haltStep[b], b);
    }
  }

  /**
   * Per-example LAC and the last-step rule decide step by step; per-batch LAC needs the whole
   * batch.
   */
  @Override
  public StepDecider stepDecider(EvaluationRule rule, HaltingSettings config) {
    return switch (rule) {
      case LAC -> params.of(config).perBatch() ? null : new LacDecider(params.of(config).alpha());
      case LAST_STEP -> new LastStepDecider();
      default -> null;
    };
  }

  private void ensure(int batch) {
    if (haltSteps.length < batch) {
      haltSteps = new int[batch];
    }
  }
}
