package org.ponderlab.app.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.ponderlab.app.Main;

/**
 * What a command did: its exit status and everything it printed. Commands run in this JVM ({@link
 * #of}) or as real child processes ({@link #start}, for races, kills and small file systems).
 */
record Outcome(int status, String output) {
  /** Runs {@code ponderlab args…} in this JVM, capturing stdout and stderr together. */
  static Outcome of(String... args) {
    PrintStream oldErr = System.err;
    PrintStream oldOut = System.out;
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(both, true, StandardCharsets.UTF_8);
    try {
      System.setErr(capture);
      System.setOut(capture);
      int status = Main.run(args);
      return new Outcome(status, both.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(oldErr);
      System.setOut(oldOut);
    }
  }

  /** Starts {@code ponderlab args…} as a child JVM; its output goes to {@code log}. */
  static Process start(Path log, String... args) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules",
                "jdk.incubator.vector",
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "org.ponderlab.app.Main"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Waits for a child (at most {@code seconds}: a hang fails the test) and reads its output. */
  static Outcome await(Process p, Path log, int seconds) throws IOException, InterruptedException {
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError(
          "the command hung (no exit within " + seconds + " s): " + Files.readString(log));
    }
    return new Outcome(p.exitValue(), Files.readString(log));
  }

  /** Exit status as expected, every phrase in the output, and no stack trace. */
  Outcome expect(int expectedStatus, String... phrases) {
    assertEquals(expectedStatus, status, output);
    for (String phrase : phrases) {
      assertTrue(
          output.toLowerCase(Locale.ROOT).contains(phrase.toLowerCase(Locale.ROOT)),
          "expected '" + phrase + "' in: " + output);
    }
    return noTrace();
  }

  Outcome noTrace() {
    assertFalse(
        output.contains("\tat ")
            || output.contains("at org.")
            || output.contains("at java.")
            || output.contains("Exception")
            || output.contains("Error:"),
        "a stack trace or exception name: " + output);
    return this;
  }
}
