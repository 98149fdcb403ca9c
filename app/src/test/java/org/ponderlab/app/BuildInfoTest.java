package org.ponderlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code ponderlab --version}: the pom's version and the commit the build was made from. */
class BuildInfoTest {
  @Test
  void versionOptionPrintsThePomVersionAndTheCommitOfThisWorkTree() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    int status;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      status = Main.run("--version");
    } finally {
      System.setOut(old);
    }
    assertEquals(0, status);
    String pomVersion = pomVersion();
    String head = gitHead();
    String printed = out.toString(StandardCharsets.UTF_8).trim();
    assertTrue(printed.startsWith("PonderLab " + pomVersion + " (commit "), printed);
    if (head != null) {
      // git describe --long names the commit by (at least) its first 12 hex digits
      assertTrue(printed.contains(head.substring(0, 12)), printed + " does not name HEAD " + head);
    } else {
      assertTrue(printed.endsWith("(commit unknown)"), printed);
    }
    assertEquals(pomVersion, BuildInfo.version());
  }

  /** The parent pom's own version (the first {@code <version>} after {@code <artifactId>ponderlab-parent}). */
  private static String pomVersion() throws Exception {
    String pom = Files.readString(Path.of("..", "pom.xml"));
    Matcher m = Pattern.compile("<artifactId>ponderlab-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
    assertTrue(m.find(), "no version in ../pom.xml");
    return m.group(1);
  }

  /** HEAD's full hash, or null where git or the clone is missing (then the build wrote "unknown"). */
  private static String gitHead() throws Exception {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && text.matches("[0-9a-f]{40}") ? text : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
