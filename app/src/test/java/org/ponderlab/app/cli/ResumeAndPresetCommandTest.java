package org.ponderlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.app.cli.TrainCommandTest.Result;
import org.ponderlab.core.run.Json;

class ResumeAndPresetCommandTest {
  @TempDir Path tmp;
  static final String[] SMALL = {
    "--eval-every",
    "50",
    "--hidden",
    "8",
    "--max-steps",
    "5",
    "--batch",
    "16",
    "--validation-size",
    "128",
    "--seed",
    "6",
    "--quiet"
  };

  @BeforeEach
  void presetFolders() {
    // surefire runs in app/: the shipped presets are one level up; the user's go to a temporary
    // folder
    System.setProperty("ponderlab.home", Path.of("..").toAbsolutePath().normalize().toString());
    System.setProperty("ponderlab.user.presets", tmp.resolve("my-presets").toString());
  }

  @AfterEach
  void clear() {
    System.clearProperty("ponderlab.home");
    System.clearProperty("ponderlab.user.presets");
  }

  static String[] args(String[] head, String... tail) {
    String[] all = Arrays.copyOf(head, head.length + SMALL.length + tail.length);
    System.arraycopy(SMALL, 0, all, head.length, SMALL.length);
    System.arraycopy(tail, 0, all, head.length + SMALL.length, tail.length);
    return all;
  }

  static List<String> metricsWithoutTimes(Path dir) throws Exception {
    return Files.readAllLines(dir.resolve("metrics.csv")).stream()
        .map(
            l -> {
              String[] c = l.split(",");
              return String.join(",", c[0], c[2], c[3], c[4], c[5], c[6], c[7]);
            })
        .toList();
  }

  @Test
  void resumeMoreAndIterationsContinueToTheStraightNumbers() throws Exception {
    Path straight = tmp.resolve("straight");
    Path split = tmp.resolve("split");
    assertEquals(
        0,
        TrainCommandTest.run(
                args(new String[] {"train", "--iterations", "200"}, "--out", straight.toString()))
            .status());
    assertEquals(
        0,
        TrainCommandTest.run(
                args(new String[] {"train", "--iterations", "100"}, "--out", split.toString()))
            .status());
    Result more = TrainCommandTest.run("train", "--resume", split.toString(), "--more", "50");
    assertEquals(0, more.status(), more.err());
    assertTrue(
        more.err().contains("continuing " + split + " (finished) from iteration 100"), more.err());
    Result total =
        TrainCommandTest.run(
            "train", "--resume", split.toString(), "--iterations", "200", "--quiet");
    assertEquals(0, total.status(), total.err());
    assertTrue(total.out().contains("after 200 iterations"), total.out());
    assertEquals(metricsWithoutTimes(straight), metricsWithoutTimes(split));
    assertEquals(
        Files.readAllLines(straight.resolve("halting.csv")),
        Files.readAllLines(split.resolve("halting.csv")));
    JsonNode config = Json.MAPPER.readTree(split.resolve("config.json").toFile());
    assertEquals(2, config.get("resumes").size());
    assertEquals(150, config.get("resumes").get(1).get("from_iteration").asInt());
    assertEquals(
        List.of("ponderlab", "train", "--resume", split.toString(), "--iterations", "150"),
        Json.MAPPER.convertValue(config.get("resumes").get(0).get("command_line"), List.class));
  }

  @Test
  void refusedResumesExitWithTheRightStatusAndChangeNothing() throws Exception {
    Path run = tmp.resolve("run");
    assertEquals(
        0,
        TrainCommandTest.run(
                args(new String[] {"train", "--iterations", "50"}, "--out", run.toString()))
            .status());
    Map<String, String> before = SweepCommandTest.checksums(run);
    Result hidden =
        TrainCommandTest.run("train", "--resume", run.toString(), "--hidden", "32", "--more", "10");
    assertEquals(2, hidden.status());
    assertTrue(
        hidden
            .err()
            .startsWith(
                "error: --hidden: '32' is not allowed; cannot change when continuing a run"),
        hidden.err());
    Result both =
        TrainCommandTest.run(
            "train", "--resume", run.toString(), "--out", tmp.resolve("x").toString());
    assertEquals(2, both.status());
    assertEquals(
        2,
        TrainCommandTest.run(
                "train", "--resume", run.toString(), "--more", "5", "--iterations", "70")
            .status());
    assertEquals(before, SweepCommandTest.checksums(run));

    byte[] model = Files.readAllBytes(run.resolve("model.bin"));
    Files.write(run.resolve("model.bin"), Arrays.copyOf(model, model.length - 8));
    before = SweepCommandTest.checksums(run);
    Result damaged = TrainCommandTest.run("train", "--resume", run.toString(), "--more", "10");
    assertEquals(1, damaged.status());
    assertTrue(
        damaged.err().startsWith("error: run folder " + run + ", model.bin: truncated: "),
        damaged.err());
    assertEquals(before, SweepCommandTest.checksums(run));

    Path foreign = Files.createDirectories(tmp.resolve("photos"));
    Files.writeString(foreign.resolve("a.jpg"), "x");
    Result notARun = TrainCommandTest.run("train", "--resume", foreign.toString());
    assertEquals(2, notARun.status());
    assertEquals(
        "error: run folder " + foreign + ": not a PonderLab run folder (it has no config.json)",
        notARun.err().strip());
  }

  @Test
  void aPresetGivesTheSettingsAndTypedOptionsOverrideIt() throws Exception {
    Path run = tmp.resolve("p");
    Result r =
        TrainCommandTest.run(
            args(
                new String[] {"train", "--preset", "beta-too-high", "--iterations", "50"},
                "--out",
                run.toString()));
    assertEquals(0, r.status(), r.err());
    JsonNode settings = Json.MAPPER.readTree(run.resolve("config.json").toFile()).get("settings");
    assertEquals("1.0", settings.get("beta").asText()); // from the preset
    assertEquals("8", settings.get("hidden").asText()); // typed: overrides the preset's 64
    assertEquals("0.2", settings.get("lambda-p").asText());
    assertEquals("50", settings.get("iterations").asText());

    Result unknown =
        TrainCommandTest.run("train", "--preset", "no-such", "--out", tmp.resolve("q").toString());
    assertEquals(2, unknown.status());
    assertTrue(
        unknown
            .err()
            .contains(
                "--preset: 'no-such' is not allowed; no preset named 'no-such'; known: 000-mnist"),
        unknown.err());
    assertFalse(Files.exists(tmp.resolve("q")));
  }

  @Test
  void aSavedPresetListsAndTrains() throws Exception {
    Result saved =
        TrainCommandTest.run(
            "presets",
            "--save",
            "mine",
            "--description",
            "small and quick",
            "--preset",
            "000-parity",
            "--hidden",
            "8",
            "--max-steps",
            "5",
            "--iterations",
            "30",
            "--eval-every",
            "30",
            "--validation-size",
            "64");
    assertEquals(0, saved.status(), saved.err());
    assertTrue(Files.exists(tmp.resolve("my-presets").resolve("mine.json")));
    Result list = TrainCommandTest.run("presets");
    assertTrue(
        list.out().contains("mine") && list.out().contains("small and quick (yours)"), list.out());
    assertTrue(list.out().contains("000-parity "), list.out());
    Path run = tmp.resolve("m");
    assertEquals(
        0,
        TrainCommandTest.run("train", "--preset", "mine", "--quiet", "--out", run.toString())
            .status());
    JsonNode settings = Json.MAPPER.readTree(run.resolve("config.json").toFile()).get("settings");
    assertEquals("5", settings.get("max-steps").asText());
    assertEquals("0.01", settings.get("beta").asText());
    assertEquals(
        List.of("iteration", "30"),
        List.of(
            Files.readAllLines(run.resolve("metrics.csv")).get(0).split(",")[0],
            Files.readAllLines(run.resolve("metrics.csv")).get(1).split(",")[0]));
    assertEquals(2, TrainCommandTest.run("presets", "--save", "000-parity").status());
  }
}
