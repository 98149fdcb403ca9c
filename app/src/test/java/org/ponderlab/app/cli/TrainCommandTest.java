package org.ponderlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ponderlab.app.Main;
import org.ponderlab.core.run.Json;

class TrainCommandTest {
  @TempDir Path tmp;

  /** Runs the command line, capturing stderr. */
  record Result(int status, String err, String out) {}

  static Result run(String... args) {
    PrintStream oldErr = System.err;
    PrintStream oldOut = System.out;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      int status = Main.run(args);
      return new Result(
          status, err.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(oldErr);
      System.setOut(oldOut);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "--lambda-p, 1.5, '(0, 1)'",
    "--lambda-p, 0, '(0, 1)'",
    "--beta, -1, '[0, ∞)'",
    "--max-steps, 0, '1 to 200'",
    "--task, chess, 'parity, mnist, cpvr'",
    "--method, oracle, 'pondernet, act'",
  })
  void badValuesExitWithStatusTwoAndNameOptionValueAndRange(
      String option, String value, String allowed) {
    Result r = run("train", option, value, "--out", tmp.resolve("run").toString());
    assertEquals(2, r.status(), r.err());
    assertTrue(
        r.err().contains(option) && r.err().contains(value) && r.err().contains(allowed), r.err());
    assertFalse(Files.exists(tmp.resolve("run")), "nothing written for a bad value");
  }

  @Test
  void anExistingFolderThatIsNotARunIsRefused() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("photos"));
    Files.writeString(dir.resolve("holiday.jpg"), "not a run");
    Result r = run("train", "--iterations", "5", "--out", dir.toString());
    assertEquals(2, r.status());
    assertTrue(
        r.err().contains("--out") && r.err().contains("not a PonderLab run folder"), r.err());
    assertEquals(List.of(dir.resolve("holiday.jpg")), Files.list(dir).toList());
  }

  /**
   * LAC stops each evaluation chunk when its last example halts: the steps run are real, below N,
   * and at least the mean halting step.
   */
  @Test
  void lacReportsTheStepsItsEvaluationReallyRan() throws Exception {
    Path dir = tmp.resolve("lac");
    Result r =
        run(
            "train",
            "--method",
            "lac",
            "--iterations",
            "40",
            "--eval-every",
            "40",
            "--hidden",
            "8",
            "--max-steps",
            "10",
            "--validation-size",
            "256",
            "--seed",
            "5",
            "--quiet",
            "--out",
            dir.toString());
    assertEquals(0, r.status(), r.err());
    JsonNode summary = Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
    double run = summary.get("mean_steps_run").asDouble();
    double steps = summary.get("mean_steps").asDouble();
    assertTrue(run >= steps && run < 10, "steps run " + run + ", mean halting step " + steps);
    assertEquals(1 - run / 10, summary.get("compute_saved_in_evaluation").asDouble(), 1e-9);
  }

  @Test
  void aRunWritesItsFilesAndTheHelpDocumentsEveryOption() throws Exception {
    Path dir = tmp.resolve("run1");
    Result r =
        run(
            "train",
            "--iterations",
            "60",
            "--eval-every",
            "20",
            "--hidden",
            "8",
            "--max-steps",
            "6",
            "--validation-size",
            "256",
            "--seed",
            "5",
            "--quiet",
            "--out",
            dir.toString());
    assertEquals(0, r.status(), r.err());
    JsonNode config = Json.MAPPER.readTree(dir.resolve("config.json").toFile());
    assertEquals("6", config.get("settings").get("max-steps").asText());
    assertEquals("5", config.get("settings").get("seed").asText());
    assertTrue(
        config.get("provenance").has("java_version")
            && config.get("provenance").has("host")
            && config.get("provenance").has("start_time"));
    List<String> metrics = Files.readAllLines(dir.resolve("metrics.csv"));
    assertEquals(4, metrics.size()); // header + iterations 20, 40, 60
    assertTrue(metrics.get(3).startsWith("60,"));
    List<String> halting = Files.readAllLines(dir.resolve("halting.csv"));
    assertEquals(1 + 3 * 6, halting.size());
    int count =
        halting.stream()
            .skip(1)
            .filter(l -> l.startsWith("60,"))
            .mapToInt(l -> Integer.parseInt(l.split(",")[2]))
            .sum();
    assertEquals(256, count);
    JsonNode summary = Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
    for (String key :
        List.of(
            "accuracy", "mean_steps", "iterations", "wall_seconds", "ms_per_iteration_median")) {
      assertTrue(summary.has(key) && !summary.get(key).isNull(), key);
    }
    assertEquals(60, summary.get("iterations").asInt());
    // PonderNet's sampling rule stops each example at its halting step: the steps run are the
    // halting steps
    double run = summary.get("mean_steps_run").asDouble();
    assertEquals(summary.get("mean_steps").asDouble(), run, 1e-9);
    assertTrue(run < 6, "ran " + run);
    assertEquals(1 - run / 6, summary.get("compute_saved_in_evaluation").asDouble(), 1e-9);
    String[] row = metrics.get(3).split(",");
    assertTrue(metrics.get(0).endsWith(",steps_run") && row[9].equals(row[6]), metrics.get(3));
    // parity-8: one row per number of non-zeros 1..8, mean steps within 1..N
    JsonNode perDifficulty = summary.get("per_difficulty");
    assertEquals(8, perDifficulty.size());
    for (int d = 0; d < 8; d++) {
      assertEquals(d + 1, perDifficulty.get(d).get("difficulty").asInt());
      double steps = perDifficulty.get(d).get("mean_steps").asDouble();
      assertTrue(steps >= 1 && steps <= 6, "mean steps " + steps);
    }
    assertEquals(
        "finished",
        Json.MAPPER.readTree(dir.resolve("status.json").toFile()).get("status").asText());
    try (var files = Files.list(dir)) {
      assertTrue(
          files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")),
          "no temporary files left");
    }

    Result help = run("train", "--help");
    for (String opt :
        List.of(
            "--bits",
            "--hidden",
            "--max-steps",
            "--lambda-p",
            "--beta",
            "--prior",
            "--lr",
            "--batch",
            "--clip",
            "--eval-every",
            "--eval-rule",
            "--q",
            "--seed",
            "--iterations")) {
      assertTrue(help.out().contains(opt), opt + " missing from --help");
    }
    assertTrue(help.out().contains("default: 0.2") && help.out().contains("allowed: (0, 1]"));
  }
}
