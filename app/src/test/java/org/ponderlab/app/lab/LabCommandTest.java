package org.ponderlab.app.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.ponderlab.app.Main;

/** {@code ponderlab lab} refuses bad values before any window opens, as {@code train} does. */
class LabCommandTest {
  static String stderrOf(int[] status, String... args) {
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      status[0] = Main.run(args);
    } finally {
      System.setErr(old);
    }
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void badSettingsExitWithStatusTwoAndSayWhy() {
    int[] status = new int[1];
    String err = stderrOf(status, "lab", "--lambda-p", "1.5");
    assertEquals(2, status[0]);
    assertEquals("error: --lambda-p: '1.5' is not allowed; allowed range (0, 1)", err.trim());
    err = stderrOf(status, "lab", "--target-accuracy", "2");
    assertEquals(2, status[0]);
    assertTrue(err.contains("--target-accuracy: '2' is not allowed; allowed range (0, 1]"), err);
    err = stderrOf(status, "lab", "--size", "big");
    assertEquals(2, status[0]);
    assertTrue(err.contains("WIDTHxHEIGHT"), err);
    err = stderrOf(status, "lab", "--preset", "no-such-preset");
    assertEquals(2, status[0]);
    assertTrue(err.startsWith("error: --preset: 'no-such-preset' is not allowed"), err);
  }
}
