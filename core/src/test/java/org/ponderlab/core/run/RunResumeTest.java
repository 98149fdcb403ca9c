package org.ponderlab.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.core.run.RunFixtures.Recorder;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.SettingChange;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.TrainerState;
import org.ponderlab.core.train.TrainingConfig;

class RunResumeTest {
  @TempDir Path tmp;

  /** metrics.csv without elapsed_s (column 1) and ms_per_iteration (column 8): the wall times. */
  static List<String> metricsWithoutTimes(Path dir) throws Exception {
    return RunFixtures.withoutColumns(dir.resolve("metrics.csv"), 1, 8);
  }

  @Test
  void fourHundredStraightEqualsTwoHundredThenResumedToFourHundred() throws Exception {
    Path straight = tmp.resolve("straight");
    Path split = tmp.resolve("split");
    assertEquals(
        TrainerState.FINISHED, RunFixtures.train(straight, RunFixtures.small(400), new Recorder()));
    assertEquals(
        TrainerState.FINISHED, RunFixtures.train(split, RunFixtures.small(200), new Recorder()));

    SavedRun half = RunReader.open(split);
    assertEquals(RunStatus.FINISHED, half.status());
    assertEquals(200, half.checkpoint().iteration());
    assertEquals(200, half.checkpoint().optimizerSteps());
    RunSession resumed =
        RunSession.resume(half, 400, Map.of(), List.of("test", "resume"), new Recorder());
    assertEquals(200, resumed.fromIteration());
    assertEquals(TrainerState.FINISHED, resumed.start().await(i -> {}, 100));

    List<String> a = metricsWithoutTimes(straight);
    assertEquals(9, a.size()); // header + 50, 100, ..., 400
    assertEquals(a, metricsWithoutTimes(split));
    for (String f :
        List.of(
            "halting.csv",
            "difficulty.csv",
            "ponder/000000400.csv",
            "ponder/000000250.csv",
            "ponder/inputs.csv")) {
      assertEquals(
          Files.readAllLines(straight.resolve(f)), Files.readAllLines(split.resolve(f)), f);
    }
    SavedRun x = RunReader.open(straight);
    SavedRun y = RunReader.open(split);
    assertEquals(400, y.checkpoint().iteration());
    assertArrayEquals(x.finalParameters(), y.finalParameters());
    assertArrayEquals(x.checkpoint().firstMoment(), y.checkpoint().firstMoment());
    assertArrayEquals(x.checkpoint().secondMoment(), y.checkpoint().secondMoment());
    // the elapsed training time carries on from the first session rather than restarting at 0
    assertTrue(y.snapshots().get(4).elapsedSeconds() >= y.snapshots().get(3).elapsedSeconds());
    JsonNode config = Json.MAPPER.readTree(split.resolve("config.json").toFile());
    assertEquals("400", config.get("settings").get("iterations").asText());
    assertEquals(200, config.get("resumes").get(0).get("from_iteration").asInt());
    assertEquals("resume", config.get("resumes").get(0).get("command_line").get(1).asText());
  }

  /**
   * A run saved before metrics.csv had steps_run opens (steps run unknown) and continues with the
   * new header.
   */
  @Test
  void aRunWithoutTheStepsRunColumnOpensAndContinues() throws Exception {
    Path dir = tmp.resolve("older");
    RunFixtures.train(dir, RunFixtures.small(100), new Recorder());
    Path metrics = dir.resolve("metrics.csv");
    List<String> older =
        Files.readAllLines(metrics).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    assertEquals(RunWriter.METRICS_HEADER_V1, older.get(0));
    Files.write(metrics, older);

    SavedRun opened = RunReader.open(dir);
    assertTrue(Double.isNaN(opened.snapshots().get(1).meanStepsRun()));
    RunSession.resume(opened, 150, Map.of(), List.of(), new Recorder()).start().await(i -> {}, 100);
    List<String> after = Files.readAllLines(metrics);
    assertEquals(RunWriter.METRICS_HEADER, after.get(0));
    assertTrue(after.get(2).endsWith(",NaN"), after.get(2));
    SavedRun continued = RunReader.open(dir);
    Snapshot last = continued.snapshots().get(continued.snapshots().size() - 1);
    assertEquals(150, last.iteration());
    // PonderNet's sampling rule stops each example at its halting step: it ran exactly those steps
    assertEquals(last.meanSteps(), last.meanStepsRun(), 1e-9);
    assertTrue(last.meanStepsRun() < last.steps());
  }

  @Test
  void aReopenedRunReplaysTheSnapshotsItPublished() throws Exception {
    Path dir = tmp.resolve("run");
    Recorder live = new Recorder();
    RunFixtures.train(dir, RunFixtures.small(150), live);
    SavedRun run = RunReader.open(dir);
    assertEquals(RunStatus.FINISHED, run.status());
    assertEquals("finished 150 iterations", run.statusMessage());
    assertEquals(3, run.snapshots().size());
    assertEquals(Provenance.FORMAT_VERSION, run.provenance().get("format_version"));
    assertEquals(List.of("test"), run.commandLine());
    for (int i = 0; i < 3; i++) {
      Snapshot a = live.snapshots.get(i);
      Snapshot b = run.snapshots().get(i);
      assertEquals(a.iteration(), b.iteration());
      assertEquals(a.reconstructionLoss(), b.reconstructionLoss(), 1e-6);
      assertEquals(a.regularisationLoss(), b.regularisationLoss(), 1e-6);
      assertEquals(a.accuracy(), b.accuracy(), 1e-5);
      assertEquals(a.meanSteps(), b.meanSteps(), 1e-4);
      assertEquals(a.rule(), b.rule());
      assertArrayEquals(a.haltingHistogram(), b.haltingHistogram());
      assertArrayEquals(a.prior(), b.prior(), 1e-6);
      assertArrayEquals(a.meanHaltingProbability(), b.meanHaltingProbability(), 1e-6);
      assertArrayEquals(a.accuracyAtStep(), b.accuracyAtStep(), 1e-5);
      assertEquals(a.accuracyByDifficulty().length, b.accuracyByDifficulty().length);
      for (int d = 0; d < a.accuracyByDifficulty().length; d++) {
        assertEquals(a.accuracyByDifficulty()[d], b.accuracyByDifficulty()[d], 1e-5);
        assertEquals(a.meanStepsByDifficulty()[d], b.meanStepsByDifficulty()[d], 1e-4);
      }
      assertEquals(a.ponderRows().size(), b.ponderRows().size());
      for (int r = 0; r < a.ponderRows().size(); r++) {
        var pa = a.ponderRows().get(r);
        var pb = b.ponderRows().get(r);
        assertEquals(pa.index(), pb.index());
        assertEquals(pa.difficulty(), pb.difficulty());
        assertEquals(pa.label(), pb.label());
        assertEquals(pa.prediction(), pb.prediction());
        assertEquals(pa.haltStep(), pb.haltStep());
        assertArrayEquals(pa.input(), pb.input());
        assertArrayEquals(pa.haltingProb(), pb.haltingProb(), 1e-5);
      }
    }
    // parity difficulty 0 never occurs (k ≥ 1): the reopened run keeps it as NaN
    assertTrue(Double.isNaN(run.last().accuracyByDifficulty()[0]));
    assertEquals(8 + 1, run.last().accuracyByDifficulty().length);
  }

  @Test
  void resumingWithALiveChangeRecordsItAndTheOtherSettingsAreRefused() throws Exception {
    Path dir = tmp.resolve("run");
    RunFixtures.train(dir, RunFixtures.small(100), new Recorder());
    SavedRun run = RunReader.open(dir);
    Map<String, String> before = RunFixtures.checksums(dir);
    ConfigException hidden =
        assertThrows(
            ConfigException.class,
            () -> RunSession.resume(run, 200, Map.of("hidden", "32"), List.of(), new Recorder()));
    assertEquals("hidden", hidden.field());
    ConfigException done =
        assertThrows(
            ConfigException.class,
            () -> RunSession.resume(run, 100, Map.of(), List.of(), new Recorder()));
    assertEquals("iterations", done.field());
    assertTrue(done.getMessage().contains("already trained 100"), done.getMessage());
    assertThrows(
        ConfigException.class,
        () -> RunSession.resume(run, 200, Map.of("beta", "-1"), List.of(), new Recorder()));
    assertEquals(before, RunFixtures.checksums(dir), "a refused resume changes nothing");

    Recorder r = new Recorder();
    RunSession.resume(run, 150, Map.of("beta", "0.5"), List.of(), r).start().await(i -> {}, 100);
    SavedRun after = RunReader.open(dir);
    assertEquals(List.of(new SettingChange(100, "beta", "0.01", "0.5")), after.changes());
    assertEquals(0.5, after.configInForce().beta());
    assertEquals(0.01, after.config().beta());
    assertEquals(0.01, after.configAt(100).beta());
    assertEquals(List.of(), after.snapshots().get(1).changes());
    assertEquals(after.changes(), after.snapshots().get(2).changes());
    assertEquals(
        List.of("iteration,name,from,to", "100,beta,0.01,0.5"),
        Files.readAllLines(dir.resolve("changes.csv")));
    // the KL weight went up fifty-fold, so the regulariser's share of the loss did too
    assertNotEquals(
        after.snapshots().get(1).regularisationLoss(),
        after.snapshots().get(2).regularisationLoss());
  }

  @Test
  void aResumedRunWhoseKilledSessionWroteAheadOfItsModelRetrainsThoseRows() throws Exception {
    // a session killed between metrics.csv and model.bin leaves one row past the model: simulate
    // it by restoring the model of iteration 100 into a run that reached 150
    Path dir = tmp.resolve("run");
    RunFixtures.train(dir, RunFixtures.small(100), new Recorder());
    byte[] model100 = Files.readAllBytes(dir.resolve("model.bin"));
    RunSession.resume(RunReader.open(dir), 150, Map.of(), List.of(), new Recorder())
        .start()
        .await(i -> {}, 100);
    List<String> rows150 = metricsWithoutTimes(dir);
    List<String> halting150 = Files.readAllLines(dir.resolve("halting.csv"));
    Files.write(dir.resolve("model.bin"), model100);
    SavedRun killed = RunReader.open(dir);
    assertEquals(3, killed.snapshots().size(), "the reader shows every row on disk");
    assertEquals(100, killed.checkpoint().iteration());

    RunSession.resume(killed, 150, Map.of(), List.of(), new Recorder()).start().await(i -> {}, 100);
    assertEquals(rows150, metricsWithoutTimes(dir));
    assertEquals(halting150, Files.readAllLines(dir.resolve("halting.csv")));
    assertNull(
        RunReader.open(dir).snapshots().stream()
            .filter(s -> s.iteration() > 150)
            .findAny()
            .orElse(null));
    assertNotNull(RunReader.open(dir).checkpoint());
  }

  @Test
  void aReEvaluationUnderAnotherRuleReplacesItsRowKeepsTheLossesAndCarriesIntoTheResume()
      throws Exception {
    Path dir = tmp.resolve("run");
    RunFixtures.train(dir, RunFixtures.small(50), new Recorder());
    List<String> before = Files.readAllLines(dir.resolve("metrics.csv"));
    Recorder r = new Recorder();
    RunSession session = RunSession.resume(RunReader.open(dir), 100, Map.of(), List.of(), r);
    session.trainer().start();
    session.trainer().change("eval-rule", "q-exit");
    session.trainer().evaluateNow();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (r.snapshots.isEmpty()) {
      assertTrue(System.nanoTime() < deadline);
      Thread.sleep(5);
    }
    session.stop();
    session.trainer().join();
    List<String> after = Files.readAllLines(dir.resolve("metrics.csv"));
    assertEquals(2, after.size());
    String[] old = before.get(1).split(",");
    String[] now = after.get(1).split(",");
    assertEquals("q-exit", now[7]);
    assertEquals(
        List.of(old[0], old[1], old[2], old[3], old[4], old[8]),
        List.of(now[0], now[1], now[2], now[3], now[4], now[8]),
        "the training columns are kept");
    SavedRun stopped = RunReader.open(dir);
    assertEquals(RunStatus.STOPPED, stopped.status());
    assertEquals(
        List.of(new SettingChange(50, "eval-rule", "sample", "q-exit")),
        stopped.checkpoint().changes());

    RunSession.resume(stopped, 100, Map.of(), List.of(), new Recorder()).start().await(i -> {}, 50);
    Path straight = tmp.resolve("straight");
    RunFixtures.train(straight, RunFixtures.small(100).with("eval-rule", "q-exit"), new Recorder());
    assertEquals(metricsWithoutTimes(straight), metricsWithoutTimes(dir));
  }

  @Test
  void anMnistRunWhoseTaskWalksShuffledEpochsAlsoResumesExactly() throws Exception {
    // MnistTask keeps an epoch position: restoring replays the sampling of the trained iterations
    TrainingConfig mnist =
        TrainingConfig.fromText(
            Map.of(
                "task",
                "mnist",
                "iterations",
                "20",
                "eval-every",
                "10",
                "validation-size",
                "64",
                "batch",
                "16",
                "hidden",
                "8",
                "max-steps",
                "4",
                "seed",
                "3"));
    Path straight = tmp.resolve("straight");
    Path split = tmp.resolve("split");
    RunFixtures.train(straight, mnist, new Recorder());
    RunFixtures.train(split, mnist.with("iterations", "10"), new Recorder());
    RunSession.resume(RunReader.open(split), 20, Map.of(), List.of(), new Recorder())
        .start()
        .await(i -> {}, 50);
    assertEquals(metricsWithoutTimes(straight), metricsWithoutTimes(split));
    assertArrayEquals(
        RunReader.open(straight).finalParameters(), RunReader.open(split).finalParameters());
  }

  @Test
  void pactWithReinforceCarriesItsBaselineAcrossAResume() throws Exception {
    // the REINFORCE baseline is a moving average over batches: model.bin keeps it
    TrainingConfig pact =
        RunFixtures.small(60)
            .with("method", "pact")
            .with("pact-estimator", "reinforce")
            .with("eval-every", "20");
    Path straight = tmp.resolve("straight");
    Path split = tmp.resolve("split");
    RunFixtures.train(straight, pact, new Recorder());
    RunFixtures.train(split, pact.with("iterations", "20"), new Recorder());
    SavedRun half = RunReader.open(split);
    assertEquals(1, half.checkpoint().methodState().length);
    assertTrue(Double.isFinite(half.checkpoint().methodState()[0]));
    RunSession.resume(half, 60, Map.of(), List.of(), new Recorder()).start().await(i -> {}, 50);
    assertEquals(metricsWithoutTimes(straight), metricsWithoutTimes(split));
    assertArrayEquals(
        RunReader.open(straight).finalParameters(), RunReader.open(split).finalParameters());
  }
}
