package org.ponderlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.app.cli.TrainCommandTest.Result;
import org.ponderlab.core.run.Json;
import org.ponderlab.core.run.RunSession;
import org.ponderlab.core.train.TrainingConfig;
import org.ponderlab.core.train.TrainingListener;

class ExportCommandTest {
  @TempDir static Path runs;
  @TempDir Path tmp;
  static Path first;
  static Path second;
  static Path solo;

  @BeforeAll
  static void trainThreeRuns() throws Exception {
    first = runs.resolve("a").resolve("p1");
    second = runs.resolve("b").resolve("p1");
    solo = runs.resolve("solo");
    int seed = 1;
    for (Path dir : List.of(first, second, solo)) {
      TrainingConfig c =
          TrainingConfig.fromText(
              Map.of(
                  "iterations",
                  "100",
                  "eval-every",
                  "50",
                  "hidden",
                  "8",
                  "max-steps",
                  "4",
                  "batch",
                  "16",
                  "validation-size",
                  "64",
                  "seed",
                  Integer.toString(seed++)));
      RunSession.create(dir, c, List.of("test"), new TrainingListener() {})
          .start()
          .await(i -> {}, 50);
    }
  }

  /** The long rows of one run, built straight from its metrics.csv. */
  static List<String> expectedRows(String label, Path run) throws Exception {
    List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
    assertEquals(
        "iteration,elapsed_s,loss_rec,loss_reg,loss_total,accuracy,mean_steps,rule,ms_per_iteration,steps_run",
        lines.get(0));
    String[] names = {
      "elapsed_s",
      "loss_rec",
      "loss_reg",
      "loss_total",
      "accuracy",
      "mean_steps",
      "ms_per_iteration",
      "steps_run"
    };
    int[] columns = {1, 2, 3, 4, 5, 6, 8, 9};
    List<String> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] c = line.split(",");
      for (int k = 0; k < names.length; k++) {
        rows.add(label + "," + c[0] + "," + names[k] + "," + c[columns[k]]);
      }
    }
    return rows;
  }

  @Test
  void theLongTableHoldsEveryMetricOfEverySnapshotAsTheRunWroteIt() throws Exception {
    Path out =
        Files.createDirectories(tmp.resolve("export"))
            .resolve("all.csv"); // export creates no folders
    Result r =
        TrainCommandTest.run(
            "export",
            first.toString(),
            second.toString(),
            solo.toString(),
            "--out",
            out.toString());
    assertEquals(0, r.status(), r.err());
    List<String> expected = new ArrayList<>(List.of("run,iteration,metric,value"));
    expected.addAll(expectedRows(first.normalize().toString(), first));
    expected.addAll(expectedRows(second.normalize().toString(), second));
    expected.addAll(expectedRows("solo", solo));
    List<String> actual = Files.readAllLines(out);
    assertEquals(expected, actual);
    assertEquals(1 + 3 * 2 * 8, actual.size());
    assertTrue(
        actual
            .get(1)
            .matches(
                java.util.regex.Pattern.quote(first.normalize().toString())
                    + ",50,elapsed_s,\\d+\\.\\d{3}"),
        actual.get(1));

    JsonNode configs =
        Json.MAPPER.readTree(tmp.resolve("export").resolve("all-configs.json").toFile());
    assertEquals("ponderlab-export", configs.get("format").asText());
    assertEquals(3, configs.get("runs").size());
    JsonNode s = configs.get("runs").get(2);
    assertEquals("solo", s.get("run").asText());
    assertEquals("finished", s.get("status").asText());
    assertEquals(100, s.get("iterations_done").asInt());
    assertEquals("3", s.get("settings").get("seed").asText());
    assertEquals("4", s.get("settings").get("max-steps").asText());
    assertTrue(s.get("provenance").has("java_version"));
    assertEquals(solo.toAbsolutePath().normalize().toString(), s.get("folder").asText());
  }

  @Test
  void distributionsAddAPerStepAndPerDifficultySeries() throws Exception {
    Path out = tmp.resolve("solo.csv");
    assertEquals(
        0,
        TrainCommandTest.run("export", solo.toString(), "--distributions", "--out", out.toString())
            .status());
    List<String> lines = Files.readAllLines(out);
    // per snapshot: 8 metrics + 4 per step (N = 4) + 2 per difficulty (0..8 for 8 bits)
    assertEquals(1 + 2 * (8 + 4 * 4 + 2 * 9), lines.size());
    List<String> halting = Files.readAllLines(solo.resolve("halting.csv"));
    String[] step3at100 =
        halting.stream().filter(l -> l.startsWith("100,3,")).findFirst().orElseThrow().split(",");
    assertTrue(lines.contains("solo,100,halting_count:3," + step3at100[2]));
    assertTrue(lines.contains("solo,100,mean_p:3," + step3at100[4]));
    assertTrue(lines.contains("solo,100,accuracy_at_step:3," + step3at100[5]));
    assertTrue(
        lines.contains("solo,50,accuracy_by_difficulty:0,NaN"),
        "parity has no input with 0 non-zeros");
    int count =
        lines.stream()
            .filter(l -> l.startsWith("solo,100,halting_count:"))
            .mapToInt(l -> Integer.parseInt(l.split(",")[3]))
            .sum();
    assertEquals(64, count);
  }

  @Test
  void oneBadFolderExportsNothing() throws Exception {
    Path out = tmp.resolve("x.csv");
    Path foreign = Files.createDirectories(tmp.resolve("photos"));
    Files.writeString(foreign.resolve("a.jpg"), "x");
    Result r =
        TrainCommandTest.run(
            "export", solo.toString(), foreign.toString(), "--out", out.toString());
    assertEquals(2, r.status());
    assertTrue(r.err().contains("not a PonderLab run folder"), r.err());
    assertFalse(Files.exists(out));
    assertFalse(Files.exists(tmp.resolve("x-configs.json")));
  }
}
