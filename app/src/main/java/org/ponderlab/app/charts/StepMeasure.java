package org.ponderlab.app.charts;

import java.util.Locale;
import org.ponderlab.core.train.PonderRow;

/**
 * The per-input quantity a ponder map ranks and badges inputs by. Under a stochastic rule one
 * sampled halting step is noise, so the views default to a deterministic one: the expected step
 * E[n] = Σ n·p_n, or the q-exit step (first n with Σ_{j≤n} p_j &gt; q). The rule's own halting step
 * stays available, and says so when it is a random draw.
 *
 * @param kind which quantity
 * @param q the q-exit threshold (used by {@link Kind#Q_EXIT})
 * @param rule the evaluation rule that decided {@link PonderRow#haltStep()} (used by {@link
 *     Kind#RULE})
 */
public record StepMeasure(Kind kind, double q, String rule) {
  /** Which quantity. */
  public enum Kind {
    /** E[n] = Σ n·p_n (deterministic). */
    EXPECTED,
    /** The first n with Σ_{j≤n} p_j &gt; q (deterministic). */
    Q_EXIT,
    /** The rule's halting step (one random draw under {@code sample}). */
    RULE
  }

  /** E[n], the default. */
  public static final StepMeasure EXPECTED = new StepMeasure(Kind.EXPECTED, 0.5, "");

  public static StepMeasure expected() {
    return EXPECTED;
  }

  public static StepMeasure qExit(double q) {
    return new StepMeasure(Kind.Q_EXIT, q, "");
  }

  public static StepMeasure rule(String rule) {
    return new StepMeasure(Kind.RULE, 0.5, rule);
  }

  /** The quantity for one input. */
  public double of(PonderRow row) {
    return switch (kind) {
      case EXPECTED -> row.expectedStep();
      case Q_EXIT -> row.qExitStep(q);
      case RULE -> row.haltStep();
    };
  }

  /** Whether values are fractional (badges show one decimal). */
  public boolean fractional() {
    return kind == Kind.EXPECTED;
  }

  /** Whether the quantity is a random draw (the rule samples). */
  public boolean random() {
    return kind == Kind.RULE && "sample".equals(rule);
  }

  /** What the badge says for a value. */
  public String format(double value) {
    return fractional()
        ? String.format(Locale.ROOT, "%.1f", value)
        : Integer.toString((int) Math.round(value));
  }

  /** The quantity's name for titles and legends. */
  public String label() {
    return switch (kind) {
      case EXPECTED -> "expected step E[n] = Σ n·p_n";
      case Q_EXIT -> String.format(Locale.ROOT, "q-exit step (q = %s)", trim(q));
      case RULE ->
          random()
              ? "sampled halting step (ONE random draw, rule sample)"
              : "halting step under rule " + rule;
    };
  }

  /** A short name for a choice box. */
  public String choice() {
    return switch (kind) {
      case EXPECTED -> "expected step E[n]";
      case Q_EXIT -> "q-exit step (q = " + trim(q) + ")";
      case RULE -> random() ? "sampled step (one random draw)" : "the rule's step (" + rule + ")";
    };
  }

  private static String trim(double v) {
    return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }
}
