package org.ponderlab.app.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

/** Which key does what, without a keyboard (the window test presses the real keys). */
class KeyboardShortcutsTest {
  final List<String> done = new ArrayList<>();
  final KeyboardShortcuts keys =
      new KeyboardShortcuts(
          new KeyboardShortcuts.Actions() {
            @Override
            public void togglePlay() {
              done.add("play/pause");
            }

            @Override
            public void step() {
              done.add("step");
            }

            @Override
            public void reset() {
              done.add("reset");
            }

            @Override
            public void openRun() {
              done.add("open");
            }

            @Override
            public void help() {
              done.add("help");
            }
          });

  @Test
  void theIssuesKeysDoWhatTheSheetSays() {
    assertTrue(keys.handle(KeyCode.SPACE, false, false, null));
    assertTrue(keys.handle(KeyCode.RIGHT, false, false, null));
    assertTrue(keys.handle(KeyCode.R, false, false, null));
    assertTrue(keys.handle(KeyCode.O, true, false, null));
    assertTrue(keys.handle(KeyCode.F1, false, false, null));
    assertEquals(List.of("play/pause", "step", "reset", "open", "help"), done);
    assertEquals(
        List.of("Space", "→", "R", "Ctrl+O", "F1"),
        KeyboardShortcuts.SHEET.stream().map(KeyboardShortcuts.Shortcut::keys).toList());
  }

  @Test
  void otherKeysAndModifiedTransportKeysPassThrough() {
    assertFalse(keys.handle(KeyCode.O, false, false, null)); // O alone is a letter
    assertFalse(keys.handle(KeyCode.R, true, false, null)); // Ctrl+R is not reset
    assertFalse(keys.handle(KeyCode.LEFT, false, false, null));
    assertFalse(keys.handle(KeyCode.SPACE, false, true, null));
    assertEquals(List.of(), done);
  }

  @Test
  void speedChoicesAreCapsInIterationsPerSecond() {
    assertEquals(0, SpeedChoice.perSecond("full speed"));
    assertEquals(5, SpeedChoice.perSecond("≤ 5 it/s"));
    assertEquals("≤ 20 it/s", SpeedChoice.label(20));
    assertEquals("full speed", SpeedChoice.label(0));
  }
}
