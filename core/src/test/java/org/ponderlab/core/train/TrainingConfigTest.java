package org.ponderlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainingConfigTest {
  @Test
  void defaultsAreThePaperParitySetup() {
    TrainingConfig c = TrainingConfig.defaults();
    assertEquals("parity", c.task());
    assertEquals("pondernet", c.method());
    assertEquals(8, c.bits());
    assertEquals(64, c.hidden());
    assertEquals(20, c.maxSteps());
    assertEquals(0.2, c.lambdaP());
    assertEquals(0.01, c.beta());
    assertEquals(3e-4, c.lr());
    assertEquals(128, c.batch());
    assertEquals(1.0, c.clip());
    assertEquals(4096, c.validationSize());
    assertEquals("normalized", c.prior());
    assertEquals("forward", c.kl());
    assertEquals(0.5, c.q());
  }

  @Test
  void haltingBiasDefaultsByMethodAndAnExplicitValueWins() {
    assertEquals(0.0, TrainingConfig.defaults().haltingBias());
    assertEquals(0.0, TrainingConfig.fromText(Map.of("method", "pondernet")).haltingBias());
    assertEquals(0.0, TrainingConfig.fromText(Map.of("method", "palbert")).haltingBias());
    assertEquals(-3.0, TrainingConfig.fromText(Map.of("method", "act")).haltingBias());
    assertEquals(-3.0, TrainingConfig.fromText(Map.of("method", "PACT")).haltingBias());
    assertEquals(
        1.0, TrainingConfig.fromText(Map.of("method", "act", "halting-bias", "1")).haltingBias());
    assertEquals("-3.0", ConfigFields.defaultText("halting-bias", "act"));
    assertEquals("0.0", ConfigFields.defaultText("halting-bias", "lac"));
    assertEquals("0.01", ConfigFields.defaultText("tau", "act"));
    // a copy keeps its values: the method's default applies when a config is built, not on with()
    assertEquals(0.0, TrainingConfig.defaults().with("method", "act").haltingBias());
    assertThrows(ConfigException.class, () -> TrainingConfig.fromText(Map.of("method", "nope")));
  }

  @ParameterizedTest
  @CsvSource({
    "lambda-p, 1.5, '(0, 1)'",
    "lambda-p, 0, '(0, 1)'",
    "lambda-p, 1, '(0, 1)'",
    "beta, -0.1, '[0, ∞)'",
    "max-steps, 0, '1 to 200'",
    "bits, 3, '4 to 64'",
    "lr, 0, '(0, 1]'",
    "task, sudoku, 'parity, mnist, cpvr'",
    "method, magic, 'pondernet, act, pact'",
    "hidden, abc, 'whole number'",
    "cell, lstm, 'gru, mlp'",
    "cell, mlp, 'only the mnist task has a choice of cell; task parity allows gru only'",
    "mlp-hidden, 0, '1 to 1024'",
    "q, nan, '(0, 1)'"
  })
  void badValuesNameTheFieldTheValueAndTheRange(String field, String value, String allowed) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> TrainingConfig.fromText(Map.of(field, value)));
    assertEquals(field, e.field());
    assertTrue(
        e.getMessage().contains(field)
            && e.getMessage().contains(value)
            && e.getMessage().contains(allowed),
        e.getMessage());
  }

  @Test
  void withChangesOneSettingAndRoundTripsThroughText() {
    TrainingConfig c = TrainingConfig.defaults().with("beta", "0.05").with("lambda-p", "0.1");
    assertEquals(0.05, c.beta());
    assertEquals(0.1, c.lambdaP());
    assertEquals(c, TrainingConfig.fromText(c.toText()));
    assertThrows(ConfigException.class, () -> c.with("no-such-setting", "1"));
  }
}
