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
    String printed = out.toString(StandardCharsets.UTF_8).trim();
    assertTrue(printed.startsWith("PonderLab " + pomVersion + " (commit "), printed);
    assertEquals(pomVersion, BuildInfo.version());
    if (git("rev-parse", "HEAD") == null) {
      assertTrue(printed.endsWith("(commit unknown)"), printed);
      return;
    }
    // git describe --long ends in (g)<at least 12 hex digits>, then -dirty if the tree had changes
    Matcher hash =
        Pattern.compile("(?:^|-g)([0-9a-f]{12,40})(?:-dirty)?$").matcher(BuildInfo.commit());
    assertTrue(hash.find(), "no commit hash in " + printed);
    // the build's commit is HEAD or, if someone committed while the build ran, one of its ancestors
    String full = git("rev-parse", "--verify", hash.group(1) + "^{commit}");
    assertTrue(full != null, hash.group(1) + " is not a commit of this repository");
    assertTrue(
        git("merge-base", "--is-ancestor", full, "HEAD") != null,
        full + " is not HEAD or an ancestor of it");
  }

  /**
   * The parent pom's own version (the first {@code <version>} after {@code
   * <artifactId>ponderlab-parent}).
   */
  private static String pomVersion() throws Exception {
    String pom = Files.readString(Path.of("..", "pom.xml"));
    Matcher m =
        Pattern.compile("<artifactId>ponderlab-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(pom);
    assertTrue(m.find(), "no version in ../pom.xml");
    return m.group(1);
  }

  /** The output of a git command in this work tree, or null if it failed or git is missing. */
  private static String git(String... args) throws Exception {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "git";
    System.arraycopy(args, 0, cmd, 1, args.length);
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? text : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
