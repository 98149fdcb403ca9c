package org.ponderlab.core.train;

/**
 * One validation input as the ponder map shows it.
 *
 * @param index position in the validation set
 * @param difficulty its difficulty (parity: non-zeros)
 * @param input the input values (for the hover text)
 * @param label the true label
 * @param prediction the prediction under the evaluation rule
 * @param haltStep the halting step under the evaluation rule (1-based)
 * @param haltingProb p_n per step n = 1..N
 */
public record PonderRow(
    int index,
    int difficulty,
    float[] input,
    int label,
    int prediction,
    int haltStep,
    double[] haltingProb) {

  /**
   * The input's expected halting step E[n] = Σ n·p_n: deterministic, so views rank and badge inputs
   * by it rather than by one sampled {@link #haltStep} (for a deterministic rule's one-hot p it is
   * that rule's step).
   */
  public double expectedStep() {
    double e = 0;
    for (int n = 1; n <= haltingProb.length; n++) {
      e += n * haltingProb[n - 1];
    }
    return e;
  }

  /**
   * The Q-exit step at threshold q: the first n with Σ_{j≤n} p_j &gt; q (HALTING.md), N if the
   * stored p never passes q (rounding).
   */
  public int qExitStep(double q) {
    double cumulative = 0;
    for (int n = 1; n <= haltingProb.length; n++) {
      cumulative += haltingProb[n - 1];
      if (cumulative > q) {
        return n;
      }
    }
    return haltingProb.length;
  }
}
