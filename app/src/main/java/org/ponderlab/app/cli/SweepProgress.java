package org.ponderlab.app.cli;

import java.util.Locale;

/**
 * The sweep's progress line: cells done, running and left, and the time left at the pace so far.
 */
final class SweepProgress {
  private SweepProgress() {}

  /**
   * @param done cells ended (finished, failed or skipped)
   * @param running cells training now
   * @param cells cells in the grid
   * @param trained cells that trained and ended in this session (the pace counts only these)
   * @param elapsed seconds since the sweep started
   */
  static String line(int done, int running, int cells, int trained, double elapsed) {
    int left = Math.max(0, cells - done - running);
    String time;
    if (running + left == 0) {
      time = "";
    } else if (trained == 0 || elapsed <= 0) {
      time = "; time left: after the first cell";
    } else {
      double perCell = elapsed / trained; // the pace at the parallelism the sweep has
      time = "; about " + duration(perCell * (running + left)) + " left";
    }
    return String.format(
        Locale.ROOT, "sweep: %d done, %d running, %d left%s", done, running, left, time);
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return (s / 60) + " min " + (s % 60) + " s";
    }
    return (s / 3600) + " h " + (s % 3600 / 60) + " min";
  }
}
