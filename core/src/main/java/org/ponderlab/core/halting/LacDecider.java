package org.ponderlab.core.halting;

import java.util.SplittableRandom;

/**
 * LAC per example: after step t ≥ 2 halt if |δ_t| &lt; α·(max D − min D), δ_t = ‖h_t‖ − ‖h_{t−1}‖,
 * D = {0, δ_1, …, δ_{t−1}} (HALTING.md "LAC"); the running form of {@link Lac#firstHalt}.
 */
final class LacDecider extends StepOutputDecider {
  private final double alpha;
  private double[] previous = new double[0];
  private double[] maxD = new double[0];
  private double[] minD = new double[0];

  LacDecider(double alpha) {
    this.alpha = alpha;
  }

  @Override
  void start(int batch, SplittableRandom rng) {
    previous = new double[batch];
    maxD = new double[batch];
    minD = new double[batch];
  }

  @Override
  boolean haltsBeforeLast(StepOutputs out, int n, int row, int b) {
    if (out.hiddenNorms() == null) {
      throw new IllegalStateException("LAC needs the network's hidden-state norms");
    }
    double norm = out.hiddenNorms()[(n - 1) * out.batch() + row];
    double delta = norm - previous[b];
    previous[b] = norm;
    boolean halt = n >= 2 && Math.abs(delta) < alpha * (maxD[b] - minD[b]);
    maxD[b] = Math.max(maxD[b], delta);
    minD[b] = Math.min(minD[b], delta);
    return halt;
  }
}
