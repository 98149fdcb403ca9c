package org.ponderlab.core.halting;

/**
 * The value of a training loss on one batch, split as the charts show it.
 *
 * @param reconstruction the task part (PonderNet L_rec; ACT/PACT the task loss of the mixed output)
 * @param regularisation the halting part (β·KL, τ·ponder cost, τ·E[N]; 0 where a method has none)
 */
public record LossParts(double reconstruction, double regularisation) {
  public double total() {
    return reconstruction + regularisation;
  }

  public boolean isFinite() {
    return Double.isFinite(reconstruction) && Double.isFinite(regularisation);
  }
}
