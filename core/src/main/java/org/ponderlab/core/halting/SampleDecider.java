package org.ponderlab.core.halting;

import java.util.SplittableRandom;

/**
 * PonderNet's sampling rule (and PACT's discrete one): at each step halt with probability λ_n =
 * σ(a_n); the last step always halts. Each example draws from its own stream, seeded from the
 * evaluation's stream in example order, so stopping other examples early changes nothing.
 */
final class SampleDecider extends StepOutputDecider {
  private SplittableRandom[] streams = new SplittableRandom[0];

  @Override
  void start(int batch, SplittableRandom rng) {
    streams = new SplittableRandom[batch];
    for (int b = 0; b < batch; b++) {
      streams[b] = new SplittableRandom(rng.nextLong());
    }
  }

  @Override
  boolean haltsBeforeLast(StepOutputs out, int n, int row, int b) {
    return streams[b].nextDouble() < TaskLoss.sigmoid(out.halting(n, row));
  }
}
