package org.ponderlab.core.halting;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Adaptive Computation Time (Graves 2016; HALTING.md "ACT").
 *
 * <ul>
 *   <li>h-units h_n = σ(a_n); N(x) = min{n : Σ_{k≤n} h_k ≥ 1 − ε}, capped at the last step (which
 *       always halts). The comparison is ≥, as in mfigurnov/sact (REFERENCE-IMPLEMENTATIONS §12).
 *   <li>R = 1 − Σ_{k&lt;N(x)} h_k; weights w_n = h_n for n &lt; N(x), w_{N(x)} = R, 0 after.
 *   <li>Mean-field output logits ŷ = Σ w_n ŷ_n; loss ℓ(y, ŷ) + τ·ρ with ρ = N(x) + R.
 * </ul>
 *
 * <p>N(x) is piecewise constant, so it is a constant for the gradient: the halting logits get a
 * gradient only through R and through the weights of the mixed output. With g = dℓ/dŷ, for n &lt;
 * N(x): ∂L/∂h_n = g·(ŷ_n − ŷ_{N(x)}) − τ (the −τ because ∂R/∂h_n = −1), times h_n(1 − h_n) for a_n;
 * a_n for n ≥ N(x) gets 0.
 *
 * <p>Halting-bias initialisation matters (REFERENCE-IMPLEMENTATIONS pitfall 11): a bias of 0 or +1
 * is known to collapse to about 2 steps; SACT and PACT use −3. ACT's default is −3 (a per-method
 * default in {@code ConfigFields}), the value measured to learn parity-8 (docs/methods-results.md).
 */
public final class Act implements HaltingMethod {
  /**
   * ACT's hyperparameters.
   *
   * @param tau ponder-cost weight τ
   * @param epsilon halt once Σh ≥ 1 − ε
   */
  public record Params(double tau, double epsilon) {}

  private final ParamsMemo<Params> params = new ParamsMemo<>(HaltingSettings::act);

  private double[] h = new double[0];
  private double[] mixed = new double[0];
  private double[] grad = new double[0];

  @Override
  public String name() {
    return "act";
  }

  @Override
  public List<EvaluationRule> rules() {
    return List.of(EvaluationRule.ACT, EvaluationRule.LAST_STEP);
  }

  /**
   * N(x): the first n (1-based) with Σ_{k≤n} h_k ≥ 1 − ε, or {@code steps} if the sum never gets
   * there.
   */
  static int haltingStep(double[] h, int steps, double epsilon) {
    double threshold = 1 - epsilon;
    double cumulative = 0;
    for (int n = 1; n < steps; n++) {
      cumulative += h[n - 1];
      if (cumulative >= threshold) {
        return n;
      }
    }
    return steps;
  }

  /** h_n = σ(a_n) of example b into {@code h}, and N(x). */
  private int haltingUnits(StepOutputs out, int b, double epsilon) {
    for (int n = 1; n <= out.steps(); n++) {
      h[n - 1] = TaskLoss.sigmoid(out.halting(n, b));
    }
    return haltingStep(h, out.steps(), epsilon);
  }

  /** R = 1 − Σ_{k&lt;N} h_k, from the h of the last {@link #haltingUnits} call. */
  private double remainder(int haltStep) {
    double sum = 0;
    for (int k = 1; k < haltStep; k++) {
      sum += h[k - 1];
    }
    return 1 - sum;
  }

  /** The mean-field logits Σ w_n ŷ_n of example b into {@code mixed}. */
  private void mix(StepOutputs out, int b, int haltStep, double remainder) {
    Arrays.fill(mixed, 0);
    for (int n = 1; n < haltStep; n++) {
      MixedLogits.accumulate(out, n, b, h[n - 1], mixed);
    }
    MixedLogits.accumulate(out, haltStep, b, remainder, mixed);
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
    int width = MixedLogits.width(out);
    ensure(steps, width);
    double tau = params.of(config).tau();
    double invBatch = 1.0 / batch;
    Arrays.fill(dOutput, 0, steps * batch * out.outputs(), 0f);
    Arrays.fill(dHalting, 0, steps * batch, 0f);
    double rec = 0;
    double ponder = 0;
    for (int b = 0; b < batch; b++) {
      int haltStep = haltingUnits(out, b, params.of(config).epsilon());
      double r = remainder(haltStep);
      mix(out, b, haltStep, r);
      rec += MixedLogits.loss(out.kind(), mixed, width, labels[b]);
      ponder += haltStep + r;
      MixedLogits.gradient(out.kind(), mixed, width, labels[b], grad);
      for (int n = 1; n < haltStep; n++) {
        MixedLogits.addToStep(out, n, b, h[n - 1] * invBatch, grad, dOutput);
      }
      MixedLogits.addToStep(out, haltStep, b, r * invBatch, grad, dOutput);
      double lastTerm = MixedLogits.dot(out, haltStep, b, grad);
      for (int n = 1; n < haltStep; n++) {
        double dh = MixedLogits.dot(out, n, b, grad) - lastTerm - tau;
        double a = out.halting(n, b);
        double slope = TaskLoss.sigmoid(a) * TaskLoss.sigmoid(-a); // dh/da without cancellation
        dHalting[(n - 1) * batch + b] = (float) (dh * slope * invBatch);
      }
    }
    return new LossParts(rec * invBatch, tau * ponder * invBatch);
  }

  @Override
  public void haltingProbabilities(StepOutputs out, HaltingSettings config, float[] p) {
    int steps = out.steps();
    int batch = out.batch();
    ensure(steps, MixedLogits.width(out));
    Arrays.fill(p, 0, steps * batch, 0f);
    for (int b = 0; b < batch; b++) {
      int haltStep = haltingUnits(out, b, params.of(config).epsilon());
      for (int n = 1; n < haltStep; n++) {
        p[(n - 1) * batch + b] = (float) h[n - 1];
      }
      p[(haltStep - 1) * batch + b] = (float) remainder(haltStep);
    }
  }

  /**
   * ACT: halt at N(x) and predict from the mean-field logits (what the model was trained to
   * output). LAST_STEP: run all N steps and predict from ŷ_N.
   */
  @Override
  public StepDecider stepDecider(EvaluationRule rule, HaltingSettings config) {
    return switch (rule) {
      case ACT -> new ActDecider(params.of(config).epsilon());
      case LAST_STEP -> new LastStepDecider();
      default -> null;
    };
  }

  private void ensure(int steps, int width) {
    if (h.length < steps) {
      h = new double[steps];
    }
    if (mixed.length != width) {
      mixed = new double[width];
      grad = new double[width];
    }
  }
}
