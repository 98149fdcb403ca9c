package org.ponderlab.app.lab;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * What the status bar says: what the lab is doing (a sentence), and what went wrong, explained (or
 * null). Every part of the lab model writes here; the status bar only binds.
 */
final class StatusLine {
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(StatusText.idle());
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper();

  void say(String sentence) {
    status.set(sentence);
  }

  /** Shows a problem, explained; null clears it. */
  void fail(String explained) {
    error.set(explained);
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** What went wrong, explained, or null. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }
}
