package org.ponderlab.app.charts;

import java.util.ArrayList;
import java.util.List;
import org.ponderlab.core.train.Snapshot;

/**
 * The halting distribution over a whole run, as the heat map draws it: one column per (kept)
 * snapshot, spanning the iterations since the previous one, and in each column the share of
 * validation inputs that halted at step n. Plain arrays, built from the snapshot history on any
 * thread.
 *
 * <p>A long run has thousands of snapshots and a chart a few hundred pixels: at most {@code
 * maxColumns} evenly spaced snapshots are kept (always the first and the newest), so a redraw costs
 * the same at iteration 1,000 and 100,000.
 *
 * @param iterations the iteration of each column's snapshot (increasing)
 * @param starts where each column starts (the previous kept snapshot's iteration; the first column
 *     starts at 0)
 * @param shares {@code shares[c][n-1]}: share of inputs halting at step n in column c (sums to 1)
 * @param meanSteps the evaluation's mean halting step per column
 * @param steps N
 */
public record HaltingHistory(
    long[] iterations, long[] starts, double[][] shares, double[] meanSteps, int steps) {

  /** The history of {@code snapshots} (oldest first), thinned to at most {@code maxColumns}. */
  public static HaltingHistory of(List<Snapshot> snapshots, int maxColumns) {
    if (maxColumns < 2) {
      throw new IllegalArgumentException("maxColumns " + maxColumns + " must be at least 2");
    }
    List<Snapshot> kept = thin(snapshots, maxColumns);
    int columns = kept.size();
    int steps = kept.stream().mapToInt(Snapshot::steps).max().orElse(0);
    long[] iterations = new long[columns];
    long[] starts = new long[columns];
    double[][] shares = new double[columns][];
    double[] meanSteps = new double[columns];
    for (int c = 0; c < columns; c++) {
      Snapshot s = kept.get(c);
      iterations[c] = s.iteration();
      starts[c] = c == 0 ? 0 : iterations[c - 1];
      shares[c] = java.util.Arrays.copyOf(ChartData.fractions(s.haltingHistogram()), steps);
      meanSteps[c] = s.meanSteps();
    }
    return new HaltingHistory(iterations, starts, shares, meanSteps, steps);
  }

  /** At most {@code max} snapshots, evenly spaced over the list, first and last always kept. */
  static List<Snapshot> thin(List<Snapshot> snapshots, int max) {
    int n = snapshots.size();
    if (n <= max) {
      return List.copyOf(snapshots);
    }
    List<Snapshot> kept = new ArrayList<>(max);
    for (int k = 0; k < max; k++) {
      kept.add(snapshots.get((int) Math.round((double) k * (n - 1) / (max - 1))));
    }
    return kept;
  }

  public int columns() {
    return iterations.length;
  }

  public boolean isEmpty() {
    return iterations.length == 0;
  }
}
