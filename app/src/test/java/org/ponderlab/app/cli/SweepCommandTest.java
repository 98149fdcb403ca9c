package org.ponderlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.app.cli.TrainCommandTest.Result;

class SweepCommandTest {
  @TempDir Path tmp;

  static final List<String> GRID =
      List.of(
          "--lambda-p",
          "0.1,0.5",
          "--beta",
          "0.01,0.1",
          "--iterations",
          "300",
          "--eval-every",
          "50",
          "--hidden",
          "8",
          "--max-steps",
          "5",
          "--batch",
          "32",
          "--validation-size",
          "256",
          "--seed",
          "2");

  static String status(Path cell) {
    try {
      return Files.readString(cell.resolve("status.json"));
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void aSweepKilledAfterItsFirstCellSkipsThatCellWhenRunAgain() throws Exception {
    Path out = tmp.resolve("grid");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules",
                "jdk.incubator.vector",
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "org.ponderlab.app.Main",
                "sweep",
                "--out",
                out.toString(),
                "--no-charts"));
    cmd.addAll(GRID);
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("child.log").toFile())
            .start();
    Path first = out.resolve("cell-lambda-p=0.1_beta=0.01");
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!status(first).contains("\"finished\"")) {
        assertTrue(p.isAlive(), Files.readString(tmp.resolve("child.log")));
        assertTrue(System.nanoTime() < deadline, "first cell not finished in 60 s");
        Thread.sleep(5);
      }
    } finally {
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
    Map<String, String> before = checksums(first);

    List<String> again = new ArrayList<>(List.of("sweep", "--out", out.toString()));
    again.addAll(GRID);
    Result r = TrainCommandTest.run(again.toArray(String[]::new));
    assertEquals(0, r.status(), r.err());
    assertTrue(
        r.err().contains("[1/4] cell-lambda-p=0.1_beta=0.01: skipped, done already"), r.err());
    assertTrue(r.err().contains("[4/4] cell-lambda-p=0.5_beta=0.1: new"), r.err());
    assertTrue(r.out().contains("sweep: 4 of 4 cells finished"), r.out());
    assertEquals(before, checksums(first), "the finished cell is untouched");

    List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
    assertEquals(5, csv.size());
    assertEquals(
        "cell,lambda-p,beta,status,accuracy,mean_steps,iterations,wall_seconds", csv.get(0));
    String[] cells = {
      "cell-lambda-p=0.1_beta=0.01,0.1,0.01",
      "cell-lambda-p=0.1_beta=0.1,0.1,0.1",
      "cell-lambda-p=0.5_beta=0.01,0.5,0.01",
      "cell-lambda-p=0.5_beta=0.1,0.5,0.1"
    };
    for (int i = 0; i < 4; i++) {
      assertTrue(csv.get(i + 1).startsWith(cells[i] + ",finished,"), csv.get(i + 1));
      String[] c = csv.get(i + 1).split(",");
      double accuracy = Double.parseDouble(c[4]);
      double steps = Double.parseDouble(c[5]);
      assertTrue(accuracy > 0 && accuracy <= 1 && steps >= 1 && steps <= 5, csv.get(i + 1));
      assertEquals("300", c[6]);
    }

    BufferedImage accuracy = ImageIO.read(out.resolve("heatmap-accuracy.png").toFile());
    BufferedImage steps = ImageIO.read(out.resolve("heatmap-mean-steps.png").toFile());
    assertEquals(560, accuracy.getWidth());
    assertEquals(360, accuracy.getHeight());
    assertEquals(560, steps.getWidth());
    assertTrue(distinctColours(accuracy) > 50, "a rendered chart, not a blank image");
  }

  @Test
  void badListValuesExitTwoNamingOptionValueAndRangeAndWriteNothing() {
    Path out = tmp.resolve("bad");
    Result r = TrainCommandTest.run("sweep", "--lambda-p", "0.1,1.5", "--out", out.toString());
    assertEquals(2, r.status());
    assertEquals("error: --lambda-p: '1.5' is not allowed; allowed range (0, 1)", r.err().strip());
    r = TrainCommandTest.run("sweep", "--eval-rule", "sample,guess", "--out", out.toString());
    assertEquals(2, r.status());
    assertTrue(
        r.err().contains("--eval-rule: 'guess' is not allowed; allowed: default, sample"), r.err());
    r = TrainCommandTest.run("sweep", "--beta", "0.1", "--out", out.toString());
    assertEquals(2, r.status());
    assertTrue(r.err().contains("give at least one setting as a comma list"), r.err());
    r =
        TrainCommandTest.run(
            "sweep", "--beta", "0.1,0.2", "--parallel", "0", "--out", out.toString());
    assertEquals(2, r.status());
    assertFalse(Files.exists(out));
  }

  static int distinctColours(BufferedImage image) {
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }

  static Map<String, String> checksums(Path dir) throws Exception {
    Map<String, String> sums = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        sums.put(
            dir.relativize(f).toString(),
            HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
      }
    }
    return sums;
  }
}
