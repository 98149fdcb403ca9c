package org.ponderlab.core.halting;

import java.util.SplittableRandom;

/**
 * PALBERT's Q-exit: halt at the first n with Σ_{j≤n} p_j &gt; q, p_n from the halting logits in log
 * space (HALTING.md "PonderNet"); the same arithmetic, in the same order, as {@link
 * PonderNet#logHaltingDistribution}.
 */
final class QExitDecider extends StepOutputDecider {
  private final double q;
  private double[] logSurvive = new double[0];
  private double[] cdf = new double[0];

  QExitDecider(double q) {
    this.q = q;
  }

  @Override
  void start(int batch, SplittableRandom rng) {
    logSurvive = new double[batch];
    cdf = new double[batch];
  }

  @Override
  boolean haltsBeforeLast(StepOutputs out, int n, int row, int b) {
    double a = out.halting(n, row);
    double logP = TaskLoss.logSigmoid(a) + logSurvive[b];
    logSurvive[b] += TaskLoss.logSigmoid(-a);
    cdf[b] += Math.exp(logP);
    return cdf[b] > q;
  }
}
