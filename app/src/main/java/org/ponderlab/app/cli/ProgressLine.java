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

  /** @param from the iteration this session starts at (a resumed run), for the rate */
  ProgressLine(long total, long from, boolean quiet) {
    this.total = total;
    this.from = from;
    this.quiet = quiet;
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

  void tick(long iteration) {
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
    return String.format(Locale.ROOT, "[%s] %d/%d  acc %s  steps %s  %.0f it/s  %s left",
        bar, iteration, total, acc, steps, rate, Double.isNaN(left) ? "?" : formatSeconds(left));
  }

  static String formatSeconds(double s) {
    long t = Math.round(s);
    return t >= 3600 ? String.format("%dh%02dm", t / 3600, (t % 3600) / 60)
        : t >= 60 ? String.format("%dm%02ds", t / 60, t % 60) : t + "s";
  }
}
