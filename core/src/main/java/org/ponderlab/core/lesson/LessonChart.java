package org.ponderlab.core.lesson;

/**
 * The charts a lesson page points at: the window highlights the chart with this id (and shows its
 * tab); the command line names it. Ids are stable: the window's highlight code and the lesson texts
 * refer to them.
 */
public enum LessonChart {
  /** Halting-step histogram with the prior's bars (Halting tab). */
  HALTING_DISTRIBUTION("halting-distribution", "halting"),
  /** L_rec, L_reg, accuracy and mean steps over training (Curves tab). */
  LEARNING_CURVES("learning-curves", "curves"),
  /** Per-input rows × steps, colour p_n (Ponder map tab). */
  PONDER_MAP("ponder-map", "map"),
  /** Mean p_n per step against the prior, accuracy if halted at n (Diagnostics tab). */
  STEP_DIAGNOSTICS("step-diagnostics", "diagnostics"),
  /** Accuracy and mean steps per difficulty, the unseen range shaded (Diagnostics tab). */
  PER_DIFFICULTY("per-difficulty", "diagnostics"),
  /** Runs and evaluations side by side (Compare tab). */
  COMPARE("compare", "compare");

  private final String id;
  private final String tab;

  LessonChart(String id, String tab) {
    this.id = id;
    this.tab = tab;
  }

  /** The stable id, e.g. {@code per-difficulty}. */
  public String id() {
    return id;
  }

  /** The window tab holding the chart, as {@code ponderlab lab --tab} names it. */
  public String tab() {
    return tab;
  }
}
