package org.ponderlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.app.cli.TrainCommandTest.Result;
import org.ponderlab.core.run.Json;
import org.ponderlab.core.run.RunEvaluations;
import org.ponderlab.core.run.RunSession;
import org.ponderlab.core.train.TrainingConfig;
import org.ponderlab.core.train.TrainingListener;

/** {@code evaluate} and {@code inspect} on a saved parity run. */
class EvaluateAndInspectCommandTest {
  @TempDir static Path runs;
  static Path run;

  @BeforeAll
  static void trainOnce() throws Exception {
    run = runs.resolve("p1");
    TrainingConfig c =
        TrainingConfig.fromText(
            Map.of(
                "iterations",
                "200",
                "eval-every",
                "100",
                "hidden",
                "12",
                "max-steps",
                "6",
                "batch",
                "32",
                "validation-size",
                "200",
                "seed",
                "3",
                "lr",
                "0.003",
                "eval-rule",
                "sample",
                "parity-split",
                "extrapolation"));
    RunSession.create(run, c, List.of("test"), new TrainingListener() {})
        .start()
        .await(i -> {}, 50);
  }

  static Map<String, String> checksums(Path dir) throws Exception {
    Map<String, String> sums = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        sums.put(
            dir.relativize(p).toString(),
            HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
      }
    }
    return sums;
  }

  @Test
  void evaluateWritesBesideTheRunAndLeavesModelAndHistoryByteIdentical() throws Exception {
    Map<String, String> before = checksums(run);
    assertTrue(
        before.containsKey("model.bin")
            && before.containsKey("metrics.csv")
            && before.containsKey("summary.json"));
    JsonNode summary = Json.MAPPER.readTree(run.resolve("summary.json").toFile());

    // the run's own rule, its own evaluation seed: the run's final numbers, exactly
    Result own = TrainCommandTest.run("evaluate", run.toString(), "--eval-rule", "sample");
    assertEquals(0, own.status(), own.err());
    JsonNode sample = Json.MAPPER.readTree(run.resolve("evaluations/sample.json").toFile());
    assertEquals(summary.get("accuracy").asDouble(), sample.get("accuracy").asDouble(), 1e-12);
    assertEquals(summary.get("mean_steps").asDouble(), sample.get("mean_steps").asDouble(), 1e-12);
    assertEquals(
        summary.get("unseen").get("accuracy").asDouble(),
        sample.get("unseen").get("accuracy").asDouble(),
        1e-12);
    assertTrue(
        own.out().contains("accuracy")
            && own.out().contains("mean halting step")
            && own.out().contains("steps run"),
        own.out());

    Result q =
        TrainCommandTest.run("evaluate", run.toString(), "--eval-rule", "q-exit", "--q", "0.3");
    assertEquals(0, q.status(), q.err());
    JsonNode qexit = Json.MAPPER.readTree(run.resolve("evaluations/q-exit-q0.3.json").toFile());
    assertEquals("q-exit", qexit.get("rule").asText());
    assertEquals(0.3, qexit.get("q").asDouble());
    // q-exit stops each input at its halting step: the steps run are the halting steps
    assertEquals(qexit.get("mean_steps").asDouble(), qexit.get("mean_steps_run").asDouble(), 1e-12);

    Map<String, String> after = checksums(run);
    after.keySet().removeIf(k -> k.startsWith(RunEvaluations.DIR + "/"));
    assertEquals(before, after, "evaluate touches nothing but evaluations/");
    List<RunEvaluations.Saved> listed = RunEvaluations.list(run);
    assertEquals(
        List.of("q-exit q=0.3", "sample"),
        listed.stream().map(RunEvaluations.Saved::label).toList());
  }

  @Test
  void aRuleTheMethodDoesNotHaveIsRefusedAndNothingWritten() throws Exception {
    Result r = TrainCommandTest.run("evaluate", run.toString(), "--eval-rule", "patience");
    assertEquals(2, r.status());
    assertTrue(
        r.err().contains("eval-rule") && r.err().contains("patience") && r.err().contains("q-exit"),
        r.err());
    assertFalse(Files.exists(run.resolve("evaluations/patience.json")));
    Result badQ =
        TrainCommandTest.run("evaluate", run.toString(), "--eval-rule", "q-exit", "--q", "1.5");
    assertEquals(2, badQ.status());
    assertTrue(badQ.err().contains("q") && badQ.err().contains("1.5"), badQ.err());
  }

  @Test
  void inspectPrintsTheDistributionAndEveryRulesStop() throws Exception {
    Result r = TrainCommandTest.run("inspect", run.toString(), "--index", "7", "--json");
    assertEquals(0, r.status(), r.err());
    JsonNode j = Json.MAPPER.readTree(r.out());
    double sum = 0;
    for (JsonNode p : j.get("p")) {
      sum += p.asDouble();
    }
    assertEquals(6, j.get("p").size());
    assertEquals(1, sum, 1e-5);
    for (String rule : List.of("sample", "q-exit", "expectation", "mode")) {
      int step = j.get("stops").get(rule).asInt();
      assertTrue(step >= 1 && step <= 6, rule + " " + step);
    }
    Result typed = TrainCommandTest.run("inspect", run.toString(), "--input", "1,0,-1,1,0,0,1,-1");
    assertEquals(0, typed.status(), typed.err());
    assertTrue(
        typed.out().contains("label 1, difficulty 5") && typed.out().contains("q-exit"),
        typed.out());
  }

  @Test
  void inspectRefusesBadInputsWithStatusTwo() {
    Result shortInput = TrainCommandTest.run("inspect", run.toString(), "--input", "1,0");
    assertEquals(2, shortInput.status());
    assertTrue(
        shortInput.err().contains("2 values") && shortInput.err().contains("8"), shortInput.err());
    Result image = TrainCommandTest.run("inspect", run.toString(), "--image", "digit.png");
    assertEquals(2, image.status());
    assertTrue(image.err().contains("MNIST"), image.err());
    Result index = TrainCommandTest.run("inspect", run.toString(), "--index", "200");
    assertEquals(2, index.status());
    assertTrue(index.err().contains("0 to 199"), index.err());
    Result none = TrainCommandTest.run("inspect", run.toString());
    assertEquals(2, none.status());
  }
}
