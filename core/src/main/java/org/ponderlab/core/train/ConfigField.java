package org.ponderlab.core.train;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One user-facing setting: its command-line name, what it means, its default and allowed values.
 * The catalogue of these ({@link ConfigFields}) is the single source for the command line's
 * options and help, the window's setup form, validation and the run's config.json.
 *
 * @param name        command-line and JSON name, e.g. {@code lambda-p}
 * @param label       short label for the window, e.g. {@code λ_p (prior)}
 * @param description one sentence for --help and tooltips
 * @param type        value type
 * @param defaultText the default, as text
 * @param min         lower bound for numbers (ignored otherwise)
 * @param minOpen     whether the lower bound is excluded
 * @param max         upper bound for numbers
 * @param maxOpen     whether the upper bound is excluded
 * @param choices     allowed values for {@link Type#CHOICE}
 * @param methods     halting methods that use it (empty: every method)
 * @param tasks       tasks that use it (empty: every task)
 */
public record ConfigField(
    String name,
    String label,
    String description,
    Type type,
    String defaultText,
    double min,
    boolean minOpen,
    double max,
    boolean maxOpen,
    List<String> choices,
    Set<String> methods,
    Set<String> tasks) {

  /** Value types a field can hold. */
  public enum Type {
    INT,
    LONG,
    DOUBLE,
    CHOICE,
    TEXT
  }

  /** Whether the window shows this field for that task and method. */
  public boolean appliesTo(String task, String method) {
    return (methods.isEmpty() || methods.contains(method)) && (tasks.isEmpty() || tasks.contains(task));
  }

  /** Parses and range-checks a value; throws {@link ConfigException} naming this field. */
  public Object parse(String text) {
    String t = text == null ? "" : text.trim();
    try {
      return switch (type) {
        case INT -> checkRange(t, Integer.parseInt(t)) ? Integer.valueOf(t) : null;
        case LONG -> Long.valueOf(t);
        case DOUBLE -> {
          double v = Double.parseDouble(t);
          if (!Double.isFinite(v)) {
            throw new NumberFormatException();
          }
          checkRange(t, v);
          yield v;
        }
        case CHOICE -> {
          String lower = t.toLowerCase(Locale.ROOT);
          if (!choices.contains(lower)) {
            throw new ConfigException(name, t, "allowed: " + String.join(", ", choices));
          }
          yield lower;
        }
        case TEXT -> t;
      };
    } catch (NumberFormatException e) {
      throw new ConfigException(name, t, "expected " + describeType() + " " + range());
    }
  }

  private boolean checkRange(String text, double v) {
    boolean low = minOpen ? v > min : v >= min;
    boolean high = maxOpen ? v < max : v <= max;
    if (!low || !high) {
      throw new ConfigException(name, text, "allowed range " + range());
    }
    return true;
  }

  private String describeType() {
    return switch (type) {
      case INT, LONG -> "a whole number";
      case DOUBLE -> "a number";
      case CHOICE -> "one of " + String.join(", ", choices);
      case TEXT -> "text";
    };
  }

  /** The allowed values in words, e.g. {@code (0, 1]} or {@code 1 to 200}. */
  public String range() {
    return switch (type) {
      case INT -> format(min) + " to " + format(max);
      case LONG -> "from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
      // infinity itself is never accepted (only finite numbers parse), so an unbounded end is open
      case DOUBLE -> (minOpen || isInfinite(min) ? "(" : "[") + format(min) + ", " + format(max)
          + (maxOpen || isInfinite(max) ? ")" : "]");
      case CHOICE -> String.join(" | ", choices);
      case TEXT -> "any text";
    };
  }

  private static boolean isInfinite(double v) {
    return Math.abs(v) == Double.MAX_VALUE || Double.isInfinite(v);
  }

  private static String format(double v) {
    if (isInfinite(v)) {
      return v > 0 ? "∞" : "−∞";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%s", v);
  }
}
