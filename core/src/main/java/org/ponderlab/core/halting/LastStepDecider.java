package org.ponderlab.core.halting;

import java.util.SplittableRandom;

/**
 * Halts every example at the last step: fixed depth, and the {@code last-step} rule of any method.
 */
final class LastStepDecider extends StepOutputDecider {
  @Override
  void start(int batch, SplittableRandom rng) {}

  @Override
  boolean haltsBeforeLast(StepOutputs out, int n, int row, int b) {
    return false;
  }
}
