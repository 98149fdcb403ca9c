package org.ponderlab.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ponderlab.core.halting.EvaluationRule;

/**
 * One input step by step: the stops {@link InputInspection} marks are the evaluator's decisions on
 * the same input, for every deterministic rule, and its p is the evaluation's p.
 */
class InputInspectionTest {
  static TrainingConfig config;
  static float[] params;

  @BeforeAll
  static void train() throws InterruptedException {
    // q 0.3, not the default, so a stop computed at another q would show
    config =
        TrainingConfig.fromText(
            Map.of(
                "iterations",
                "300",
                "eval-every",
                "300",
                "hidden",
                "16",
                "max-steps",
                "8",
                "batch",
                "32",
                "validation-size",
                "256",
                "seed",
                "5",
                "lr",
                "0.003",
                "q",
                "0.3"));
    Trainer t = new Trainer(config, Experiments.create(config), new TrainingListener() {}).start();
    t.play();
    t.join();
    params = t.parameters().clone();
  }

  static List<PonderRow> evaluatedRows(EvaluationRule rule) {
    Experiment e = Experiments.create(config);
    Evaluator ev =
        new Evaluator(e.task(), e.network(), e.method(), e.maxBatch(), config.maxSteps());
    return ev.evaluate(params, config, rule, 1).ponderRows();
  }

  @Test
  void everyDeterministicStopIsTheEvaluatorsDecisionOnTheSameInput() {
    InputInspection inspection = new InputInspection(config, params);
    assertEquals(List.of("sample", "q-exit", "expectation", "mode"), inspection.ruleNames());
    int differentStops = 0;
    for (EvaluationRule rule :
        List.of(EvaluationRule.Q_EXIT, EvaluationRule.MODE, EvaluationRule.EXPECTATION)) {
      for (PonderRow row : evaluatedRows(rule)) {
        InputInspection.Result r = inspection.inspectValidation(row.index(), 9);
        InputInspection.Stop stop = r.stops().get(rule.cliName());
        assertEquals(row.haltStep(), stop.step(), rule + " step of input " + row.index());
        assertEquals(
            row.prediction(), stop.prediction(), rule + " prediction of input " + row.index());
        assertEquals(row.label(), r.label());
        assertEquals(row.difficulty(), r.difficulty());
        assertArrayEquals(row.haltingProb(), r.p(), 1e-6);
        assertEquals(row.expectedStep(), r.expectedStep(), 1e-5);
        if (rule == EvaluationRule.Q_EXIT) {
          assertEquals(row.qExitStep(0.3), stop.step());
          differentStops += row.qExitStep(0.5) != stop.step() ? 1 : 0;
        }
      }
    }
    assertTrue(differentStops > 0, "q = 0.3 and q = 0.5 stop some input at different steps");
  }

  @Test
  void theDistributionSumsToOneAndLambdaIsItsConditionalHaltingChance() {
    InputInspection.Result r = new InputInspection(config, params).inspectValidation(3, 1);
    double sum = 0;
    double survive = 1;
    for (int n = 1; n <= r.steps(); n++) {
      sum += r.p()[n - 1];
      assertEquals(sum, r.cumulative()[n - 1], 1e-12);
      // p_n = λ_n · Π_{j<n}(1 − λ_j), HALTING.md
      assertEquals(r.p()[n - 1], r.lambda()[n - 1] * survive, 1e-6);
      survive *= 1 - r.lambda()[n - 1];
      assertTrue(r.confidence()[n - 1] >= 0.5 && r.confidence()[n - 1] <= 1);
    }
    assertEquals(1, sum, 1e-5);
    assertEquals(1, r.lambda()[r.steps() - 1]);
  }

  @Test
  void typedParityInputsAreCheckedAndLabelled() {
    InputInspection inspection = new InputInspection(config, params);
    float[] x = inspection.parseInput("1, 0, -1, 1, 0, 0, 1, -1");
    assertArrayEquals(new float[] {1, 0, -1, 1, 0, 0, 1, -1}, x);
    assertArrayEquals(
        new int[] {1, 5}, inspection.labelAndDifficulty(x)); // three +1: odd; five non-zeros
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> inspection.parseInput("1,0,1"))
            .getMessage()
            .contains("3 values"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> inspection.parseInput("1,0,2,0,0,0,0,0"))
            .getMessage()
            .contains("-1, 0 or 1"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> inspection.inspectValidation(256, 1))
            .getMessage()
            .contains("0 to 255"));
  }
}
