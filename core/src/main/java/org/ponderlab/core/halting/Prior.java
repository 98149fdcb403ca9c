package org.ponderlab.core.halting;

/**
 * The geometric prior over halting steps 1..N of HALTING.md, g_n = λ_p (1 − λ_p)^{n−1}, in its
 * three published forms.
 */
public enum Prior {
  /** g / Σ g: a distribution over 1..N (the lab's default). */
  NORMALIZED("normalized"),
  /** g_N = 1 − Σ_{n&lt;N} g_n: the tail lumped on the last step (PALBERT). */
  TAIL("tail"),
  /** g as is, Σ g &lt; 1 (labml and others). */
  UNNORMALIZED("unnormalized");

  private final String cliName;

  Prior(String cliName) {
    this.cliName = cliName;
  }

  public static Prior parse(String name) {
    for (Prior p : values()) {
      if (p.cliName.equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown prior '" + name + "'; allowed: normalized, tail, unnormalized");
  }

  /** The prior's probabilities for steps 1..steps. */
  public double[] probabilities(double lambdaP, int steps) {
    double[] g = new double[steps];
    double sum = 0;
    for (int n = 0; n < steps; n++) {
      g[n] = lambdaP * Math.pow(1 - lambdaP, n);
      sum += g[n];
    }
    switch (this) {
      case NORMALIZED -> {
        for (int n = 0; n < steps; n++) {
          g[n] /= sum;
        }
      }
      case TAIL -> g[steps - 1] = Math.pow(1 - lambdaP, steps - 1);
      case UNNORMALIZED -> {}
    }
    return g;
  }

  /**
   * log g_n for steps 1..steps, computed in log space (log λ_p + (n−1)·log(1 − λ_p), normalised by
   * a log-sum-exp), so a prior whose late steps underflow to 0 as probabilities still has their
   * exact, finite logs: KL(p‖g) never sees log 0 for λ_p in (0, 1).
   */
  public double[] logProbabilities(double lambdaP, int steps) {
    double[] log = new double[steps];
    double logLambda = Math.log(lambdaP);
    double logStay = Math.log1p(-lambdaP);
    for (int n = 0; n < steps; n++) {
      log[n] = logLambda + n * logStay;
    }
    switch (this) {
      case NORMALIZED -> {
        double max = log[0]; // the largest term: g is decreasing
        double sum = 0;
        for (int n = 0; n < steps; n++) {
          sum += Math.exp(log[n] - max);
        }
        double logSum = max + Math.log(sum);
        for (int n = 0; n < steps; n++) {
          log[n] -= logSum;
        }
      }
      case TAIL -> log[steps - 1] = (steps - 1) * logStay;
      case UNNORMALIZED -> {}
    }
    return log;
  }

  @Override
  public String toString() {
    return cliName;
  }
}
