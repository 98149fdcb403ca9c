package org.ponderlab.app.lab;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The optional stop condition "accuracy ≥ target", as the user types it: text, validated on every
 * change (a number in (0, 1], or empty for no target).
 */
public final class TargetAccuracy {
  private final StringProperty text = new SimpleStringProperty("");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();

  TargetAccuracy() {
    text.addListener(o -> error.set(reason(text.get())));
  }

  /** Why {@code text} is not a target accuracy, or null when it is one (or empty). */
  static String reason(String text) {
    String t = trimmed(text);
    if (t.isEmpty()) {
      return null;
    }
    try {
      double v = Double.parseDouble(t);
      return v > 0 && v <= 1 ? null : "'" + t + "' is not allowed; allowed range (0, 1], or empty for no target";
    } catch (NumberFormatException e) {
      return "'" + t + "' is not allowed; expected a number in (0, 1], or empty for no target";
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
