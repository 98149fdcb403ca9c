package org.ponderlab.app.lab;

import java.util.List;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Slider;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * The window's keys: Space play/pause, → one step, R reset, Ctrl+O open a run, F1 help with this
 * sheet. The transport keys stay out of the way of typing: while a text field, a slider or a
 * drop-down has the focus, Space, → and R go to it. {@link #handle} decides from plain values, so
 * it is tested without a keyboard.
 */
final class KeyboardShortcuts {
  /** What the keys do. */
  interface Actions {
    void togglePlay();

    void step();

    void reset();

    void openRun();

    void help();
  }

  /** One line of the shortcut sheet. */
  record Shortcut(String keys, String does) {}

  /** The sheet F1 shows, in the order of the issue's list. */
  static final List<Shortcut> SHEET =
      List.of(
          new Shortcut("Space", "Play / Pause"),
          new Shortcut("→", "Step: train one batch, then evaluate"),
          new Shortcut("R", "Reset: fresh weights, same setup and seed"),
          new Shortcut("Ctrl+O", "Open a saved run"),
          new Shortcut("F1", "Help: this sheet and what each chart shows"));

  private final Actions actions;

  KeyboardShortcuts(Actions actions) {
    this.actions = actions;
  }

  /** Listens to the scene's keys before any control does. */
  void install(Scene scene) {
    scene.addEventFilter(
        KeyEvent.KEY_PRESSED,
        e -> {
          if (handle(e.getCode(), e.isShortcutDown(), e.isAltDown(), scene.getFocusOwner())) {
            e.consume();
          }
        });
  }

  /** Runs the action of a key press; returns whether the key was a shortcut (and is consumed). */
  boolean handle(KeyCode code, boolean shortcutDown, boolean altDown, Node focusOwner) {
    if (code == KeyCode.F1) {
      actions.help();
      return true;
    }
    if (shortcutDown && code == KeyCode.O) {
      actions.openRun();
      return true;
    }
    if (shortcutDown || altDown || takesKeys(focusOwner)) {
      return false;
    }
    switch (code) {
      case SPACE -> actions.togglePlay();
      case RIGHT -> actions.step();
      case R -> actions.reset();
      default -> {
        return false;
      }
    }
    return true;
  }

  /** A control that uses Space, → or R itself (typing, moving a slider, a drop-down). */
  static boolean takesKeys(Node focusOwner) {
    return focusOwner instanceof TextInputControl
        || focusOwner instanceof Slider
        || focusOwner instanceof ComboBoxBase<?>;
  }
}
