package org.ponderlab.app.lab;

import java.nio.file.Path;
import java.util.Map;

/**
 * How the window opens (from {@code ponderlab lab ...}).
 *
 * @param settings setup values given on the command line, by setting name
 * @param targetAccuracy the target-accuracy stop condition as text ("" = none)
 * @param play start training at once
 * @param dark dark theme
 * @param presentation presentation mode
 * @param tab tab to show first: halting, curves, map or diagnostics
 * @param measureSeconds &gt; 0: train for that long, print FX pulse statistics, exit
 * @param screenshot non-null: train for {@code afterSeconds}, save the window as PNG, exit
 * @param afterSeconds when to take the screenshot
 * @param width window width
 * @param height window height
 * @param open run folders to open: the first in the charts, all in the Compare tab
 * @param preset a preset to fill the form from first ({@code settings} override it), or null
 * @param runsDirectory where runs started in the window are saved, or null for the default
 * @param lesson the guided lesson to open on ({@link org.ponderlab.core.lesson.Lessons}), or null
 */
record LabOptions(
    Map<String, String> settings,
    String targetAccuracy,
    boolean play,
    boolean dark,
    boolean presentation,
    String tab,
    int measureSeconds,
    Path screenshot,
    double afterSeconds,
    double width,
    double height,
    java.util.List<Path> open,
    String preset,
    Path runsDirectory,
    String lesson) {

  public LabOptions {
    open = open == null ? java.util.List.of() : java.util.List.copyOf(open);
  }

  /** Options without a lesson. */
  public LabOptions(
      Map<String, String> settings,
      String targetAccuracy,
      boolean play,
      boolean dark,
      boolean presentation,
      String tab,
      int measureSeconds,
      Path screenshot,
      double afterSeconds,
      double width,
      double height,
      java.util.List<Path> open,
      String preset,
      Path runsDirectory) {
    this(
        settings,
        targetAccuracy,
        play,
        dark,
        presentation,
        tab,
        measureSeconds,
        screenshot,
        afterSeconds,
        width,
        height,
        open,
        preset,
        runsDirectory,
        null);
  }

  public static LabOptions defaults() {
    return new LabOptions(
        Map.of(),
        "",
        false,
        false,
        false,
        "halting",
        0,
        null,
        60,
        1440,
        900,
        java.util.List.of(),
        null,
        null);
  }

  /** Whether the window trains by itself and exits (measurement or screenshot). */
  boolean unattended() {
    return measureSeconds > 0 || screenshot != null;
  }
}
