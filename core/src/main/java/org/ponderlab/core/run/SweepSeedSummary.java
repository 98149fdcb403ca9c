package org.ponderlab.core.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sweep with {@code seed} among its axes, summarised over the seeds: one row per combination of
 * the other axes, with the mean and sample standard deviation (n − 1) of accuracy and mean steps
 * over the seeds whose cell has finished (sweep-seeds.csv). The per-cell rows stay in sweep.csv;
 * this table is what a multi-seed reproduction quotes.
 */
public final class SweepSeedSummary {
  public static final String FILE = "sweep-seeds.csv";

  private SweepSeedSummary() {}

  /** The summary table, or null when {@code seed} is not an axis of the grid. */
  public static String csv(SweepGrid grid, List<SweepResult> results) {
    List<String> others = new ArrayList<>(grid.axisNames());
    if (!others.remove("seed")) {
      return null;
    }
    Map<String, List<SweepResult>> groups = new LinkedHashMap<>();
    for (SweepResult r : results) {
      StringBuilder key = new StringBuilder();
      for (String axis : others) {
        key.append(r.cell().values().get(axis)).append(',');
      }
      groups.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(r);
    }
    StringBuilder b = new StringBuilder();
    for (String axis : others) {
      b.append(axis).append(',');
    }
    b.append("seeds,finished,accuracy_mean,accuracy_sd,mean_steps_mean,mean_steps_sd\n");
    for (Map.Entry<String, List<SweepResult>> g : groups.entrySet()) {
      List<SweepResult> done =
          g.getValue().stream().filter(r -> r.status().equals("finished")).toList();
      double[] acc = done.stream().mapToDouble(SweepResult::accuracy).toArray();
      double[] steps = done.stream().mapToDouble(SweepResult::meanSteps).toArray();
      b.append(g.getKey())
          .append(g.getValue().size())
          .append(',')
          .append(done.size())
          .append(',')
          .append(format("%.5f", mean(acc)))
          .append(',')
          .append(format("%.5f", sd(acc)))
          .append(',')
          .append(format("%.4f", mean(steps)))
          .append(',')
          .append(format("%.4f", sd(steps)))
          .append('\n');
    }
    return b.toString();
  }

  /** The mean; NaN for no values. (Also compare's per-method mean over seeds.) */
  public static double mean(double[] v) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  /** Sample standard deviation (n − 1); NaN (an empty field) for fewer than two values. */
  public static double sd(double[] v) {
    if (v.length < 2) {
      return Double.NaN;
    }
    double m = mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / (v.length - 1));
  }

  private static String format(String f, double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, f, v);
  }
}
