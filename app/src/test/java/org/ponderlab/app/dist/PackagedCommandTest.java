package org.ponderlab.app.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.app.BuildInfo;

/**
 * The installed command, as a user gets it: the .deb that {@code mvn -Pdist package} built is
 * unpacked with {@code dpkg-deb -x} and its {@code ponderlab} runs with no JDK and no Maven on the
 * PATH, from a folder outside the repository (so the datasets and presets it finds are the
 * package's own), with a fresh home. Runs only where the .deb was built (the dist profile passes
 * {@code -Dponderlab.deb=...}; CI does it once per run, see .ci/run); elsewhere it is skipped.
 */
class PackagedCommandTest {
  private static final long TIMEOUT_SECONDS = 600;
  @TempDir static Path tmp;
  private static Path deb;
  private static Path installed;
  private static Path command;
  private static Path home;
  private static Path work;
  private static Path noJdkBin;
  private static Map<String, String> installedFilesBefore;

  @BeforeAll
  static void unpack() throws Exception {
    String property = System.getProperty("ponderlab.deb");
    assumeTrue(
        property != null && !property.isBlank(),
        "no -Dponderlab.deb: the package was not built in this run");
    deb = Path.of(property);
    assertTrue(Files.isRegularFile(deb), deb + " was not built");
    Path root = tmp.resolve("root");
    exec(List.of("dpkg-deb", "-x", deb.toString(), root.toString()), System.getenv("PATH"), null);
    installed = root.resolve("opt/ponderlab");
    command = installed.resolve("bin/ponderlab");
    assertTrue(Files.isExecutable(command), "no bin/ponderlab in the package");
    home = Files.createDirectories(tmp.resolve("home"));
    work = Files.createDirectories(tmp.resolve("work"));
    noJdkBin = noJdkPath(tmp.resolve("bin"));
    installedFilesBefore = listing(installed);
  }

  @Test
  void versionIsTheBuildsAndThePackagesVersion() throws Exception {
    Result r = ponderlab(Map.of(), "--version");
    assertEquals(0, r.status, r.toString());
    assertEquals(BuildInfo.describe(), r.out.trim());
    assertFalse(BuildInfo.commit().equals("unknown"), "the build did not record its commit");
    Result field =
        exec(List.of("dpkg-deb", "-f", deb.toString(), "Version"), System.getenv("PATH"), null);
    assertEquals(BuildInfo.version() + "-1", field.out.trim());
  }

  @Test
  void trainsParityAndTheShippedMnistWithTheBundledRuntime() throws Exception {
    for (String task : List.of("parity", "mnist")) {
      Path out = work.resolve(task);
      Result r =
          ponderlab(
              Map.of(),
              "train",
              "--task",
              task,
              "--iterations",
              "50",
              "--seed",
              "1",
              "--out",
              out.toString());
      assertEquals(0, r.status, r.toString());
      assertFalse(
          r.err.contains("WARNING: Using incubator modules"),
          "the incubator warning reached the user: " + r.err);
      String summary = Files.readString(out.resolve("summary.json"));
      assertTrue(summary.matches("(?s).*\"iterations\"\\s*:\\s*50\\b.*"), summary);
    }
  }

  @Test
  void packageHasTheMenuEntryIconAndPathCommand() throws Exception {
    Path desktop;
    try (Stream<Path> files = Files.walk(installed)) {
      desktop =
          files
              .filter(p -> p.toString().endsWith(".desktop") && Files.isRegularFile(p))
              .findFirst()
              .orElseThrow();
    }
    String entry = Files.readString(desktop);
    assertTrue(entry.contains("\nName=PonderLab\n"), entry);
    assertTrue(entry.contains("\nCategories=Education;Science;"), entry);
    assertTrue(entry.contains("\nExec=/opt/ponderlab/bin/ponderlab\n"), entry);
    String icon =
        entry.lines().filter(l -> l.startsWith("Icon=")).findFirst().orElseThrow().substring(5);
    assertTrue(
        Files.isRegularFile(tmp.resolve("root").resolve(icon.substring(1))),
        "icon " + icon + " is not in the package");
    Path control = tmp.resolve("control");
    exec(
        List.of("dpkg-deb", "-e", deb.toString(), control.toString()), System.getenv("PATH"), null);
    String postinst = Files.readString(control.resolve("postinst"));
    assertTrue(
        postinst.contains(
            "update-alternatives --install /usr/bin/ponderlab ponderlab /opt/ponderlab/bin/ponderlab"),
        postinst);
    assertTrue(
        Files.readString(control.resolve("prerm"))
            .contains("update-alternatives --remove ponderlab"));
  }

  /** The window, under a virtual X display where one is installed (apt package xvfb). */
  @Test
  void windowOpensAndMeasuresUnderXvfb() throws Exception {
    assumeTrue(Files.isExecutable(noJdkBin.resolve("xvfb-run")), "no xvfb-run on this machine");
    // no arguments opens the window; the probe reports its first painted frame and closes it
    Result opened =
        ponderlab(
            Map.of("PONDERLAB_STARTUP_PROBE", "1"),
            "xvfb-run",
            "-a",
            "-s",
            "-screen 0 1600x1000x24");
    assertEquals(0, opened.status, opened.toString());
    assertTrue(opened.out.contains("painted-at-ms "), opened.toString());
    // (Java's user.home is the account's, not $HOME: the runs folder is named so the test keeps its
    // own)
    Path runs = home.resolve("ponderlab-runs");
    Result measured =
        ponderlab(
            Map.of(),
            "xvfb-run",
            "-a",
            "-s",
            "-screen 0 1600x1000x24",
            "lab",
            "--measure-ui",
            "5",
            "--runs-dir",
            runs.toString());
    assertEquals(0, measured.status, measured.toString());
    assertTrue(measured.out.contains("gap between FX pulses"), measured.toString());
    assertFalse(measured.err.contains("WARNING: Using incubator modules"), measured.err);
    try (Stream<Path> saved = Files.list(runs)) {
      assertTrue(
          saved.anyMatch(run -> Files.isRegularFile(run.resolve("config.json"))),
          "the window's run was not saved in " + runs);
    }
  }

  /** Runs and presets go to the home: the installation folder is exactly as unpacked. */
  @AfterAll
  static void installationFolderUntouched() throws IOException {
    if (noJdkBin != null) {
      // the links point outside the temporary folder: removed here, so JUnit does not warn about
      // each
      try (Stream<Path> links = Files.list(noJdkBin)) {
        for (Path link : (Iterable<Path>) links::iterator) {
          Files.delete(link);
        }
      }
    }
    if (installedFilesBefore != null) {
      assertEquals(installedFilesBefore, listing(installed));
    }
  }

  /**
   * Runs the installed command (prefixed by a wrapper such as xvfb-run when the first argument is
   * one).
   */
  private static Result ponderlab(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    int i = 0;
    if (args.length > 0 && args[0].equals("xvfb-run")) {
      for (; i < 4; i++) {
        cmd.add(args[i]);
      }
    }
    cmd.add(command.toString());
    cmd.addAll(List.of(args).subList(i, args.length));
    return exec(cmd, noJdkBin.toString(), env);
  }

  private static Result exec(List<String> cmd, String path, Map<String, String> extraEnv)
      throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(cmd).directory(work == null ? tmp.toFile() : work.toFile());
    Map<String, String> env = pb.environment();
    if (extraEnv != null) {
      env.clear();
      env.put("PATH", path);
      env.put("HOME", home.toString());
      env.put("LANG", "C.UTF-8");
      env.putAll(extraEnv);
    }
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(cmd + " did not finish in " + TIMEOUT_SECONDS + " s");
    }
    Result r = new Result(cmd, p.exitValue(), Files.readString(out), Files.readString(err));
    if (extraEnv == null && r.status != 0) {
      throw new AssertionError(r.toString());
    }
    return r;
  }

  /**
   * A folder of links to every program on this PATH except the JDK's and Maven's: what a machine
   * without a JDK offers (bash, grep, xvfb-run ...).
   */
  private static Path noJdkPath(Path bin) throws IOException {
    Files.createDirectories(bin);
    for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
      Path d = Path.of(dir);
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (Stream<Path> entries = Files.list(d)) {
        for (Path e : (Iterable<Path>) entries::iterator) {
          Path link = bin.resolve(e.getFileName().toString());
          if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)
              || !Files.isExecutable(e)
              || Files.isDirectory(e)) {
            continue;
          }
          String real = e.toRealPath().toString();
          if (real.startsWith("/usr/lib/jvm/")
              || real.contains("maven")
              || real.contains("/jdk")
              || e.getFileName().toString().equals("mvn")) {
            continue;
          }
          Files.createSymbolicLink(link, e);
        }
      }
    }
    assertFalse(Files.exists(bin.resolve("java")), "java is still reachable");
    return bin;
  }

  /** Every file under the folder with its size and modification time. */
  private static Map<String, String> listing(Path folder) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(folder)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        BasicFileAttributes a =
            Files.readAttributes(
                p, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        files.put(folder.relativize(p).toString(), a.size() + " " + a.lastModifiedTime());
      }
    }
    return files;
  }

  private record Result(List<String> cmd, int status, String out, String err) {
    @Override
    public String toString() {
      return cmd + " exited " + status + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }
}
