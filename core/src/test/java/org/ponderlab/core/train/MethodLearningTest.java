package org.ponderlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every halting method learns small parity under its own defaults and its default evaluation rule:
 * parity-6, GRU 32, N = 8, batch 64, Adam lr 1e-3, seed 1, validation 1024 inputs. Each must reach
 * validation accuracy ≥ 0.95 within 12 000 iterations; training stops as soon as it does (checked
 * every 500 iterations). In the measurements that fixed these settings (docs/methods-results.md)
 * every method first reached 0.95 by 7 000–7 500 iterations (kernel changes that reorder float sums
 * move this by a few hundred), so the budget has at least 60% slack.
 *
 * <p>Defaults that matter: ACT and PACT start with halting bias −3 (their method default), LAC uses
 * α = 1. One setting is not a default: ACT and PACT run with ponder cost τ = 1e-3 (their default
 * 1e-2 also learns, but later: ACT first reached 0.95 at 12 500 iterations and PACT at 10 000,
 * after sitting at one step for the first 5 000; with 1e-3 both reach it at 4 500).
 */
class MethodLearningTest {
  static final double TARGET = 0.95;
  static final int BUDGET = 12_000;

  static TrainingConfig config(String method) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("method", method);
    m.put("bits", "6");
    m.put("hidden", "32");
    m.put("max-steps", "8");
    m.put("batch", "64");
    m.put("lr", "0.001");
    m.put("iterations", Integer.toString(BUDGET));
    m.put("eval-every", "500");
    m.put("validation-size", "1024");
    m.put("seed", "1");
    if (method.equals("act")) {
      m.put("tau", "0.001");
    }
    if (method.equals("pact")) {
      m.put("pact-tau", "0.001");
    }
    return TrainingConfig.fromText(m);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pondernet", "act", "pact", "lac", "palbert", "pabee", "fixed"})
  void learnsParity6(String method) throws InterruptedException {
    TrainingConfig c = config(method);
    TrainerTest.Recorder r = new TrainerTest.Recorder();
    Trainer t = new Trainer(c, Experiments.create(c), r);
    t.setTargetAccuracy(TARGET);
    t.start().play();
    t.join();
    assertEquals(TrainerState.FINISHED, r.end, r.message);
    Snapshot last = r.snapshots.get(r.snapshots.size() - 1);
    System.out.printf(
        Locale.ROOT,
        "learning %s: accuracy %.4f (%s), mean steps %.2f of %d, after %d iterations, %.1f s%n",
        method,
        last.accuracy(),
        last.rule(),
        last.meanSteps(),
        c.maxSteps(),
        last.iteration(),
        last.elapsedSeconds());
    assertTrue(
        last.accuracy() >= TARGET,
        method + " reached only " + last.accuracy() + " in " + last.iteration() + " iterations");
  }
}
