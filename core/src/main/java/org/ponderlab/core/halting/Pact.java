package org.ponderlab.core.halting;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Probabilistic Adaptive Computation Time (Figurnov et al. 2018; paper 002; HALTING.md "PACT").
 *
 * <ul>
 *   <li>Halting probabilities h_n = σ(a_n) for n &lt; N and h_N := 1, so q(z = n) = h_n
 *       Π_{i&lt;n}(1 − h_i) (paper eq. 15) sums to 1.
 *   <li>Expected iterations E[N] = Σ_n n·q(z = n) (eq. 24) = Σ_{n=1..N} S_n with the survival S_n =
 *       Π_{i&lt;n}(1 − h_i); so ∂E[N]/∂a_j = −h_j Σ_{n&gt;j} S_n for j &lt; N.
 *   <li>Prior: truncated geometric with penalty τ, log p(z = n) = −τ n + const (eq. 20).
 * </ul>
 *
 * <p>Training, {@code relaxed} (default; eqs. 17–19): u ~ U(0,1), ξ̂_n = σ(v_n) with v_n = (a_n +
 * logit u)/T; ẑ_n = ξ̂_n Π_{i&lt;n}(1 − ξ̂_i), ẑ_N = Π_{i&lt;N}(1 − ξ̂_i); loss ℓ(y, Σ ẑ_n ŷ_n) +
 * τ·E[N]. log ẑ_n is the same stick-breaking as PonderNet's log p_n with v in place of a, so with
 * e_n = ∂ℓ/∂log ẑ_n = ẑ_n·(g·ŷ_n): ∂ℓ/∂a_j = (e_j(1 − ξ̂_j) − ξ̂_j Σ_{n&gt;j} e_n)/T.
 *
 * <p>Training, {@code reinforce} (eq. 26): sample ξ_n ~ Bernoulli(h_n), halt at the first ξ_n = 1;
 * the output logits get ∇ℓ(y, ŷ_z), the halting logits the surrogate (ℓ(y, ŷ_z) − c)·∇log q(z) +
 * τ∇E[N], with c an exponential moving average (decay 0.99) of the batch-mean loss kept in this
 * instance. The advantage uses c from before the current batch, so the estimator stays unbiased;
 * the first batch initialises c to its own mean (otherwise c = 0 would make the first advantages
 * huge).
 *
 * <p>Evaluation (HALTING.md: thresholded, discrete, relaxed): THRESHOLD (default: the first n with
 * h_n &gt; 0.5, paper eq. 16), SAMPLE (HALTING.md's {@code discrete}: Bernoulli(h_n)), RELAXED (the
 * training estimator: one draw of the relaxed weights ẑ, prediction from Σ ẑ_n ŷ_n over all N
 * steps, steps reported as round(Σ n·ẑ_n)), EXPECTATION (the prediction Σ_n q(z = n)·σ(ŷ_n) over
 * all steps, steps reported as round(E[N])).
 */
public final class Pact implements HaltingMethod {
  /**
   * PACT's hyperparameters.
   *
   * @param tau prior penalty τ on E[N]
   * @param temperature relaxed-Bernoulli temperature T
   * @param reinforce train with the score-function estimator instead of the relaxed one
   */
  public record Params(double tau, double temperature, boolean reinforce) {}

  private final ParamsMemo<Params> params = new ParamsMemo<>(HaltingSettings::pact);

  /** Decay of the REINFORCE baseline's moving average (paper 002 §5). */
  static final double BASELINE_DECAY = 0.99;

  private double baseline = Double.NaN;
  private double[] logitNoise = new double[0];
  private double[] logZ = new double[0];
  private double[] e = new double[0];
  private double[] survival = new double[0];
  private double[] sampledLoss = new double[0];
  private int[] sampledStep = new int[0];
  private double[] mixed = new double[0];
  private double[] grad = new double[0];

  @Override
  public String name() {
    return "pact";
  }

  @Override
  public List<EvaluationRule> rules() {
    return List.of(
        EvaluationRule.THRESHOLD,
        EvaluationRule.SAMPLE,
        EvaluationRule.RELAXED,
        EvaluationRule.EXPECTATION);
  }

  /** The truncated geometric p(n) = e^{−τn} / Σ_{m=1..N} e^{−τm} (paper eq. 20). */
  @Override
  public double[] prior(HaltingSettings config, int steps) {
    double tau = params.of(config).tau();
    double[] p = new double[steps];
    double sum = 0;
    for (int n = 1; n <= steps; n++) {
      // relative to step 1 so a large τ cannot underflow the first term
      p[n - 1] = Math.exp(-tau * (n - 1));
      sum += p[n - 1];
    }
    for (int n = 0; n < steps; n++) {
      p[n] /= sum;
    }
    return p;
  }

  /** The REINFORCE baseline c (NaN before the first reinforce batch). */
  double baseline() {
    return baseline;
  }

  /** The REINFORCE baseline, saved with the run so a resumed run continues exactly. */
  @Override
  public double[] trainingState() {
    return new double[] {baseline};
  }

  @Override
  public void restoreTrainingState(double[] state) {
    baseline = state.length == 0 ? Double.NaN : state[0];
  }

  /**
   * E[N] = Σ_n S_n of example b, leaving the survivals S_n = Π_{i&lt;n}(1 − h_i) in {@code
   * survival} for {@link #addExpectedStepsGradient}.
   */
  private double expectedSteps(StepOutputs out, int b) {
    int steps = out.steps();
    double s = 1;
    double total = 0;
    for (int n = 1; n <= steps; n++) {
      survival[n - 1] = s;
      total += s;
      if (n < steps) {
        s *= TaskLoss.sigmoid(-out.halting(n, b));
      }
    }
    return total;
  }

  /** τ·∂E[N]/∂a_j = −τ h_j Σ_{n&gt;j} S_n, added (times scale) into dHalting for j &lt; N. */
  private void addExpectedStepsGradient(StepOutputs out, int b, double tauScale, float[] dHalting) {
    int steps = out.steps();
    double later = 0;
    for (int j = steps - 1; j >= 1; j--) {
      later += survival[j];
      double hj = TaskLoss.sigmoid(out.halting(j, b));
      dHalting[(j - 1) * out.batch() + b] += (float) (-tauScale * hj * later);
    }
  }

  @Override
  public LossParts loss(
      StepOutputs out,
      int[] labels,
      HaltingSettings config,
      SplittableRandom rng,
      float[] dOutput,
      float[] dHalting) {
    if (params.of(config).reinforce()) {
      return reinforceLoss(out, labels, config, rng, dOutput, dHalting);
    }
    int count = (out.steps() - 1) * out.batch();
    if (logitNoise.length < count) {
      logitNoise = new double[count];
    }
    for (int i = 0; i < count; i++) {
      logitNoise[i] = logisticNoise(rng);
    }
    return relaxedLoss(out, labels, config, logitNoise, dOutput, dHalting);
  }

  /**
   * The relaxed loss for given noise logit(u), index {@code (n-1)*batch + b} for n &lt; N: a
   * deterministic function of the logits, so its gradient can be checked by finite differences.
   */
  LossParts relaxedLoss(
      StepOutputs out,
      int[] labels,
      HaltingSettings config,
      double[] noise,
      float[] dOutput,
      float[] dHalting) {
    int steps = out.steps();
    int batch = out.batch();
    int width = MixedLogits.width(out);
    ensure(steps, batch, width);
    double temperature = params.of(config).temperature();
    double tau = params.of(config).tau();
    double invBatch = 1.0 / batch;
    Arrays.fill(dOutput, 0, steps * batch * out.outputs(), 0f);
    Arrays.fill(dHalting, 0, steps * batch, 0f);
    double rec = 0;
    double expected = 0;
    for (int b = 0; b < batch; b++) {
      // log ẑ_n = log σ(v_n) + Σ_{i<n} log σ(−v_i), never the log of a product that may be 0
      double logSurvive = 0;
      for (int n = 1; n < steps; n++) {
        double v = (out.halting(n, b) + noise[(n - 1) * batch + b]) / temperature;
        logZ[n - 1] = TaskLoss.logSigmoid(v) + logSurvive;
        logSurvive += TaskLoss.logSigmoid(-v);
      }
      logZ[steps - 1] = logSurvive;
      Arrays.fill(mixed, 0);
      for (int n = 1; n <= steps; n++) {
        MixedLogits.accumulate(out, n, b, Math.exp(logZ[n - 1]), mixed);
      }
      rec += MixedLogits.loss(out.kind(), mixed, width, labels[b]);
      MixedLogits.gradient(out.kind(), mixed, width, labels[b], grad);
      for (int n = 1; n <= steps; n++) {
        double z = Math.exp(logZ[n - 1]);
        MixedLogits.addToStep(out, n, b, z * invBatch, grad, dOutput);
        e[n - 1] = z * MixedLogits.dot(out, n, b, grad);
      }
      double later = 0; // Σ_{n>j} e_n
      for (int j = steps - 1; j >= 1; j--) {
        later += e[j];
        double v = (out.halting(j, b) + noise[(j - 1) * batch + b]) / temperature;
        double xi = TaskLoss.sigmoid(v);
        double dv = e[j - 1] * TaskLoss.sigmoid(-v) - xi * later;
        dHalting[(j - 1) * batch + b] = (float) (dv / temperature * invBatch);
      }
      expected += expectedSteps(out, b);
      addExpectedStepsGradient(out, b, tau * invBatch, dHalting);
    }
    return new LossParts(rec * invBatch, tau * expected * invBatch);
  }

  /** The score-function estimator of paper 002 eq. 26, with the moving-average baseline. */
  LossParts reinforceLoss(
      StepOutputs out,
      int[] labels,
      HaltingSettings config,
      SplittableRandom rng,
      float[] dOutput,
      float[] dHalting) {
    int steps = out.steps();
    int batch = out.batch();
    ensure(steps, batch, MixedLogits.width(out));
    double tau = params.of(config).tau();
    double invBatch = 1.0 / batch;
    Arrays.fill(dOutput, 0, steps * batch * out.outputs(), 0f);
    Arrays.fill(dHalting, 0, steps * batch, 0f);
    double rec = 0;
    for (int b = 0; b < batch; b++) {
      int k = PonderNet.sampledStep(out, b, rng);
      sampledStep[b] = k;
      sampledLoss[b] = TaskLoss.loss(out, k, b, labels[b]);
      rec += sampledLoss[b];
      TaskLoss.addGradient(out, k, b, labels[b], invBatch, dOutput);
    }
    double batchMean = rec * invBatch;
    if (Double.isNaN(baseline)) {
      baseline = batchMean;
    }
    double expected = 0;
    for (int b = 0; b < batch; b++) {
      int k = sampledStep[b];
      double advantage = (sampledLoss[b] - baseline) * invBatch;
      // log q(z = k) = log σ(a_k) [k < N] + Σ_{j<k} log σ(−a_j)
      for (int j = 1; j < k; j++) {
        dHalting[(j - 1) * batch + b] += (float) (-advantage * TaskLoss.sigmoid(out.halting(j, b)));
      }
      if (k < steps) {
        dHalting[(k - 1) * batch + b] += (float) (advantage * TaskLoss.sigmoid(-out.halting(k, b)));
      }
      expected += expectedSteps(out, b);
      addExpectedStepsGradient(out, b, tau * invBatch, dHalting);
    }
    baseline = BASELINE_DECAY * baseline + (1 - BASELINE_DECAY) * batchMean;
    return new LossParts(batchMean, tau * expected * invBatch);
  }

  /** E[N] = Σ_n n·h_n Π_{i&lt;n}(1 − h_i) with h_N := 1 (paper eq. 24), from h-values directly. */
  static double expectedSteps(double[] h) {
    double survive = 1;
    double mean = 0;
    for (int n = 1; n <= h.length; n++) {
      double halt = n == h.length ? 1 : h[n - 1];
      mean += n * halt * survive;
      survive *= 1 - halt;
    }
    return mean;
  }

  /** q(z = n) = h_n Π_{i&lt;n}(1 − h_i), h_N := 1: PonderNet's p_n of the same logits. */
  @Override
  public void haltingProbabilities(StepOutputs out, HaltingSettings config, float[] p) {
    ensure(out.steps(), out.batch(), MixedLogits.width(out));
    for (int b = 0; b < out.batch(); b++) {
      PonderNet.logHaltingDistribution(out, b, logZ);
      for (int n = 1; n <= out.steps(); n++) {
        p[(n - 1) * out.batch() + b] = (float) Math.exp(logZ[n - 1]);
      }
    }
  }

  /**
   * Expectation: halts at round(E[N]) and predicts from the mixture Σ p_n ŷ_n. Relaxed: draws the
   * noise as training does and predicts from the relaxed mixture ({@link #decideRelaxed}).
   */
  @Override
  public void decideWithAllSteps(
      StepOutputs out,
      EvaluationRule rule,
      HaltingSettings config,
      SplittableRandom rng,
      int[] haltStep,
      int[] prediction) {
    if (rule == EvaluationRule.RELAXED) {
      int count = (out.steps() - 1) * out.batch();
      double[] noise = new double[count];
      for (int i = 0; i < count; i++) {
        noise[i] = logisticNoise(rng);
      }
      decideRelaxed(out, params.of(config).temperature(), noise, haltStep, prediction);
      return;
    }
    if (rule != EvaluationRule.EXPECTATION) {
      throw unknownRule(rule);
    }
    int steps = out.steps();
    int batch = out.batch();
    ensure(steps, batch, MixedLogits.width(out));
    float[] weights = new float[steps * batch];
    haltingProbabilities(out, config, weights);
    for (int b = 0; b < batch; b++) {
      haltStep[b] = (int) Math.max(1, Math.min(steps, Math.round(expectedSteps(out, b))));
      prediction[b] = TaskLoss.predictMixture(out, weights, b);
    }
  }

  /**
   * The relaxed rule for given noise logit(u) (index {@code (n-1)*batch + b}, n &lt; N): ẑ as in
   * training, the prediction from the mixed logits Σ ẑ_n ŷ_n (the quantity the relaxed loss
   * trains), the halting step round(Σ n·ẑ_n). Deterministic given the noise, so it can be checked
   * by hand.
   */
  void decideRelaxed(
      StepOutputs out, double temperature, double[] noise, int[] haltStep, int[] prediction) {
    int steps = out.steps();
    int batch = out.batch();
    int width = MixedLogits.width(out);
    ensure(steps, batch, width);
    for (int b = 0; b < batch; b++) {
      double logSurvive = 0;
      for (int n = 1; n < steps; n++) {
        double v = (out.halting(n, b) + noise[(n - 1) * batch + b]) / temperature;
        logZ[n - 1] = TaskLoss.logSigmoid(v) + logSurvive;
        logSurvive += TaskLoss.logSigmoid(-v);
      }
      logZ[steps - 1] = logSurvive;
      Arrays.fill(mixed, 0);
      double meanStep = 0;
      for (int n = 1; n <= steps; n++) {
        double z = Math.exp(logZ[n - 1]);
        MixedLogits.accumulate(out, n, b, z, mixed);
        meanStep += n * z;
      }
      haltStep[b] = (int) Math.max(1, Math.min(steps, Math.round(meanStep)));
      prediction[b] = MixedLogits.predict(out.kind(), mixed, width);
    }
  }

  /** logit(u) for u ~ U(0, 1), redrawing the one value (u = 0) whose logit is −∞. */
  private static double logisticNoise(SplittableRandom rng) {
    double u;
    do {
      u = rng.nextDouble();
    } while (u == 0);
    return Math.log(u) - Math.log1p(-u);
  }

  @Override
  public StepDecider stepDecider(EvaluationRule rule, HaltingSettings config) {
    return switch (rule) {
      case THRESHOLD -> new ThresholdDecider();
      case SAMPLE -> new SampleDecider();
      default -> null;
    };
  }

  private void ensure(int steps, int batch, int width) {
    if (logZ.length < steps) {
      logZ = new double[steps];
      e = new double[steps];
      survival = new double[steps];
    }
    if (sampledLoss.length < batch) {
      sampledLoss = new double[batch];
      sampledStep = new int[batch];
    }
    if (mixed.length != width) {
      mixed = new double[width];
      grad = new double[width];
    }
  }
}
