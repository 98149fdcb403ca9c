package org.ponderlab.app.lab;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.ConfigField;
import org.ponderlab.core.train.ConfigFields;

/**
 * The optional stop condition "accuracy ≥ target", as the user types it: text, validated on every
 * change (a number in (0, 1], or empty for no target).
 */
final class TargetAccuracy {
  private static final ConfigField FIELD = ConfigFields.get("target-accuracy");
  private final StringProperty text = new SimpleStringProperty("");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();

  TargetAccuracy() {
    text.addListener(o -> error.set(reason(text.get())));
  }

  /** Why {@code text} is not a target accuracy, or null when it is one (or empty). */
  static String reason(String text) {
    try {
      FIELD.parse(trimmed(text)); // the catalogue's range; empty is no target
      return null;
    } catch (ConfigException e) {
      return e.reason() + ", or empty for no target";
    }
  }

  private static String trimmed(String text) {
    return text == null ? "" : text.trim();
  }

  boolean isValid() {
    return error.get() == null;
  }

  /** The target, or NaN for none (only while valid). */
  double value() {
    String t = trimmed(text.get());
    return t.isEmpty() ? Double.NaN : Double.parseDouble(t);
  }

  /** The target as typed (trimmed), or empty. */
  String typed() {
    return trimmed(text.get());
  }

  /** Stop once validation accuracy reaches this (text; empty = no target). */
  public StringProperty textProperty() {
    return text;
  }

  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }
}
