package org.ponderlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.ponderlab.core.halting.EvaluationRule;
import org.ponderlab.core.halting.HaltingMethod;
import org.ponderlab.core.halting.HaltingMethods;

/**
 * Which evaluation rules each method allows: TrainingConfig accepts exactly a method's own rules
 * ({@link HaltingMethod#rules()}), refuses every other pair naming the allowed ones, and --help
 * states the same lists.
 */
class EvaluationRuleRulesTest {
  @Test
  void everyMethodAcceptsExactlyItsOwnRules() {
    int refused = 0;
    for (String method : HaltingMethods.NAMES) {
      var rules = HaltingMethods.create(method).rules();
      for (EvaluationRule rule : EvaluationRule.values()) {
        Map<String, String> s = Map.of("method", method, "eval-rule", rule.cliName());
        if (rules.contains(rule)) {
          assertEquals(rule, TrainingConfig.fromText(s).evaluationRule(null), method + " " + rule);
        } else {
          ConfigException e =
              assertThrows(
                  ConfigException.class, () -> TrainingConfig.fromText(s), method + " " + rule);
          assertEquals("eval-rule", e.field());
          assertTrue(e.getMessage().contains("method " + method + " allows "), e.getMessage());
          refused++;
        }
      }
    }
    assertTrue(refused > 30, "most pairs do not go together: " + refused);
  }

  @Test
  void theHelpTextStatesEachMethodsRules() {
    for (String method : HaltingMethods.NAMES) {
      String rules =
          HaltingMethods.create(method).rules().stream()
              .map(EvaluationRule::cliName)
              .collect(Collectors.joining(", "));
      assertTrue(
          ConfigFields.RULES_BY_METHOD.contains(
              method + ": " + rules + (method.equals("fixed") ? "" : ";")),
          method + ": " + rules + " in " + ConfigFields.RULES_BY_METHOD);
    }
    assertTrue(ConfigFields.get("eval-rule").description().contains(ConfigFields.RULES_BY_METHOD));
  }
}
