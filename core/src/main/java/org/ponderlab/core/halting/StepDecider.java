package org.ponderlab.core.halting;

import java.util.SplittableRandom;

/**
 * An evaluation rule that decides while the steps run, one example at a time: after each step it
 * says whether the example halts there, having seen only that step and the ones before. Such a rule
 * lets inference really stop each example at its halting step (HALTING.md "Step recurrence":
 * executed compute is counted honestly), and the same object decides over a full pass ({@link
 * #decideAll}), so both give the same halting steps and predictions by construction.
 *
 * <p>Rules that need every step before deciding (PonderNet's {@code mode} and {@code expectation},
 * PACT's {@code expectation}, LAC's per-batch mode) have no decider.
 */
public interface StepDecider {
  /**
   * Starts a chunk of {@code batch} examples, numbered 0..batch−1. A stochastic rule draws one seed
   * per example from {@code rng}, in example order, so each example's draws do not depend on which
   * other examples are still running.
   */
  void begin(int batch, SplittableRandom rng);

  /**
   * Example {@code b} has just run step {@code n}, whose outputs are row {@code row} of step n in
   * {@code out}. Returns whether it halts at n; it must when {@code last} (no step follows). Called
   * for n = 1, 2, … in order until it returns true.
   */
  boolean halts(StepOutputs out, int n, int row, int b, boolean last);

  /** The prediction of example b, once {@link #halts} returned true for it. */
  int prediction(int b);

  /**
   * Decides every example of a pass that ran {@code out.steps()} steps: its halting step and
   * prediction, exactly as the step-by-step inference would.
   */
  static void decideAll(
      StepDecider decider,
      StepOutputs out,
      SplittableRandom rng,
      int[] haltStep,
      int[] prediction) {
    decider.begin(out.batch(), rng);
    int steps = out.steps();
    for (int b = 0; b < out.batch(); b++) {
      for (int n = 1; n <= steps; n++) {
        if (decider.halts(out, n, b, b, n == steps)) {
          haltStep[b] = n;
          prediction[b] = decider.prediction(b);
          break;
        }
      }
    }
  }
}
