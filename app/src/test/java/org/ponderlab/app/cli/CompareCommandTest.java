package org.ponderlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
  @TempDir Path tmp;

  @Test
  void writesATableARowPerMethodAndTheHaltingDistributionsSideBySide() throws Exception {
    Path out = tmp.resolve("cmp");
    TrainCommandTest.Result r = TrainCommandTest.run("compare", "--methods", "pondernet,lac,fixed", "--iterations", "40",
        "--eval-every", "20", "--hidden", "8", "--max-steps", "6", "--validation-size", "128", "--out", out.toString());
    assertEquals(0, r.status(), r.err());
    List<String> csv = Files.readAllLines(out.resolve("compare.csv"));
    assertEquals(4, csv.size());
    assertTrue(csv.get(3).startsWith("fixed,finished,last-step,40,"), csv.get(3));
    // fixed depth always runs N = 6 steps: mean steps 6, steps run 6, compute saved 0
    assertEquals("method,status,rule,iterations,accuracy,mean_steps,steps_run,max_steps,compute_saved,"
        + "ms_per_iteration,wall_seconds", csv.get(0));
    String[] fixed = csv.get(3).split(",");
    assertEquals(6.0, Double.parseDouble(fixed[5]), 1e-9);
    assertEquals(6.0, Double.parseDouble(fixed[6]), 1e-9);
    assertEquals(0.0, Double.parseDouble(fixed[8]), 1e-9);
    // LAC's evaluation really stops its chunks: fewer steps run than N, never fewer than its halting steps
    String[] lac = csv.get(2).split(",");
    assertTrue(Double.parseDouble(lac[6]) < 6 && Double.parseDouble(lac[6]) >= Double.parseDouble(lac[5]), csv.get(2));
    assertTrue(Files.readString(out.resolve("compare.md")).contains("| lac | lac |"));
    BufferedImage png = ImageIO.read(out.resolve("compare-halting.png").toFile());
    assertEquals(1200, png.getWidth());
    assertEquals(700, png.getHeight());
    for (String m : List.of("pondernet", "lac", "fixed")) {
      assertTrue(Files.exists(out.resolve(m).resolve("metrics.csv")), m);
    }

    TrainCommandTest.Result bad = TrainCommandTest.run("compare", "--methods", "pondernet,oracle", "--out",
        tmp.resolve("cmp2").toString());
    assertEquals(2, bad.status());
    assertTrue(bad.err().contains("oracle"), bad.err());
  }
}
