package org.ponderlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.app.Main;

/** --target-accuracy comes from the settings catalogue: validated like every setting, exit 2. */
class TargetAccuracyOptionTest {
  private static String stderrOf(int[] status, String... args) {
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
  void aBadTargetIsRefusedBeforeAnyRunFolderExists(@TempDir Path tmp) {
    int[] status = new int[1];
    Path out = tmp.resolve("run");
    for (String bad : new String[] {"2", "0", "-0.5", "most"}) {
      String err = stderrOf(status, "train", "--target-accuracy", bad, "--out", out.toString());
      assertEquals(2, status[0], err);
      assertTrue(err.startsWith("error: --target-accuracy: '" + bad + "' is not allowed;"), err);
      assertTrue(err.contains("(0, 1]"), "the allowed range: " + err);
      assertFalse(err.contains("Exception"), err);
      assertFalse(Files.exists(out), "nothing written for a refused value");
    }
  }
}
