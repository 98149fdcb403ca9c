package org.ponderlab.app.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.TrainingListener;

/**
 * A one-line progress bar on stderr: iteration, accuracy, mean steps, iterations per second and
 * time left. On a terminal it redraws in place; otherwise it prints a line per snapshot.
 */
final class ProgressLine implements TrainingListener {
  private static final int WIDTH = 24;
  private final long total;
  private final long from;
  private final boolean quiet;
  private final boolean terminal = System.console() != null;
  private final PrintStream err = System.err;
  private final long start = System.nanoTime();
  private Snapshot last;

  /**
   * @param from the iteration this session starts at (a resumed run), for the rate
   */
  ProgressLine(long total, long from, boolean quiet) {
    this(total, from, quiet, STALL_NANOS);
  }

  /**
   * @param stallNanos silence after which the line says no iteration has completed (tests shorten
   *     it)
   */
  ProgressLine(long total, long from, boolean quiet, long stallNanos) {
    this.total = total;
    this.from = from;
    this.quiet = quiet;
    this.stallNanos = stallNanos;
    this.lastStallReport = System.nanoTime() - stallNanos;
  }

  @Override
  public void onSnapshot(Snapshot s) {
    snapshot(s);
  }

  void snapshot(Snapshot s) {
    last = s;
    if (!quiet && !terminal) {
      err.println(line(s.iteration()));
    }
  }

  /**
   * Silence this long with no finished iteration is reported, so a run that crawls never looks
   * hung.
   */
  static final long STALL_NANOS = 30_000_000_000L;

  private final long stallNanos;
  private long lastIteration = -1;
  private long lastChange = System.nanoTime();
  private long lastStallReport;

  void tick(long iteration) {
    long now = System.nanoTime();
    if (iteration != lastIteration) {
      lastIteration = iteration;
      lastChange = now;
    } else if (!quiet && now - lastChange >= stallNanos && now - lastStallReport >= stallNanos) {
      lastStallReport = now;
      err.println(
          (terminal ? "\n" : "")
              + stallMessage(iteration, (now - lastChange) / 1e9, (now - start) / 1e9));
    }
    if (!quiet && terminal) {
      err.print("\r" + line(iteration));
      err.flush();
    }
  }

  void end() {
    if (!quiet && terminal) {
      err.println();
    }
  }

  private String line(long iteration) {
    double seconds = (System.nanoTime() - start) / 1e9;
    double rate = seconds > 0 ? (iteration - from) / seconds : 0;
    int filled = (int) Math.min(WIDTH, WIDTH * iteration / Math.max(1, total));
    String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
    double left = rate > 0 ? (total - iteration) / rate : Double.NaN;
    String acc = last == null ? "  -   " : String.format(Locale.ROOT, "%.4f", last.accuracy());
    String steps = last == null ? "  -  " : String.format(Locale.ROOT, "%5.2f", last.meanSteps());
    return String.format(
        Locale.ROOT,
        "[%s] %d/%d  acc %s  steps %s  %.0f it/s  %s left",
        bar,
        iteration,
        total,
        acc,
        steps,
        rate,
        Double.isNaN(left) ? "?" : formatSeconds(left));
  }

  /**
   * What a run that has not finished an iteration for a while says, with its measured rate so far.
   */
  String stallMessage(long iteration, double silentSeconds, double elapsedSeconds) {
    double rate = elapsedSeconds > 0 ? (iteration - from) / elapsedSeconds : 0;
    return String.format(
        Locale.ROOT,
        "still working: no iteration completed in the last %.0f s (at iteration %d; "
            + "%.3g it/s so far, about %s left at that rate). Smaller batch, max-steps or hidden make each iteration faster.",
        silentSeconds,
        iteration,
        rate,
        rate > 0 ? formatSeconds((total - iteration) / rate) : "unknown time");
  }

  static String formatSeconds(double s) {
    long t = Math.round(s);
    return t >= 3600
        ? String.format("%dh%02dm", t / 3600, (t % 3600) / 60)
        : t >= 60 ? String.format("%dm%02ds", t / 60, t % 60) : t + "s";
  }
}
