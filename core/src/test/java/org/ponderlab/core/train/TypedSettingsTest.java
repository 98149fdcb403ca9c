package org.ponderlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ponderlab.core.halting.Prior;
import org.ponderlab.core.task.Task;

/** The settings are typed: one field per component, checked at construction, one text mapping. */
class TypedSettingsTest {
  private static final RecordComponent[] COMPONENTS = TrainingConfig.class.getRecordComponents();

  @Test
  void everyComponentIsOneCatalogueFieldAndEveryFieldOneComponent() {
    List<String> fromComponents =
        java.util.Arrays.stream(COMPONENTS)
            .map(c -> SettingsRecord.fieldName(c.getName()))
            .sorted()
            .toList();
    List<String> fromCatalogue =
        ConfigFields.all().stream().map(ConfigField::name).sorted().toList();
    assertEquals(fromCatalogue, fromComponents);
    assertEquals("lambda-p", SettingsRecord.fieldName("lambdaP"));
    assertEquals("act-epsilon", SettingsRecord.fieldName("actEpsilon"));
  }

  /**
   * The canonical constructor refuses an out-of-range value in any component, naming its field, so
   * "validated at construction" holds for a config built without text too.
   */
  @Test
  void theConstructorRefusesABadValueInEveryComponentNamingItsField() throws Exception {
    Constructor<TrainingConfig> constructor =
        TrainingConfig.class.getDeclaredConstructor(
            java.util.Arrays.stream(COMPONENTS)
                .map(RecordComponent::getType)
                .toArray(Class<?>[]::new));
    TrainingConfig defaults = TrainingConfig.defaults();
    int checked = 0;
    for (int i = 0; i < COMPONENTS.length; i++) {
      ConfigField field = ConfigFields.get(SettingsRecord.fieldName(COMPONENTS[i].getName()));
      Object bad = badValue(field);
      if (bad == null) {
        continue; // seed (any long) and the data folder (any text) have no bad value
      }
      Object[] args = new Object[COMPONENTS.length];
      for (int j = 0; j < COMPONENTS.length; j++) {
        args[j] = j == i ? bad : COMPONENTS[j].getAccessor().invoke(defaults);
      }
      InvocationTargetException e =
          assertThrows(
              InvocationTargetException.class,
              () -> constructor.newInstance(args),
              field.name() + " = " + bad);
      ConfigException refused = assertInstanceOf(ConfigException.class, e.getCause());
      assertEquals(field.name(), refused.field(), "the message names the component's own field");
      checked++;
    }
    assertEquals(COMPONENTS.length - 2, checked);
  }

  private static Object badValue(ConfigField f) {
    return switch (f.type()) {
      case INT -> (int) f.min() - 1;
      case DOUBLE -> f.minOpen() ? f.min() : Double.NaN;
      case CHOICE -> "bogus";
      case LONG, TEXT -> null;
    };
  }

  @Test
  void textRoundTripsEveryComponent() {
    TrainingConfig c =
        TrainingConfig.fromText(
            Map.of(
                "task",
                "cpvr",
                "method",
                "pact",
                "seed",
                "-7",
                "lr",
                "0.002",
                "pact-estimator",
                "reinforce",
                "list-length",
                "12",
                "value-range",
                "120",
                "cpvr-variant",
                "modulus",
                "eval-rule",
                "expectation",
                "data",
                "x/y"));
    assertEquals(c, TrainingConfig.fromText(c.toText()));
    assertEquals("0.002", c.toText().get("lr"));
    assertEquals("-7", c.toText().get("seed"));
    assertEquals(
        ConfigFields.all().stream().map(ConfigField::name).toList(),
        List.copyOf(c.toText().keySet()));
  }

  @Test
  void eachHaltingMethodGetsItsOwnTypedParameters() {
    TrainingConfig c =
        TrainingConfig.fromText(
            Map.of(
                "lambda-p",
                "0.3",
                "beta",
                "0.05",
                "prior",
                "tail",
                "kl",
                "reversed",
                "q",
                "0.7",
                "method",
                "pabee",
                "max-steps",
                "12",
                "lac-mode",
                "batch",
                "alpha",
                "0.4"));
    assertEquals(
        new org.ponderlab.core.halting.PonderNet.Params(0.3, 0.05, Prior.TAIL, true, 0.7),
        c.ponderNet());
    assertEquals(6, c.pabee().patience(), "patience 0 scales with N: round(12/2)");
    assertEquals(new org.ponderlab.core.halting.Lac.Params(0.4, true), c.lac());
    assertEquals(c.ponderNet(), c.palbert().ponder());
  }

  @Test
  void theCatalogueCarriesLiveFlagsGroupsAndSymbols() {
    assertEquals(List.of("lr", "lambda-p", "beta", "eval-rule", "q"), ConfigFields.liveNames());
    assertEquals(ConfigFields.liveNames(), Trainer.LIVE_SETTINGS);
    assertEquals("λ_p", ConfigFields.get("lambda-p").symbol());
    assertEquals("rule", ConfigFields.get("eval-rule").symbol());
    assertEquals(ConfigGroup.HALTING, ConfigFields.get("beta").group());
    assertEquals("steps", ConfigFields.get("max-steps").unit());
    // every evaluation rule is a choice of eval-rule, after "default"
    assertEquals(
        org.ponderlab.core.halting.EvaluationRule.values().length + 1,
        ConfigFields.get("eval-rule").choices().size());
  }

  @Test
  void eachTaskKindMatchesTheTaskItBuilds() {
    for (TaskKind kind : List.of(TaskKind.PARITY, TaskKind.CPVR)) {
      TrainingConfig c =
          TrainingConfig.fromText(Map.of("task", kind.id(), "validation-size", "16"));
      Task task = kind.create(c);
      assertEquals(kind.id(), task.name());
      assertEquals(kind.difficultyName(), task.difficultyName());
      assertEquals(kind, c.taskKind());
    }
    assertEquals(ConfigFields.TASKS, TaskKind.ids());
    assertEquals(
        4,
        TrainingConfig.fromText(Map.of("task", "parity", "parity-split", "extrapolation"))
            .seenUpTo());
    assertEquals(Integer.MAX_VALUE, TrainingConfig.defaults().seenUpTo());
    ConfigException e = assertThrows(ConfigException.class, () -> TaskKind.of("chess"));
    assertEquals("task", e.field());
    assertNotEquals(TaskKind.MNIST.displayName(), TaskKind.MNIST.id());
  }
}
