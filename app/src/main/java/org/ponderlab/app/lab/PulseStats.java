package org.ponderlab.app.lab;

import java.util.Arrays;
import java.util.Locale;

/** Durations in nanoseconds (gaps between FX pulses, chart redraw times) and their percentiles. */
final class PulseStats {
  private long[] values = new long[4096];
  private int count;

  void add(long nanos) {
    if (count == values.length) {
      values = Arrays.copyOf(values, count * 2);
    }
    values[count++] = nanos;
  }

  int count() {
    return count;
  }

  /** The p-th percentile (nearest rank), in milliseconds; NaN when empty. */
  double percentileMillis(double p) {
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * count);
    return sorted[Math.max(0, Math.min(count - 1, rank - 1))] / 1e6;
  }

  double maxMillis() {
    return percentileMillis(100);
  }

  /** Count of values above a threshold in milliseconds. */
  int above(double millis) {
    int n = 0;
    for (int i = 0; i < count; i++) {
      if (values[i] / 1e6 > millis) {
        n++;
      }
    }
    return n;
  }

  String summary() {
    return String.format(
        Locale.ROOT,
        "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d samples)",
        percentileMillis(50),
        percentileMillis(99),
        maxMillis(),
        count);
  }
}
