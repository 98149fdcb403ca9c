package org.ponderlab.app.lab;

import javafx.beans.binding.BooleanExpression;

/**
 * A user action with its enabled state: a button binds {@code disable} to {@code
 * enabledProperty().not()}, a key binding or a menu item calls {@link #execute()}; either way the
 * action runs only while enabled, so every way in obeys the same rule.
 */
public final class Command {
  private final BooleanExpression enabled;
  private final Runnable action;

  Command(BooleanExpression enabled, Runnable action) {
    this.enabled = enabled;
    this.action = action;
  }

  /** Runs the action if the command is enabled; returns whether it ran. */
  public boolean execute() {
    if (!enabled.get()) {
      return false;
    }
    action.run();
    return true;
  }

  public BooleanExpression enabledProperty() {
    return enabled;
  }

  public boolean isEnabled() {
    return enabled.get();
  }
}
