package org.ponderlab.core.halting;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The PALBERT variant of PonderNet (Balagansky and Gavrilov 2022; paper 004; HALTING.md "PALBERT
 * variant"): PonderNet's loss L_rec + β·KL with the geometric prior of {@link Params#ponder()},
 * plus the KL truncation, and Q-exit as the default evaluation rule.
 *
 * <ul>
 *   <li>Prior: user-selectable like PonderNet's. The PALBERT preset uses {@code prior=tail} (the
 *       tail lumped on the last step, as tinkoff-ai/palbert); this class does not force it, so the
 *       three published priors can be compared.
 *   <li>Truncation ({@code truncate-epsilon} = ε, 0 disables): step n leaves the KL once the
 *       cumulative p before it, Σ_{j&lt;n} p_j, exceeds 1 − ε. Those steps are excluded
 *       (HALTING.md's first option), not refilled with ε/N as the reference does. The mask is a
 *       constant for the gradient.
 *   <li>p_n is PonderNet's with λ_N := 1, so Σ p_n = 1; the reference code has no forced last halt
 *       (its "PDF Sum" can be &lt; 1).
 *   <li>Rules: Q_EXIT (default; halt at the first n with Σ_{j≤n} p_j &gt; q), SAMPLE, EXPECTATION,
 *       MODE; all delegate to {@link PonderNet}.
 * </ul>
 *
 * <p>Truncated training stops the forward ({@link EarlyExit}), as the reference's training loop
 * breaks: once every example of the batch has Σ_{j≤n} p_j &gt; 1 − ε, every later step of every
 * example is out of the KL, and the steps are not run. Their p_n (less than ε per example in all)
 * then leave L_rec too, as in the reference, and step n is not a forced halt (the lost mass is in
 * no p_n). Evaluation runs every step (the charts show p_n and accuracy at every step).
 *
 * <p>The network side is {@link org.ponderlab.core.model.PalbertNetwork}: the Lambda head on [h_n,
 * h_{n−1}] (3 × (Linear + tanh), then Linear → 1) whose parameter range ({@code lambdaHead()})
 * takes {@code lambda-lr}. This class only sees its logits, like every method.
 */
public final class Palbert implements HaltingMethod, EarlyExit {
  /**
   * PALBERT's hyperparameters: PonderNet's loss and prior, plus the KL truncation.
   *
   * @param ponder λ_p, β, prior, KL direction and q, as PonderNet's
   * @param truncateEpsilon steps past cumulative p &gt; 1 − ε leave the KL (0 disables)
   */
  public record Params(PonderNet.Params ponder, double truncateEpsilon) {}

  private final ParamsMemo<Params> params = new ParamsMemo<>(HaltingSettings::palbert);

  private final PonderNet ponder = new PonderNet();

  @Override
  public String name() {
    return "palbert";
  }

  @Override
  public List<EvaluationRule> rules() {
    return List.of(
        EvaluationRule.Q_EXIT,
        EvaluationRule.SAMPLE,
        EvaluationRule.EXPECTATION,
        EvaluationRule.MODE);
  }

  @Override
  public double[] prior(HaltingSettings config, int steps) {
    return ponder.prior(params.of(config).ponder(), steps);
  }

  @Override
  public LossParts loss(
      StepOutputs out,
      int[] labels,
      HaltingSettings config,
      SplittableRandom rng,
      float[] dOutput,
      float[] dHalting) {
    Params p = params.of(config);
    return ponder.loss(out, labels, p.ponder(), p.truncateEpsilon(), dOutput, dHalting);
  }

  /**
   * Training with truncation (ε &gt; 0) only: true once Π_{j≤n}(1 − λ_j) &lt; ε for every example,
   * i.e. Σ_{j≤n} p_j &gt; 1 − ε, so that every later step would be out of the KL.
   */
  @Override
  public boolean stopsEarly(HaltingSettings config, EvaluationRule rule) {
    return rule == null && params.of(config).truncateEpsilon() > 0;
  }

  @Override
  public boolean enough(StepOutputs soFar, HaltingSettings config, EvaluationRule rule) {
    if (!stopsEarly(config, rule)) {
      return false;
    }
    double logEpsilon = Math.log(params.of(config).truncateEpsilon());
    for (int b = 0; b < soFar.batch(); b++) {
      double logSurvive = 0;
      for (int n = 1; n <= soFar.steps(); n++) {
        logSurvive += TaskLoss.logSigmoid(-soFar.halting(n, b));
      }
      if (logSurvive >= logEpsilon) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void haltingProbabilities(StepOutputs out, HaltingSettings config, float[] p) {
    ponder.haltingProbabilities(out, config, p);
  }

  @Override
  public void decideWithAllSteps(
      StepOutputs out,
      EvaluationRule rule,
      HaltingSettings config,
      SplittableRandom rng,
      int[] haltStep,
      int[] prediction) {
    if (!rules().contains(rule)) {
      throw unknownRule(rule);
    }
    ponder.decideWithAllSteps(out, rule, config, rng, haltStep, prediction);
  }

  @Override
  public StepDecider stepDecider(EvaluationRule rule, HaltingSettings config) {
    return rules().contains(rule) ? ponder.stepDecider(rule, params.of(config).ponder()) : null;
  }
}
