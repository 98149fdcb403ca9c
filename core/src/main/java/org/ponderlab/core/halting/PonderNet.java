package org.ponderlab.core.halting;

import java.util.List;
import java.util.SplittableRandom;

/**
 * PonderNet (Banino et al. 2021; HALTING.md "PonderNet"): p_n = λ_n Π_{j&lt;n}(1 − λ_j) with λ_N :=
 * 1, loss L_rec + β·KL(p ‖ g) with g the geometric prior ({@link Prior}).
 *
 * <p>Everything is computed from the halting logits in log space, log p_n = log σ(a_n) + Σ_{j&lt;n}
 * log σ(−a_j), so no log of a probability that may be 0 is ever taken (REFERENCE-IMPLEMENTATIONS
 * pitfall 4). The gradient is derived by hand: with e_n = ∂L/∂log p_n, ∂L/∂a_j = e_j (1 − λ_j) −
 * λ_j Σ_{n&gt;j} e_n for j &lt; N, and 0 for the last step.
 *
 * <p>A batch that PALBERT's truncation stopped early ({@link Palbert#enough}) has no forced last
 * halt: every step run is a j &lt; N of the formulas above.
 */
public final class PonderNet implements HaltingMethod {
  /**
   * PonderNet's hyperparameters.
   *
   * @param lambdaP geometric prior parameter λ_p
   * @param beta KL weight β
   * @param prior which form of the geometric prior
   * @param klReversed KL(g‖p) instead of the paper's KL(p‖g)
   * @param q Q-exit threshold on the cumulative p
   */
  public record Params(double lambdaP, double beta, Prior prior, boolean klReversed, double q) {}

  private final ParamsMemo<Params> params = new ParamsMemo<>(HaltingSettings::ponderNet);

  private double[] logP = new double[0];
  private double[] loss = new double[0];
  private double[] priorValues;
  private double[] priorLog;
  private double priorLambdaP;
  private Prior priorKind;

  @Override
  public String name() {
    return "pondernet";
  }

  @Override
  public List<EvaluationRule> rules() {
    return List.of(
        EvaluationRule.SAMPLE,
        EvaluationRule.Q_EXIT,
        EvaluationRule.EXPECTATION,
        EvaluationRule.MODE);
  }

  @Override
  public double[] prior(HaltingSettings config, int steps) {
    return prior(params.of(config), steps);
  }

  double[] prior(Params params, int steps) {
    return params.prior().probabilities(params.lambdaP(), steps);
  }

  /**
   * log p_n for example b into {@code logP[0..steps)}; Σ exp = 1 exactly in exact arithmetic. After
   * an early stop ({@link StepOutputs#stoppedEarly()}) the last step run is not the forced halt λ_N
   * := 1: its p_n is λ_n Π_{j&lt;n}(1 − λ_j) like the others, and the mass of the steps never run
   * is in no p_n.
   */
  public static void logHaltingDistribution(StepOutputs out, int b, double[] logP) {
    int steps = out.steps();
    double logSurvive = 0; // Σ_{j<n} log σ(−a_j)
    for (int n = 1; n < steps; n++) {
      double a = out.halting(n, b);
      logP[n - 1] = TaskLoss.logSigmoid(a) + logSurvive;
      logSurvive += TaskLoss.logSigmoid(-a);
    }
    logP[steps - 1] =
        out.stoppedEarly() ? TaskLoss.logSigmoid(out.halting(steps, b)) + logSurvive : logSurvive;
  }

  @Override
  public LossParts loss(
      StepOutputs out,
      int[] labels,
      HaltingSettings config,
      SplittableRandom rng,
      float[] dOutput,
      float[] dHalting) {
    return loss(out, labels, params.of(config), 0, dOutput, dHalting);
  }

  /**
   * The loss with PALBERT's optional KL truncation (HALTING.md "PALBERT variant"): with {@code
   * truncateEpsilon} &gt; 0, a step n whose cumulative p before it, Σ_{j&lt;n} p_j, exceeds 1 − ε
   * leaves the KL (both directions). The mask is piecewise constant in the logits, so it is a
   * constant for the gradient. {@code truncateEpsilon} = 0 is plain PonderNet.
   */
  LossParts loss(
      StepOutputs out,
      int[] labels,
      Params config,
      double truncateEpsilon,
      float[] dOutput,
      float[] dHalting) {
    int steps = out.steps();
    int batch = out.batch();
    ensure(steps);
    double[] g =
        cachedPrior(config, out.maxSteps()); // the prior over 1..N, also after an early stop
    double[] logG = priorLog;
    boolean reversed = config.klReversed();
    double beta = config.beta();
    double invBatch = 1.0 / batch;
    double keepBelow = truncateEpsilon > 0 ? 1 - truncateEpsilon : Double.POSITIVE_INFINITY;
    java.util.Arrays.fill(dOutput, 0, steps * batch * out.outputs(), 0f);
    double rec = 0;
    double kl = 0;
    for (int b = 0; b < batch; b++) {
      logHaltingDistribution(out, b, logP);
      double[] e = loss; // reused as e_n = ∂L/∂log p_n
      double cdfBefore = 0; // Σ_{j<n} p_j, for the truncation
      for (int n = 1; n <= steps; n++) {
        double p = Math.exp(logP[n - 1]);
        double l = TaskLoss.loss(out, n, b, labels[b]);
        rec += p * l;
        TaskLoss.addGradient(out, n, b, labels[b], p * invBatch, dOutput);
        double en = p * l;
        if (cdfBefore <= keepBelow) {
          if (reversed) {
            kl += g[n - 1] * (logG[n - 1] - logP[n - 1]);
            en += -beta * g[n - 1];
          } else {
            kl += p * (logP[n - 1] - logG[n - 1]);
            en += beta * p * (logP[n - 1] - logG[n - 1] + 1);
          }
        }
        cdfBefore += p;
        e[n - 1] = en;
      }
      double later = 0; // Σ_{n>j} e_n
      dHalting[(steps - 1) * batch + b] = 0f; // λ_N := 1 is a constant
      for (int j = out.stoppedEarly() ? steps : steps - 1; j >= 1; j--) {
        later += j < steps ? e[j] : 0; // e[j] is e_{j+1}; nothing after the last step run
        double lambda = TaskLoss.sigmoid(out.halting(j, b));
        dHalting[(j - 1) * batch + b] =
            (float) ((e[j - 1] * (1 - lambda) - lambda * later) * invBatch);
      }
    }
    return new LossParts(rec * invBatch, beta * kl * invBatch);
  }

  /**
   * The prior and its log for this config, recomputed only when the prior kind, λ_p or N changes
   * (λ_p may change mid-run), so a training iteration allocates nothing.
   */
  private double[] cachedPrior(Params config, int steps) {
    if (priorValues == null
        || priorValues.length != steps
        || priorLambdaP != config.lambdaP()
        || config.prior() != priorKind) {
      priorValues = prior(config, steps);
      // λ_p is in (0, 1) (ConfigFields): λ_p = 1 would make the prior a point mass at step 1 and
      // KL(p‖g) infinite for any p that ever halts later, so it is outside the range, and the logs
      // are computed in log space so late steps stay finite however small g_n is
      priorLog = config.prior().logProbabilities(config.lambdaP(), steps);
      priorLambdaP = config.lambdaP();
      priorKind = config.prior();
    }
    return priorValues;
  }

  @Override
  public void haltingProbabilities(StepOutputs out, HaltingSettings config, float[] p) {
    ensure(out.steps());
    for (int b = 0; b < out.batch(); b++) {
      logHaltingDistribution(out, b, logP);
      for (int n = 1; n <= out.steps(); n++) {
        p[(n - 1) * out.batch() + b] = (float) Math.exp(logP[n - 1]);
      }
    }
  }

  /** Mode and expectation: each needs the whole distribution p_1..p_N. */
  @Override
  public void decideWithAllSteps(
      StepOutputs out,
      EvaluationRule rule,
      HaltingSettings config,
      SplittableRandom rng,
      int[] haltStep,
      int[] prediction) {
    if (rule != EvaluationRule.MODE && rule != EvaluationRule.EXPECTATION) {
      throw unknownRule(rule);
    }
    int steps = out.steps();
    ensure(steps);
    float[] weights = rule == EvaluationRule.EXPECTATION ? new float[steps * out.batch()] : null;
    if (weights != null) {
      haltingProbabilities(out, config, weights);
    }
    for (int b = 0; b < out.batch(); b++) {
      int n = rule == EvaluationRule.MODE ? modeStep(out, b) : expectedStep(out, b);
      haltStep[b] = n;
      prediction[b] =
          weights != null ? TaskLoss.predictMixture(out, weights, b) : TaskLoss.predict(out, n, b);
    }
  }

  @Override
  public StepDecider stepDecider(EvaluationRule rule, HaltingSettings config) {
    return stepDecider(rule, params.of(config));
  }

  StepDecider stepDecider(EvaluationRule rule, Params config) {
    return switch (rule) {
      case SAMPLE -> new SampleDecider();
      case Q_EXIT -> new QExitDecider(config.q());
      default -> null;
    };
  }

  /** Halts at each step with probability λ_n; the last step always halts. */
  static int sampledStep(StepOutputs out, int b, SplittableRandom rng) {
    for (int n = 1; n < out.steps(); n++) {
      if (rng.nextDouble() < TaskLoss.sigmoid(out.halting(n, b))) {
        return n;
      }
    }
    return out.steps();
  }

  int modeStep(StepOutputs out, int b) {
    logHaltingDistribution(out, b, logP);
    int best = 1;
    for (int n = 2; n <= out.steps(); n++) {
      if (logP[n - 1] > logP[best - 1]) {
        best = n;
      }
    }
    return best;
  }

  /** round(Σ n·p_n): the expectation rule runs every step, and this is what the histogram shows. */
  int expectedStep(StepOutputs out, int b) {
    logHaltingDistribution(out, b, logP);
    double mean = 0;
    for (int n = 1; n <= out.steps(); n++) {
      mean += n * Math.exp(logP[n - 1]);
    }
    return (int) Math.max(1, Math.min(out.steps(), Math.round(mean)));
  }

  private void ensure(int steps) {
    if (logP.length < steps) {
      logP = new double[steps];
      loss = new double[steps];
    }
  }
}
