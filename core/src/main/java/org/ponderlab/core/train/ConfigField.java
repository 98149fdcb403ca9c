package org.ponderlab.core.train;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One user-facing setting: its command-line name, what it means, its default and allowed values,
 * where the window shows it and whether it changes mid-run. The catalogue of these ({@link
 * ConfigFields}) is the single source for the command line's options and help, the window's setup
 * form, live changes, chart markers, validation and the run's config.json. Build one fluently:
 * {@code ConfigField.decimal("lambda-p").label("λ_p
 * (prior)").symbol("λ_p").above(0).below(1).live()}.
 *
 * @param name command-line and JSON name, e.g. {@code lambda-p}
 * @param label short label for the window, e.g. {@code λ_p (prior)}
 * @param description one sentence for --help and tooltips
 * @param type value type
 * @param defaultText the default, as text
 * @param min lower bound for numbers (ignored otherwise)
 * @param minOpen whether the lower bound is excluded
 * @param max upper bound for numbers
 * @param maxOpen whether the upper bound is excluded
 * @param choices allowed values for {@link Type#CHOICE}
 * @param methods halting methods that use it (empty: every method)
 * @param tasks tasks that use it (empty: every task)
 * @param group the setup form's group
 * @param symbol short name for chart markers and summaries, e.g. {@code β}
 * @param unit what a number counts ("iterations", "steps"; empty for a ratio or a choice)
 * @param live whether it may change while a run trains
 * @param optional a number that may be left empty (no value: NaN in the config, "" as text)
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
    Set<String> tasks,
    ConfigGroup group,
    String symbol,
    String unit,
    boolean live,
    boolean optional) {

  /** Value types a field can hold. */
  public enum Type {
    INT,
    LONG,
    DOUBLE,
    CHOICE,
    TEXT
  }

  /** A whole-number setting (bounds inclusive; set them with {@link Builder#between}). */
  public static Builder integer(String name) {
    return new Builder(name, Type.INT).between(Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  /** A 64-bit whole-number setting (any value). */
  public static Builder wholeLong(String name) {
    Builder b = new Builder(name, Type.LONG);
    b.min = Long.MIN_VALUE;
    b.max = Long.MAX_VALUE;
    return b;
  }

  /** A real-number setting, unbounded until {@link Builder#above}, {@link Builder#atLeast}, ... */
  public static Builder decimal(String name) {
    return new Builder(name, Type.DOUBLE);
  }

  /** A setting that takes one of {@code choices}. */
  public static Builder choice(String name, List<String> choices) {
    Builder b = new Builder(name, Type.CHOICE);
    b.choices = List.copyOf(choices);
    return b;
  }

  /** A free-text setting (a path). */
  public static Builder text(String name) {
    return new Builder(name, Type.TEXT);
  }

  /** Builds a {@link ConfigField}; every fact about a setting is one named call. */
  public static final class Builder {
    private final String name;
    private final Type type;
    private String label;
    private String description = "";
    private String defaultText = "";
    private double min = -Double.MAX_VALUE;
    private boolean minOpen;
    private double max = Double.MAX_VALUE;
    private boolean maxOpen;
    private List<String> choices = List.of();
    private Set<String> methods = Set.of();
    private Set<String> tasks = Set.of();
    private ConfigGroup group = ConfigGroup.EXPERIMENT;
    private String symbol;
    private String unit = "";
    private boolean live;
    private boolean optional;

    private Builder(String name, Type type) {
      this.name = name;
      this.type = type;
      this.label = name;
    }

    public Builder label(String label) {
      this.label = label;
      return this;
    }

    public Builder describe(String description) {
      this.description = description;
      return this;
    }

    public Builder byDefault(String defaultText) {
      this.defaultText = defaultText;
      return this;
    }

    /** Inclusive bounds. */
    public Builder between(double min, double max) {
      return atLeast(min).atMost(max);
    }

    public Builder atLeast(double min) {
      this.min = min;
      this.minOpen = false;
      return this;
    }

    public Builder above(double min) {
      this.min = min;
      this.minOpen = true;
      return this;
    }

    public Builder atMost(double max) {
      this.max = max;
      this.maxOpen = false;
      return this;
    }

    public Builder below(double max) {
      this.max = max;
      this.maxOpen = true;
      return this;
    }

    /** The halting methods that use it (default: every method). */
    public Builder methods(Set<String> methods) {
      this.methods = Set.copyOf(methods);
      return this;
    }

    /** The tasks that use it (default: every task). */
    public Builder tasks(Set<String> tasks) {
      this.tasks = Set.copyOf(tasks);
      return this;
    }

    public Builder group(ConfigGroup group) {
      this.group = group;
      return this;
    }

    /** The short name chart markers use (default: the command-line name). */
    public Builder symbol(String symbol) {
      this.symbol = symbol;
      return this;
    }

    public Builder unit(String unit) {
      this.unit = unit;
      return this;
    }

    /** May change while a run trains (the trainer applies it between iterations). */
    public Builder live() {
      this.live = true;
      return this;
    }

    /** A number that may be left empty: "" means none (NaN in the config). */
    public Builder optional() {
      this.optional = true;
      return this;
    }

    public ConfigField build() {
      return new ConfigField(
          name,
          label,
          description,
          type,
          defaultText,
          min,
          minOpen,
          max,
          maxOpen,
          choices,
          methods,
          tasks,
          group,
          symbol == null ? name : symbol,
          unit,
          live,
          optional);
    }
  }

  /** The value as the text config.json and the command line hold ({@code null} text is empty). */
  public String format(Object value) {
    boolean none = value == null || optional && value instanceof Double d && d.isNaN();
    return none ? "" : value.toString();
  }

  /**
   * Checks a typed value against this field (the same range and choices {@link #parse} enforces),
   * so a config built from values, not text, is validated too.
   */
  public void check(Object value) {
    if (type == Type.TEXT && value == null) {
      return;
    }
    Object parsed = parse(format(value));
    if (type == Type.CHOICE && !parsed.equals(value)) {
      throw new ConfigException(name, format(value), "allowed: " + String.join(", ", choices));
    }
  }

  /** Whether the window shows this field for that task and method. */
  public boolean appliesTo(String task, String method) {
    return (methods.isEmpty() || methods.contains(method))
        && (tasks.isEmpty() || tasks.contains(task));
  }

  /** Parses and range-checks a value; throws {@link ConfigException} naming this field. */
  public Object parse(String text) {
    String t = text == null ? "" : text.trim();
    if (optional && t.isEmpty()) {
      return Double.NaN;
    }
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
        // infinity itself is never accepted (only finite numbers parse), so an unbounded end is
        // open
      case DOUBLE ->
          (minOpen || isInfinite(min) ? "(" : "[")
              + format(min)
              + ", "
              + format(max)
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
