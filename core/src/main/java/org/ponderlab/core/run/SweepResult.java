package org.ponderlab.core.run;

/**
 * Where one cell of a sweep stands, a row of sweep.csv.
 *
 * @param cell the cell
 * @param status finished, stopped, failed, incomplete, or "pending" (not run yet)
 * @param accuracy validation accuracy at its last snapshot (NaN if none)
 * @param meanSteps mean halting steps at its last snapshot (NaN if none)
 * @param iterations iterations of its last snapshot
 * @param wallSeconds wall time spent on it, every session together
 * @param message the run's status message
 */
public record SweepResult(
    SweepCell cell,
    String status,
    double accuracy,
    double meanSteps,
    long iterations,
    double wallSeconds,
    String message) {

  static SweepResult pending(SweepCell cell) {
    return new SweepResult(cell, "pending", Double.NaN, Double.NaN, 0, 0, "not run yet");
  }

  static SweepResult of(SweepCell cell, SavedRun run) {
    var last = run.last();
    return new SweepResult(
        cell,
        run.status().label(),
        last == null ? Double.NaN : last.accuracy(),
        last == null ? Double.NaN : last.meanSteps(),
        run.iteration(),
        run.wallSeconds(),
        run.statusMessage());
  }
}
