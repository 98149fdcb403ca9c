package org.ponderlab.core.halting;

import java.util.SplittableRandom;

/**
 * PALBERT's Q-exit: halt at the first n with Σ_{j≤n} p_j &gt; q, p_n from the halting logits in log
 * space (HALTING.md "PonderNet"); the same arithmetic, in the same order, as {@link
 * PonderNet#logHaltingDistribution}.
 */
final class QExitDecider implements StepDecider {
  private final double q;
  private double[] logSurvive = new double[0];
  private double[] cdf = new double[0];
  private int[] prediction = new int[0];

  QExitDecider(double q) {
    this.q = q;
  }

  @Override
  public void begin(int batch, SplittableRandom rng) {
    logSurvive = new double[batch];
    cdf = new double[batch];
    prediction = new int[batch];
  }

  @Override
  public boolean halts(StepOutputs out, int n, int row, int b, boolean last) {
    boolean halt = last;
    if (!last) {
      double a = out.halting(n, row);
      double logP = TaskLoss.logSigmoid(a) + logSurvive[b];
      logSurvive[b] += TaskLoss.logSigmoid(-a);
      cdf[b] += Math.exp(logP);
      halt = cdf[b] > q;
    }
    if (halt) {
      prediction[b] = TaskLoss.predict(out, n, row);
    }
    return halt;
  }

  @Override
  public int prediction(int b) {
    return prediction[b];
  }
}
