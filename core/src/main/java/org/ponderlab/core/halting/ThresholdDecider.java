package org.ponderlab.core.halting;

import java.util.SplittableRandom;

/**
 * PACT's thresholded rule: halt at the first n with h_n &gt; 0.5, i.e. a_n &gt; 0 (paper 002 eq.
 * 16).
 */
final class ThresholdDecider extends StepOutputDecider {
  @Override
  void start(int batch, SplittableRandom rng) {}

  @Override
  boolean haltsBeforeLast(StepOutputs out, int n, int row, int b) {
    return out.halting(n, row) > 0;
  }
}
