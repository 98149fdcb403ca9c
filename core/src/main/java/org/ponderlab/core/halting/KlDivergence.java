package org.ponderlab.core.halting;

/** KL divergences between halting distributions over steps, for fixtures and charts. */
final class KlDivergence {
  private KlDivergence() {}

  /** KL(p ‖ q) = Σ p_n (log p_n − log q_n); terms with p_n = 0 contribute 0. */
  public static double of(double[] p, double[] q) {
    double kl = 0;
    for (int n = 0; n < p.length; n++) {
      if (p[n] > 0) {
        kl += p[n] * (Math.log(p[n]) - Math.log(q[n]));
      }
    }
    return kl;
  }
}
