package org.ponderlab.core.halting;

import java.util.SplittableRandom;

/** PACT's thresholded rule: halt at the first n with h_n &gt; 0.5, i.e. a_n &gt; 0 (paper 002 eq. 16). */
final class ThresholdDecider implements StepDecider {
  private int[] prediction = new int[0];

  @Override
  public void begin(int batch, SplittableRandom rng) {
    prediction = new int[batch];
  }

  @Override
  public boolean halts(StepOutputs out, int n, int row, int b, boolean last) {
    boolean halt = last || out.halting(n, row) > 0;
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
