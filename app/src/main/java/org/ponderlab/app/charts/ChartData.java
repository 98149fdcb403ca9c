package org.ponderlab.app.charts;

/** The numbers the charts draw, computed from a snapshot's plain arrays (pure functions). */
final class ChartData {
  private ChartData() {}

  /** Counts as fractions of their total (all zeros when the total is zero). */
  public static double[] fractions(int[] counts) {
    long total = 0;
    for (int c : counts) {
      total += c;
    }
    double[] f = new double[counts.length];
    for (int i = 0; i < counts.length && total > 0; i++) {
      f[i] = (double) counts[i] / total;
    }
    return f;
  }

  /**
   * Expected step Σ n·w_n / Σ w_n with steps n = 1..N (index n−1); for a distribution that sums to
   * 1 this is E[n]; an unnormalized prior is normalized first. NaN when the weights sum to 0.
   */
  public static double expectedStep(double[] weights) {
    double sum = 0;
    double weighted = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      weighted += (i + 1) * weights[i];
    }
    return sum == 0 ? Double.NaN : weighted / sum;
  }

  public static double sum(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s;
  }

  /**
   * TensorBoard's smoothing: an exponential moving average started at 0 and debiased, smoothed_t =
   * EMA_t / (1 − w^t) with EMA_t = w·EMA_{t−1} + (1 − w)·x_t and t counting the finite values so
   * far. Non-finite values pass through unchanged and do not enter the average. Weight 0 returns
   * the raw values.
   */
  public static double[] debiasedEma(double[] raw, double weight) {
    if (weight < 0 || weight >= 1) {
      throw new IllegalArgumentException("smoothing weight must be in [0, 1): " + weight);
    }
    double[] out = new double[raw.length];
    double last = 0;
    int count = 0;
    for (int i = 0; i < raw.length; i++) {
      double x = raw[i];
      if (!Double.isFinite(x)) {
        out[i] = x;
        continue;
      }
      last = last * weight + (1 - weight) * x;
      count++;
      double debias = 1 - Math.pow(weight, count);
      out[i] = last / debias;
    }
    return out;
  }
}
