package org.ponderlab.core.halting;

import java.util.SplittableRandom;

/** PABEE: exit once the prediction has stayed the same for {@code patience} consecutive steps. */
final class PatienceDecider extends StepOutputDecider {
  private final int patience;
  private int[] previous = new int[0];
  private int[] unchanged = new int[0];

  PatienceDecider(int patience) {
    this.patience = patience;
  }

  @Override
  void start(int batch, SplittableRandom rng) {
    previous = new int[batch];
    unchanged = new int[batch];
  }

  @Override
  boolean haltsBeforeLast(StepOutputs out, int n, int row, int b) {
    int current = TaskLoss.predict(out, n, row);
    if (n > 1) {
      unchanged[b] = current == previous[b] ? unchanged[b] + 1 : 0;
    }
    previous[b] = current;
    return n > 1 && unchanged[b] >= patience;
  }
}
