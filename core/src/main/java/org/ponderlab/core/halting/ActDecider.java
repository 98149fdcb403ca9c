package org.ponderlab.core.halting;

import java.util.SplittableRandom;

/**
 * Graves' ACT: halt at the first n with Σ_{k≤n} h_k ≥ 1 − ε (or at the last step), predicting from
 * the mean-field logits Σ_{n&lt;N(x)} h_n ŷ_n + R ŷ_{N(x)}, R = 1 − Σ_{k&lt;N(x)} h_k; the sums run
 * in the same order as {@link Act}'s.
 */
final class ActDecider implements StepDecider {
  private final double threshold;
  private double[] cumulative = new double[0];
  private double[][] mixed = new double[0][];
  private int[] prediction = new int[0];

  ActDecider(double epsilon) {
    this.threshold = 1 - epsilon;
  }

  @Override
  public void begin(int batch, SplittableRandom rng) {
    cumulative = new double[batch];
    mixed = new double[batch][];
    prediction = new int[batch];
  }

  @Override
  public boolean halts(StepOutputs out, int n, int row, int b, boolean last) {
    int width = MixedLogits.width(out);
    if (mixed[b] == null) {
      mixed[b] = new double[width];
    }
    double h = TaskLoss.sigmoid(out.halting(n, row));
    double before = cumulative[b];
    boolean halt = last || before + h >= threshold;
    if (halt) {
      MixedLogits.accumulate(out, n, row, 1 - before, mixed[b]);
      prediction[b] = MixedLogits.predict(out.kind(), mixed[b], width);
      mixed[b] = null;
    } else {
      MixedLogits.accumulate(out, n, row, h, mixed[b]);
      cumulative[b] = before + h;
    }
    return halt;
  }

  @Override
  public int prediction(int b) {
    return prediction[b];
  }
}
