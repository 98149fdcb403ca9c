package org.ponderlab.app.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.ponderlab.core.run.SweepSeedSummary;
import org.ponderlab.core.train.Snapshot;

/**
 * Runs of one setup over several seeds as one band: at every iteration that each run evaluated, the
 * mean and the sample standard deviation over the runs of validation accuracy and of mean steps
 * (the same statistics as {@code compare --seeds} and {@code sweep-seeds.csv}). Iterations some run
 * lacks (it stopped earlier, or evaluated on another grid) are left out, so each point is over all
 * the seeds.
 *
 * @param seeds how many runs the band is over
 * @param iterations the common iterations, ascending
 */
public record SeedBand(
    int seeds,
    long[] iterations,
    double[] accuracyMean,
    double[] accuracySd,
    double[] stepsMean,
    double[] stepsSd) {

  public static SeedBand of(List<List<Snapshot>> runs) {
    Set<Long> common = null;
    for (List<Snapshot> run : runs) {
      Set<Long> these = new TreeSet<>();
      run.forEach(s -> these.add(s.iteration()));
      if (common == null) {
        common = these;
      } else {
        common.retainAll(these);
      }
    }
    List<Long> at = common == null ? List.of() : new ArrayList<>(common);
    int n = at.size();
    int k = runs.size();
    long[] iterations = new long[n];
    double[] am = new double[n];
    double[] as = new double[n];
    double[] mm = new double[n];
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      iterations[i] = at.get(i);
      double[] acc = new double[k];
      double[] steps = new double[k];
      for (int r = 0; r < k; r++) {
        Snapshot s = lastAt(runs.get(r), iterations[i]);
        acc[r] = s.accuracy();
        steps[r] = s.meanSteps();
      }
      am[i] = SweepSeedSummary.mean(acc);
      as[i] = SweepSeedSummary.sd(acc);
      mm[i] = SweepSeedSummary.mean(steps);
      ms[i] = SweepSeedSummary.sd(steps);
    }
    return new SeedBand(k, iterations, am, as, mm, ms);
  }

  /** The run's last snapshot at this iteration (a resumed run may repeat one). */
  private static Snapshot lastAt(List<Snapshot> run, long iteration) {
    Snapshot found = null;
    for (Snapshot s : run) {
      if (s.iteration() == iteration) {
        found = s;
      }
    }
    return found;
  }
}
