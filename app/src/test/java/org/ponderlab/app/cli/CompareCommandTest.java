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
    TrainCommandTest.Result r =
        TrainCommandTest.run(
            "compare",
            "--methods",
            "pondernet,lac,fixed",
            "--iterations",
            "40",
            "--eval-every",
            "20",
            "--hidden",
            "8",
            "--max-steps",
            "6",
            "--validation-size",
            "128",
            "--out",
            out.toString());
    assertEquals(0, r.status(), r.err());
    List<String> csv = Files.readAllLines(out.resolve("compare.csv"));
    assertEquals(4, csv.size());
    assertTrue(csv.get(3).startsWith("fixed,finished,last-step,40,"), csv.get(3));
    // fixed depth always runs N = 6 steps: mean steps 6, steps run 6, compute saved 0
    assertEquals(
        "method,status,rule,iterations,accuracy,mean_steps,steps_run,max_steps,compute_saved,"
            + "ms_per_iteration,wall_seconds,seeds,accuracy_mean,accuracy_sd,mean_steps_mean,mean_steps_sd,steps_run_mean,"
            + "steps_run_sd",
        csv.get(0));
    assertTrue(
        csv.get(3)
            .endsWith(
                ",1,"
                    + fixedColumn(csv.get(3), 4)
                    + ",,"
                    + fixedColumn(csv.get(3), 5)
                    + ",,"
                    + fixedColumn(csv.get(3), 6)
                    + ","),
        "one seed: mean = the run, no sd: " + csv.get(3));
    String[] fixed = csv.get(3).split(",");
    assertEquals(6.0, Double.parseDouble(fixed[5]), 1e-9);
    assertEquals(6.0, Double.parseDouble(fixed[6]), 1e-9);
    assertEquals(0.0, Double.parseDouble(fixed[8]), 1e-9);
    // LAC's evaluation really stops its chunks: fewer steps run than N, never fewer than its
    // halting steps
    String[] lac = csv.get(2).split(",");
    assertTrue(
        Double.parseDouble(lac[6]) < 6 && Double.parseDouble(lac[6]) >= Double.parseDouble(lac[5]),
        csv.get(2));
    assertTrue(Files.readString(out.resolve("compare.md")).contains("| lac | lac |"));
    BufferedImage png = ImageIO.read(out.resolve("compare-halting.png").toFile());
    assertEquals(1200, png.getWidth());
    assertEquals(700, png.getHeight());
    for (String m : List.of("pondernet", "lac", "fixed")) {
      assertTrue(Files.exists(out.resolve(m).resolve("metrics.csv")), m);
    }

    TrainCommandTest.Result bad =
        TrainCommandTest.run(
            "compare", "--methods", "pondernet,oracle", "--out", tmp.resolve("cmp2").toString());
    assertEquals(2, bad.status());
    assertTrue(bad.err().contains("oracle"), bad.err());
  }

  private static String fixedColumn(String row, int column) {
    String[] v = row.split(",", -1);
    return column == 4
        ? v[4]
        : String.format(java.util.Locale.ROOT, "%.4f", Double.parseDouble(v[column]));
  }

  /**
   * --seeds: a run per method and seed, compare-runs.csv lists them, compare.csv gives each
   * method's mean and sample standard deviation, checked here against the per-run rows.
   */
  @Test
  void severalSeedsGiveMeanAndStandardDeviation() throws Exception {
    Path out = tmp.resolve("seeds");
    TrainCommandTest.Result r =
        TrainCommandTest.run(
            "compare",
            "--methods",
            "pondernet,fixed",
            "--seeds",
            "1,2,3",
            "--iterations",
            "30",
            "--eval-every",
            "30",
            "--hidden",
            "8",
            "--max-steps",
            "5",
            "--validation-size",
            "128",
            "--out",
            out.toString());
    assertEquals(0, r.status(), r.err());
    List<String> runs = Files.readAllLines(out.resolve("compare-runs.csv"));
    assertEquals(7, runs.size());
    assertEquals(
        "method,seed,status,rule,iterations,accuracy,mean_steps,steps_run,ms_per_iteration,wall_seconds",
        runs.get(0));
    double[] acc = new double[3];
    double[] steps = new double[3];
    for (int i = 0; i < 3; i++) {
      String[] v = runs.get(1 + i).split(",");
      assertEquals("pondernet", v[0]);
      assertEquals(Integer.toString(i + 1), v[1]);
      acc[i] = Double.parseDouble(v[5]);
      steps[i] = Double.parseDouble(v[6]);
      assertTrue(Files.exists(out.resolve("pondernet-seed" + (i + 1)).resolve("summary.json")));
    }
    double mean = (acc[0] + acc[1] + acc[2]) / 3;
    double sd =
        Math.sqrt(
            ((acc[0] - mean) * (acc[0] - mean)
                    + (acc[1] - mean) * (acc[1] - mean)
                    + (acc[2] - mean) * (acc[2] - mean))
                / 2);
    double stepsMean = (steps[0] + steps[1] + steps[2]) / 3;
    List<String> csv = Files.readAllLines(out.resolve("compare.csv"));
    assertEquals(3, csv.size());
    String[] p = csv.get(1).split(",", -1);
    assertEquals("pondernet", p[0]);
    assertEquals("3", p[11]);
    assertEquals(mean, Double.parseDouble(p[12]), 1e-5);
    assertEquals(sd, Double.parseDouble(p[13]), 1e-5);
    assertTrue(
        sd > 0, "three seeds of a 30-iteration run differ: " + java.util.Arrays.toString(acc));
    assertEquals(stepsMean, Double.parseDouble(p[14]), 1e-4);
    String[] f = csv.get(2).split(",", -1);
    assertEquals("fixed", f[0]);
    assertEquals(5.0, Double.parseDouble(f[14]), 1e-9); // fixed depth: 5 steps on every seed
    assertEquals(0.0, Double.parseDouble(f[15]), 1e-9);
    assertTrue(
        Files.readString(out.resolve("compare.md"))
            .contains("seeds 1, 2, 3 (mean ± standard deviation)"));
    TrainCommandTest.Result both =
        TrainCommandTest.run(
            "compare",
            "--methods",
            "fixed",
            "--seeds",
            "1,2",
            "--seed",
            "3",
            "--out",
            tmp.resolve("bad").toString());
    assertEquals(2, both.status());
    assertTrue(both.err().contains("--seeds"), both.err());
  }
}
