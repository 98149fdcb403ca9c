package org.ponderlab.core.train;

/**
 * A user-facing value outside its allowed range. The message names the field, the value and what is
 * allowed, so it can be shown next to the field in the window and printed by the command line.
 */
public final class ConfigException extends IllegalArgumentException {
  private final String field;
  private final String value;
  private final String allowed;

  public ConfigException(String field, String value, String allowed) {
    super(field + ": '" + value + "' is not allowed; " + allowed);
    this.field = field;
    this.value = value;
    this.allowed = allowed;
  }

  /** The option name as on the command line, e.g. {@code lambda-p}. */
  public String field() {
    return field;
  }

  public String value() {
    return value;
  }

  public String allowed() {
    return allowed;
  }

  /** The reason without the field name, for a decoration next to the field. */
  public String reason() {
    return "'" + value + "' is not allowed; " + allowed;
  }
}
