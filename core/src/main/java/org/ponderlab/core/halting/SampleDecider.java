package org.ponderlab.core.halting;

import java.util.SplittableRandom;

/**
 * PonderNet's sampling rule (and PACT's discrete one): at each step halt with probability λ_n =
 * σ(a_n); the last step always halts. Each example draws from its own stream, seeded from the
 * evaluation's stream in example order, so stopping other examples early changes nothing.
 */
final class SampleDecider implements StepDecider {
  private SplittableRandom[] streams = new SplittableRandom[0];
  private int[] prediction = new int[0];

  @Override
  public void begin(int batch, SplittableRandom rng) {
    streams = new SplittableRandom[batch];
    for (int b = 0; b < batch; b++) {
      streams[b] = new SplittableRandom(rng.nextLong());
    }
    prediction = new int[batch];
  }

  @Override
  public boolean halts(StepOutputs out, int n, int row, int b, boolean last) {
    boolean halt = last || streams[b].nextDouble() < TaskLoss.sigmoid(out.halting(n, row));
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
