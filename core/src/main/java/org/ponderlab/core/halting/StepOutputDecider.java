package org.ponderlab.core.halting;

import java.util.SplittableRandom;

/**
 * A {@link StepDecider} whose prediction is the halting step's own output (every rule but ACT's
 * mean field): subclasses say only whether an example halts before the last step.
 */
abstract class StepOutputDecider implements StepDecider {
  private int[] prediction = new int[0];

  @Override
  public final void begin(int batch, SplittableRandom rng) {
    prediction = new int[batch];
    start(batch, rng);
  }

  /** Per-example state for a new chunk of {@code batch} examples. */
  abstract void start(int batch, SplittableRandom rng);

  @Override
  public final boolean halts(StepOutputs out, int n, int row, int b, boolean last) {
    boolean halt = last || haltsBeforeLast(out, n, row, b);
    if (halt) {
      prediction[b] = TaskLoss.predict(out, n, row);
    }
    return halt;
  }

  /** Whether example b halts at step n, which is not the last; called once per step, in order. */
  abstract boolean haltsBeforeLast(StepOutputs out, int n, int row, int b);

  @Override
  public final int prediction(int b) {
    return prediction[b];
  }
}
