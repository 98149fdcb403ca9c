package org.ponderlab.app.lab;

import java.util.List;

/** The speed control's choices: full speed, or a cap in iterations per second. */
final class SpeedChoice {
  static final String FULL = "full speed";
  static final double[] CAPS = {100, 20, 5, 1};
  static final List<String> LABELS =
      List.of(FULL, "≤ 100 it/s", "≤ 20 it/s", "≤ 5 it/s", "≤ 1 it/s");

  private SpeedChoice() {}

  /** The cap of a choice's label (0: full speed). */
  static double perSecond(String label) {
    int i = label == null ? 0 : LABELS.indexOf(label);
    return i <= 0 ? 0 : CAPS[i - 1];
  }

  /** The label of a cap (a cap that is not one of the choices reads as its number). */
  static String label(double perSecond) {
    if (perSecond <= 0) {
      return FULL;
    }
    for (int i = 0; i < CAPS.length; i++) {
      if (CAPS[i] == perSecond) {
        return LABELS.get(i + 1);
      }
    }
    return String.format(java.util.Locale.ROOT, "≤ %.0f it/s", perSecond);
  }
}
