package org.ponderlab.core.halting;

import java.util.Arrays;

/**
 * Halting "probabilities" of a deterministic rule: 1 at each example's halting step, 0 elsewhere.
 */
final class OneHot {
  private OneHot() {}

  /** {@code p[(n-1)*batch + b]} = [n == haltStep[b]]. */
  static void fill(StepOutputs out, int[] haltStep, float[] p) {
    int batch = out.batch();
    Arrays.fill(p, 0, out.steps() * batch, 0f);
    for (int b = 0; b < batch; b++) {
      p[(haltStep[b] - 1) * batch + b] = 1f;
    }
  }
}
