package org.ponderlab.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.core.run.RunFixtures.Recorder;
import org.ponderlab.core.train.DifficultyStats;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.TrainerState;
import org.ponderlab.core.train.TrainingConfig;

/**
 * A parity run with the extrapolation split: summary.json reports the seen and unseen inputs apart,
 * the reopened run carries the same split and spread, and a folder written before counts and
 * quartiles existed still opens and continues.
 */
class ParityExtrapolationRunTest {
  @TempDir static Path shared;
  @TempDir Path tmp;
  static Path run;
  static Snapshot live;

  static TrainingConfig config(int iterations) {
    Map<String, String> m = new HashMap<>(RunFixtures.small(iterations).toText());
    m.put("parity-split", "extrapolation");
    return TrainingConfig.fromText(m);
  }

  @BeforeAll
  static void train() throws Exception {
    run = shared.resolve("extrapolation");
    Recorder r = new Recorder();
    assertEquals(TrainerState.FINISHED, RunFixtures.train(run, config(100), r));
    live = r.snapshots.get(r.snapshots.size() - 1);
  }

  @Test
  void summarySplitsSeenFromUnseenWeightedByInputs() throws Exception {
    JsonNode sum = Json.MAPPER.readTree(run.resolve(RunFolder.SUMMARY).toFile());
    assertEquals(4, sum.get("seen_up_to").asInt());
    double[] seen = new double[3];
    double[] unseen = new double[3];
    for (JsonNode row : sum.get("per_difficulty")) {
      int n = row.get("count").asInt();
      double[] g = row.get("difficulty").asInt() > 4 ? unseen : seen;
      assertEquals(row.get("difficulty").asInt() > 4, row.get("unseen").asBoolean());
      g[0] += n;
      g[1] += n * row.get("accuracy").asDouble();
      g[2] += n * row.get("mean_steps").asDouble();
      assertTrue(row.get("steps_q1").asDouble() <= row.get("steps_median").asDouble());
      assertTrue(row.get("steps_median").asDouble() <= row.get("steps_q3").asDouble());
    }
    assertEquals(256, (int) (seen[0] + unseen[0]));
    assertTrue(
        seen[0] > 90 && unseen[0] > 90, "about half of the 256 validation inputs each: " + seen[0]);
    assertEquals((int) seen[0], sum.get("seen").get("count").asInt());
    assertEquals(seen[1] / seen[0], sum.get("seen").get("accuracy").asDouble(), 1e-4);
    assertEquals(seen[2] / seen[0], sum.get("seen").get("mean_steps").asDouble(), 1e-3);
    assertEquals(unseen[1] / unseen[0], sum.get("unseen").get("accuracy").asDouble(), 1e-4);
    assertEquals(unseen[2] / unseen[0], sum.get("unseen").get("mean_steps").asDouble(), 1e-3);
    // the overall figures are the two groups together
    double all = (seen[1] + unseen[1]) / (seen[0] + unseen[0]);
    assertEquals(sum.get("accuracy").asDouble(), all, 1e-4);
  }

  @Test
  void theReopenedRunCarriesTheSplitAndTheSpread() throws Exception {
    Snapshot reopened = RunReader.open(run).last();
    DifficultyStats a = live.difficultyStats();
    DifficultyStats b = reopened.difficultyStats();
    assertEquals(4, b.seenUpTo());
    assertArrayEquals(a.count(), b.count());
    assertArrayEquals(a.stepsQ1(), b.stepsQ1(), 1e-4);
    assertArrayEquals(a.stepsQ3(), b.stepsQ3(), 1e-4);
    assertEquals(a.seen().count(), b.seen().count());
    assertEquals(a.unseen().accuracy(), b.unseen().accuracy(), 1e-4);
    assertEquals(a.unseen().meanSteps(), b.unseen().meanSteps(), 1e-3);
  }

  @Test
  void aRunSavedBeforeCountsAndQuartilesOpensAndContinues() throws Exception {
    Path old = tmp.resolve("old");
    Files.createDirectories(old.resolve("ponder"));
    for (Path p : Files.walk(run).filter(Files::isRegularFile).toList()) {
      Files.copy(p, old.resolve(run.relativize(p).toString()));
    }
    // the earlier layout: iteration,difficulty,accuracy,mean_steps; no parity-split setting
    // (uniform)
    Files.write(
        old.resolve(RunFolder.DIFFICULTY),
        RunFixtures.withoutColumns(run.resolve(RunFolder.DIFFICULTY), 4, 5, 6, 7));
    String config = Files.readString(old.resolve(RunFolder.CONFIG));
    Files.writeString(
        old.resolve(RunFolder.CONFIG),
        config.replaceAll("\\s*\"parity-split\" : \"extrapolation\",", ""));
    SavedRun opened = RunReader.open(old);
    assertEquals("uniform", opened.config().paritySplit());
    DifficultyStats s = opened.last().difficultyStats();
    assertFalse(s.hasSplit());
    assertEquals(0, s.count()[3]);
    assertTrue(Double.isNaN(s.stepsMedian()[3]));
    assertEquals(opened.last().accuracyByDifficulty()[3], live.accuracyByDifficulty()[3], 1e-4);
    assertEquals(
        TrainerState.FINISHED,
        RunSession.resume(opened, 150, Map.of(), List.of("test"), new Recorder())
            .start()
            .await(i -> {}, 100));
    List<String> rows = Files.readAllLines(old.resolve(RunFolder.DIFFICULTY));
    assertEquals(RunWriter.DIFFICULTY_HEADER, rows.get(0));
    assertTrue(
        rows.stream().anyMatch(l -> l.startsWith("100,3,") && l.endsWith(",0,NaN,NaN,NaN")),
        "old rows padded");
    assertTrue(
        rows.stream().anyMatch(l -> l.startsWith("150,3,") && !l.contains("NaN")),
        "new rows complete");
  }
}
