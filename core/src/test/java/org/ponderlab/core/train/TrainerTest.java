package org.ponderlab.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerTest {
  /** Collects what a trainer publishes. */
  static final class Recorder implements TrainingListener {
    final List<Snapshot> snapshots = Collections.synchronizedList(new ArrayList<>());
    volatile TrainerState end;
    volatile String message;

    @Override
    public void onSnapshot(Snapshot s) {
      snapshots.add(s);
    }

    @Override
    public void onStateChanged(TrainerState state, String msg) {
      if (state.isTerminal()) {
        end = state;
        message = msg;
      }
    }
  }

  static Recorder train(TrainingConfig config) throws InterruptedException {
    Recorder r = new Recorder();
    Trainer t = new Trainer(config, Experiments.create(config), r).start();
    t.play();
    t.join();
    return r;
  }

  @Test
  void sameConfigAndSeedGiveIdenticalMetrics() throws InterruptedException {
    TrainingConfig c =
        TrainingConfig.fromText(
            Map.of(
                "iterations",
                "200",
                "eval-every",
                "100",
                "hidden",
                "16",
                "max-steps",
                "8",
                "batch",
                "32",
                "validation-size",
                "512",
                "seed",
                "11",
                "eval-rule",
                "sample"));
    Recorder a = train(c);
    Recorder b = train(c);
    assertEquals(TrainerState.FINISHED, a.end);
    assertEquals(2, a.snapshots.size());
    for (int i = 0; i < 2; i++) {
      Snapshot x = a.snapshots.get(i);
      Snapshot y = b.snapshots.get(i);
      assertEquals(x.iteration(), y.iteration());
      assertEquals(x.reconstructionLoss(), y.reconstructionLoss());
      assertEquals(x.regularisationLoss(), y.regularisationLoss());
      assertEquals(x.accuracy(), y.accuracy());
      assertEquals(x.meanSteps(), y.meanSteps());
      assertArrayEquals(x.haltingHistogram(), y.haltingHistogram());
      assertArrayEquals(x.meanHaltingProbability(), y.meanHaltingProbability());
    }
    Recorder other = train(c.with("seed", "12"));
    assertTrue(
        other.snapshots.get(1).reconstructionLoss() != a.snapshots.get(1).reconstructionLoss());
  }

  @Test
  void snapshotsAreConsistent() throws InterruptedException {
    TrainingConfig c =
        TrainingConfig.fromText(
            Map.of(
                "iterations",
                "50",
                "eval-every",
                "50",
                "hidden",
                "16",
                "max-steps",
                "10",
                "validation-size",
                "1000"));
    Snapshot s = train(c).snapshots.get(0);
    assertEquals(1000, java.util.Arrays.stream(s.haltingHistogram()).sum());
    assertEquals(1.0, java.util.Arrays.stream(s.meanHaltingProbability()).sum(), 1e-5);
    assertEquals(1.0, java.util.Arrays.stream(s.prior()).sum(), 1e-9);
    assertEquals(Evaluator.PONDER_ROWS, s.ponderRows().size());
    for (int i = 1; i < s.ponderRows().size(); i++) {
      assertTrue(s.ponderRows().get(i - 1).difficulty() <= s.ponderRows().get(i).difficulty());
    }
    for (PonderRow r : s.ponderRows()) {
      assertEquals(1.0, java.util.Arrays.stream(r.haltingProb()).sum(), 1e-5);
    }
    assertTrue(s.meanSteps() >= 1 && s.meanSteps() <= 10);
  }

  @Test
  void parityWithFourBitsLearnsToNinetyFivePercent() throws InterruptedException {
    // lr 1e-3 (the peer reaches 0.99 on 8 bits with it); Q-exit, deterministic
    TrainingConfig c =
        TrainingConfig.fromText(
            Map.of(
                "bits",
                "4",
                "lr",
                "0.001",
                "iterations",
                "6000",
                "eval-every",
                "250",
                "eval-rule",
                "q-exit",
                "seed",
                "1"));
    Recorder r = new Recorder();
    Trainer t = new Trainer(c, Experiments.create(c), r).start();
    t.setTargetAccuracy(0.95);
    t.play();
    t.join();
    Snapshot last = r.snapshots.get(r.snapshots.size() - 1);
    assertTrue(
        last.accuracy() >= 0.95,
        "accuracy " + last.accuracy() + " at iteration " + last.iteration());
  }

  @Test
  void pauseStepAndLiveChanges() throws InterruptedException {
    TrainingConfig c =
        TrainingConfig.fromText(
            Map.of(
                "iterations",
                "1000000",
                "eval-every",
                "1000",
                "hidden",
                "8",
                "max-steps",
                "5",
                "validation-size",
                "64"));
    Recorder r = new Recorder();
    Trainer t = new Trainer(c, Experiments.create(c), r).start();
    t.step();
    t.step();
    waitFor(() -> r.snapshots.size() == 2);
    assertEquals(2, t.iteration());
    t.change("beta", "0.5");
    t.step();
    waitFor(() -> r.snapshots.size() == 3);
    Snapshot s = r.snapshots.get(2);
    assertEquals(3, s.iteration());
    assertEquals(1, s.changes().size());
    assertEquals(new SettingChange(2, "beta", "0.01", "0.5"), s.changes().get(0));
    assertEquals(0.5, t.config().beta());
    // switch the evaluation rule on the trained model without training
    t.change("eval-rule", "mode");
    t.evaluateNow();
    waitFor(() -> r.snapshots.size() == 4);
    assertEquals(3, r.snapshots.get(3).iteration());
    assertEquals("mode", r.snapshots.get(3).rule());
    t.stop();
    t.join();
    assertEquals(TrainerState.STOPPED, r.end);
  }

  static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "condition not reached in 60 s");
      Thread.sleep(5);
    }
  }

  @Test
  void aNaNLossStopsTheRunWithAMessageAndKeepsWhatWasRecorded() throws InterruptedException {
    TrainingConfig c =
        TrainingConfig.fromText(
            Map.of(
                "iterations",
                "1000",
                "eval-every",
                "50",
                "hidden",
                "8",
                "max-steps",
                "5",
                "validation-size",
                "64"));
    Experiment real = Experiments.create(c);
    Experiment poisoned =
        new Experiment(
            real.task(), new PoisonedNetwork(real.network(), 120), real.method(), real.maxBatch());
    Recorder r = new Recorder();
    Trainer t = new Trainer(c, poisoned, r).start();
    t.play();
    t.join();
    assertEquals(TrainerState.FAILED, r.end);
    assertNotNull(r.message);
    assertTrue(r.message.contains("NaN") && r.message.contains("iteration 121"), r.message);
    assertEquals(2, r.snapshots.size()); // iterations 50 and 100 kept
    assertEquals(120, t.iteration());
  }

  @Test
  void aSpeedCapChangesThePaceNotTheNumbers() throws InterruptedException {
    TrainingConfig c =
        TrainingConfig.fromText(
            Map.of(
                "iterations",
                "40",
                "eval-every",
                "20",
                "hidden",
                "8",
                "max-steps",
                "5",
                "batch",
                "16",
                "validation-size",
                "128",
                "seed",
                "3"));
    Recorder free = train(c);
    Recorder capped = new Recorder();
    Trainer t = new Trainer(c, Experiments.create(c), capped).start();
    t.setMaxIterationsPerSecond(400);
    assertEquals(400, t.maxIterationsPerSecond());
    t.play();
    t.join();
    assertEquals(TrainerState.FINISHED, capped.end);
    assertEquals(free.snapshots.size(), capped.snapshots.size());
    for (int i = 0; i < free.snapshots.size(); i++) {
      assertEquals(
          free.snapshots.get(i).reconstructionLoss(), capped.snapshots.get(i).reconstructionLoss());
      assertArrayEquals(
          free.snapshots.get(i).haltingHistogram(), capped.snapshots.get(i).haltingHistogram());
    }
  }

  @Test
  void stopWakesATrainerWaitingForItsSpeedCap() throws Exception {
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
                "5",
                "batch",
                "16",
                "validation-size",
                "128"));
    Recorder r = new Recorder();
    Trainer t = new Trainer(c, Experiments.create(c), r).start();
    t.setMaxIterationsPerSecond(0.01); // one iteration per 100 s
    t.play();
    while (t.iteration() < 1) {
      Thread.sleep(5);
    }
    t.stop();
    t.join(30_000); // without the wake-up it would sleep the full 100 s
    assertEquals(false, t.isAlive());
    assertEquals(TrainerState.STOPPED, r.end);
    assertEquals(1, t.iteration());
  }
}
