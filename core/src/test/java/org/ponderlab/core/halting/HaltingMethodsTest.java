package org.ponderlab.core.halting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ponderlab.core.train.ConfigFields;
import org.ponderlab.core.train.TrainingConfig;

/** The factory, and every method's rules on random outputs. */
class HaltingMethodsTest {
  private static final Map<String, EvaluationRule> DEFAULT_RULES = Map.of(
      "pondernet", EvaluationRule.SAMPLE, "act", EvaluationRule.ACT, "pact", EvaluationRule.THRESHOLD,
      "lac", EvaluationRule.LAC, "palbert", EvaluationRule.Q_EXIT, "pabee", EvaluationRule.PATIENCE,
      "fixed", EvaluationRule.LAST_STEP);

  @Test
  void createsAFreshInstanceForEveryConfiguredName() {
    assertEquals(ConfigFields.METHODS, HaltingMethods.NAMES);
    for (String name : HaltingMethods.NAMES) {
      HaltingMethod m = HaltingMethods.create(name);
      assertEquals(name, m.name());
      assertNotSame(m, HaltingMethods.create(name));
      assertEquals(DEFAULT_RULES.get(name), HaltingMethods.defaultRule(name), name);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HaltingMethods.create("magic"));
    for (String name : HaltingMethods.NAMES) {
      assertTrue(e.getMessage().contains(name), e.getMessage());
    }
    assertTrue(HaltingMethods.usesHaltingHead("act"));
    assertTrue(HaltingMethods.usesHaltingHead("palbert"));
    assertTrue(!HaltingMethods.usesHaltingHead("lac") && !HaltingMethods.usesHaltingHead("pabee")
        && !HaltingMethods.usesHaltingHead("fixed"));
    assertTrue(HaltingMethods.usesHiddenNorms("lac") && !HaltingMethods.usesHiddenNorms("pondernet"));
  }

  @Test
  void priorsAreDistributionsOrNull() {
    TrainingConfig c = TrainingConfig.defaults();
    for (String name : new String[] {"act", "lac", "pabee", "fixed"}) {
      assertNull(HaltingMethods.create(name).prior(c, 5), name);
    }
    for (String name : new String[] {"pondernet", "palbert", "pact"}) {
      double sum = 0;
      for (double g : HaltingMethods.create(name).prior(c, 5)) {
        sum += g;
      }
      assertEquals(1, sum, 1e-12, name);
    }
  }

  @Test
  void everyRuleGivesValidStepsAndRejectsForeignRules() {
    SplittableRandom rng = new SplittableRandom(17);
    for (int outputs : new int[] {1, 4}) {
      StepOutputs out = Outputs.random(rng, 9, 7, outputs, 3);
      for (String name : HaltingMethods.NAMES) {
        HaltingMethod m = HaltingMethods.create(name);
        TrainingConfig c = Outputs.config("method", name, "patience", "2");
        for (EvaluationRule rule : EvaluationRule.values()) {
          int[] step = new int[9];
          int[] prediction = new int[9];
          if (!m.rules().contains(rule)) {
            assertThrows(IllegalArgumentException.class,
                () -> m.decide(out, rule, c, new SplittableRandom(1), step, prediction), name + " " + rule);
            continue;
          }
          m.decide(out, rule, c, new SplittableRandom(1), step, prediction);
          for (int b = 0; b < 9; b++) {
            assertTrue(step[b] >= 1 && step[b] <= 7, name + " " + rule + " step " + step[b]);
            assertTrue(prediction[b] >= 0 && prediction[b] < Math.max(2, outputs), name + " " + rule);
          }
        }
        float[] p = new float[7 * 9];
        m.haltingProbabilities(out, c, p);
        for (int b = 0; b < 9; b++) {
          double sum = 0;
          for (int n = 0; n < 7; n++) {
            sum += p[n * 9 + b];
          }
          assertEquals(1, sum, 1e-5, name);
        }
      }
    }
  }

  /** STYLE: loss() allocates nothing per call once its scratch has grown (LossParts aside). */
  @Test
  void lossAllocatesNothingPerCallAfterWarmUp() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    SplittableRandom rng = new SplittableRandom(4);
    StepOutputs out = Outputs.random(rng, 16, 10, 3, 2);
    int[] labels = Outputs.randomLabels(rng, 16, 3);
    float[] dOut = Outputs.dOutput(out);
    float[] dHalt = Outputs.dHalting(out);
    for (String name : HaltingMethods.NAMES) {
      for (String estimator : name.equals("pact") ? new String[] {"relaxed", "reinforce"} : new String[] {"relaxed"}) {
        HaltingMethod m = HaltingMethods.create(name);
        TrainingConfig c = Outputs.config("method", name, "pact-estimator", estimator, "prior", "tail");
        for (int i = 0; i < 200; i++) {
          m.loss(out, labels, c, rng, dOut, dHalt);
        }
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100; i++) {
          m.loss(out, labels, c, rng, dOut, dHalt);
        }
        long perCall = (threads.getThreadAllocatedBytes(thread) - before) / 100;
        assertTrue(perCall <= 64, name + " " + estimator + " allocates " + perCall + " bytes per loss()");
      }
    }
  }
}
