package org.ponderlab.core.halting;

import java.util.List;
import java.util.SplittableRandom;

/**
 * One halting method of HALTING.md: how per-step logits become a training loss, and how a trained
 * model decides where each example halts. Implementations are stateless apart from preallocated
 * scratch (one instance per trainer thread) and read their hyperparameters from their own record of
 * the {@link HaltingSettings} handed to each call, so β, λ_p or τ may change between iterations.
 *
 * <p>A method that can decide while the steps run that a batch needs no more of them also
 * implements {@link EarlyExit} (LAC; PALBERT's truncated training); every other method sees all N
 * steps.
 */
public interface HaltingMethod {
  /** The command-line name ({@code pondernet}, {@code act}, ...). */
  String name();

  /** The evaluation rules this method supports; the first is its default. */
  List<EvaluationRule> rules();

  /**
   * The training loss on one batch. Overwrites {@code dOutput} and {@code dHalting} (layouts of
   * {@link StepOutputs}) with the loss's gradient with respect to the logits, already divided by
   * the batch size (the loss is a batch mean).
   */
  LossParts loss(
      StepOutputs out,
      int[] labels,
      HaltingSettings config,
      SplittableRandom rng,
      float[] dOutput,
      float[] dHalting);

  /**
   * Each example's probability of halting at each step as the method defines it (PonderNet p_n,
   * ACT's weights, PACT's p_n, a one-hot for deterministic rules), index {@code (n-1)*batch + b};
   * for the charts' mean p_n per step and ponder maps.
   */
  void haltingProbabilities(StepOutputs out, HaltingSettings config, float[] p);

  /**
   * Decides each example's halting step (1-based) and prediction (0/1, or the class) under a rule.
   * Stochastic rules draw from {@code rng}. A rule with a {@link StepDecider} decides through it,
   * so a full pass and per-example inference give the same answers; the others go to {@link
   * #decideWithAllSteps}.
   */
  default void decide(
      StepOutputs out,
      EvaluationRule rule,
      HaltingSettings config,
      SplittableRandom rng,
      int[] haltStep,
      int[] prediction) {
    StepDecider decider = stepDecider(rule, config);
    if (decider != null) {
      StepDecider.decideAll(decider, out, rng, haltStep, prediction);
    } else {
      decideWithAllSteps(out, rule, config, rng, haltStep, prediction);
    }
  }

  /**
   * The rule as a {@link StepDecider}, so inference can stop each example at its halting step; null
   * when the rule needs every step before it decides, or is not one of the method's rules.
   */
  default StepDecider stepDecider(EvaluationRule rule, HaltingSettings config) {
    return null;
  }

  /**
   * {@link #decide} for the rules without a {@link StepDecider}, which need every step first
   * (PonderNet's mode and expectation, PACT's expectation, per-batch LAC). By default the method
   * has none, so the rule is not one of its rules.
   */
  default void decideWithAllSteps(
      StepOutputs out,
      EvaluationRule rule,
      HaltingSettings config,
      SplittableRandom rng,
      int[] haltStep,
      int[] prediction) {
    throw unknownRule(rule);
  }

  /** The error for a rule this method does not have, naming the ones it has. */
  default IllegalArgumentException unknownRule(EvaluationRule rule) {
    return new IllegalArgumentException(
        name() + " has no evaluation rule '" + rule + "'; allowed: " + rules());
  }

  /**
   * The prior over halting steps 1..steps the method regularises towards, or null if it has none.
   */
  default double[] prior(HaltingSettings config, int steps) {
    return null;
  }

  /**
   * Training state the method carries from batch to batch (PACT's REINFORCE baseline), saved with a
   * run's model so a resumed run continues exactly; empty for a stateless method.
   */
  default double[] trainingState() {
    return new double[0];
  }

  /** Restores what {@link #trainingState()} returned. */
  default void restoreTrainingState(double[] state) {}
}
