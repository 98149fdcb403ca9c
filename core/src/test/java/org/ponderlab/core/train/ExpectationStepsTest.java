package org.ponderlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Under {@code expectation} the reported steps are the continuous E[n] = Σ n·p_n (HALTING.md), so
 * by linearity the snapshot's mean steps equal Σ_n n·(mean p_n) over the validation set exactly,
 * and are not a whole number in general. Under a rule that picks a step per input (q-exit) the same
 * identity does not hold, which shows the check can tell the two apart. (Mutation seen failing:
 * reporting round(E[n]) per input.)
 */
class ExpectationStepsTest {
  private static Snapshot evaluate(String method, String rule) throws InterruptedException {
    TrainingConfig config =
        TrainingConfig.fromText(
            Map.of(
                "method",
                method,
                "eval-rule",
                rule,
                "iterations",
                "30",
                "eval-every",
                "30",
                "hidden",
                "8",
                "max-steps",
                "6",
                "batch",
                "32",
                "validation-size",
                "512",
                "seed",
                "5",
                "lr",
                "0.01"));
    List<Snapshot> snapshots = new ArrayList<>();
    Trainer trainer =
        new Trainer(
                config,
                Experiments.create(config),
                new TrainingListener() {
                  @Override
                  public void onSnapshot(Snapshot s) {
                    snapshots.add(s);
                  }
                })
            .start();
    trainer.play();
    trainer.join();
    return snapshots.get(snapshots.size() - 1);
  }

  private static double stepsFromMeanP(Snapshot s) {
    double e = 0;
    double[] p = s.meanHaltingProbability();
    for (int n = 1; n <= p.length; n++) {
      e += n * p[n - 1];
    }
    return e;
  }

  @ParameterizedTest
  @CsvSource({"pondernet", "palbert", "pact"})
  void expectationReportsTheContinuousExpectedStep(String method) throws InterruptedException {
    Snapshot s = evaluate(method, "expectation");
    assertEquals(stepsFromMeanP(s), s.meanSteps(), 1e-4, method);
    assertNotEquals(Math.rint(s.meanSteps()), s.meanSteps(), method + ": " + s.meanSteps());
    Snapshot q =
        evaluate(
            method.equals("pact") ? "pact" : method,
            method.equals("pact") ? "threshold" : "q-exit");
    assertTrue(
        Math.abs(stepsFromMeanP(q) - q.meanSteps()) > 1e-3,
        method
            + ": a per-input rule differs from E[n]: "
            + q.meanSteps()
            + " vs "
            + stepsFromMeanP(q));
  }
}
