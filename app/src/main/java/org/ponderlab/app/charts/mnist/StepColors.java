package org.ponderlab.app.charts.mnist;

import java.awt.Color;

/**
 * The colour of a halting step, shared by the MNIST charts so a step looks the same everywhere: a
 * perceptually ordered scale (viridis: dark purple for step 1 through teal to yellow at N), so
 * "thought longer" reads as "brighter" in colour and in grey print alike.
 */
final class StepColors {
  /** Viridis at 0, 1/6, ..., 1 (matplotlib's table, rounded to bytes). */
  private static final int[][] ANCHORS = {
    {68, 1, 84},
    {65, 68, 135},
    {42, 120, 142},
    {34, 168, 132},
    {122, 209, 81},
    {189, 223, 38},
    {253, 231, 37}
  };

  private StepColors() {}

  /** Colour of (possibly fractional) step {@code step} on a scale 1..maxSteps. */
  static Color of(double step, int maxSteps) {
    return of(step, 1, maxSteps);
  }

  /** Colour of {@code step} on a scale from {@code low} (dark) to {@code high} (bright). */
  static Color of(double step, int low, int high) {
    double t = high <= low ? 0 : (step - low) / (high - low);
    t = Math.max(0, Math.min(1, t)) * (ANCHORS.length - 1);
    int i = Math.min((int) t, ANCHORS.length - 2);
    double f = t - i;
    int[] a = ANCHORS[i];
    int[] b = ANCHORS[i + 1];
    return new Color(mix(a[0], b[0], f), mix(a[1], b[1], f), mix(a[2], b[2], f));
  }

  /** Black or white, whichever reads better on {@code background}. */
  static Color textOn(Color background) {
    double luminance =
        0.299 * background.getRed() + 0.587 * background.getGreen() + 0.114 * background.getBlue();
    return luminance > 140 ? Color.BLACK : Color.WHITE;
  }

  private static int mix(int a, int b, double f) {
    return (int) Math.round(a + (b - a) * f);
  }
}
