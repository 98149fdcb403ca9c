package org.ponderlab.core.halting;

import java.util.SplittableRandom;

/** Halts every example at the last step: fixed depth, and the {@code last-step} rule of any method. */
final class LastStepDecider implements StepDecider {
  private int[] prediction = new int[0];

  @Override
  public void begin(int batch, SplittableRandom rng) {
    prediction = new int[batch];
  }

  @Override
  public boolean halts(StepOutputs out, int n, int row, int b, boolean last) {
    if (last) {
      prediction[b] = TaskLoss.predict(out, n, row);
    }
    return last;
  }

  @Override
  public int prediction(int b) {
    return prediction[b];
  }
}
