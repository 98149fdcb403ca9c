package org.ponderlab.core.task.cpvr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ponderlab.core.model.PonderNetwork;
import org.ponderlab.core.model.transformer.TransformerKernel;
import org.ponderlab.core.model.transformer.TransformerSpec;
import org.ponderlab.core.task.OutputKind;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.ConfigFields;
import org.ponderlab.core.train.Experiment;
import org.ponderlab.core.train.Experiments;
import org.ponderlab.core.train.TrainingConfig;

/** The cpvr settings of the catalogue and what {@link Experiments#create} builds from them. */
class CpvrExperimentTest {

  static TrainingConfig cpvr(String... pairs) {
    Map<String, String> m = new HashMap<>();
    m.put("task", "cpvr");
    m.put("validation-size", "90");
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return TrainingConfig.fromText(m);
  }

  @Test
  void defaultsAndFieldsApplyToCpvrOnly() {
    TrainingConfig c = cpvr();
    assertEquals("ut", c.model());
    assertEquals("plain", c.cpvrVariant());
    assertEquals(16, c.listLength());
    assertEquals(0, c.valueRange());
    assertEquals(4, c.trainHops());
    assertEquals(32, c.modelDim());
    assertEquals(2, c.heads());
    assertEquals(8, c.poolSize());
    for (String f :
        new String[] {
          "model",
          "cpvr-variant",
          "list-length",
          "value-range",
          "train-hops",
          "model-dim",
          "heads",
          "pool-size"
        }) {
      assertTrue(ConfigFields.get(f).appliesTo("cpvr", "pondernet"), f);
      assertTrue(!ConfigFields.get(f).appliesTo("parity", "pondernet"), f);
      assertTrue(ConfigFields.get(f).description().length() > 20, f);
    }
    assertTrue(
        ConfigFields.get("list-length").description().contains("100"),
        "mentions the paper's L = 100");
    // round trip through text
    assertEquals(c, TrainingConfig.fromText(c.toText()));
  }

  @Test
  void crossFieldRulesNameTheBadSetting() {
    assertEquals(
        "heads",
        assertThrows(ConfigException.class, () -> cpvr("model-dim", "30", "heads", "4")).field());
    assertEquals(
        "train-hops",
        assertThrows(ConfigException.class, () -> cpvr("list-length", "10", "train-hops", "10"))
            .field());
    assertEquals(
        "value-range",
        assertThrows(
                ConfigException.class, () -> cpvr("cpvr-variant", "plain", "value-range", "30"))
            .field());
    assertEquals(
        "value-range",
        assertThrows(
                ConfigException.class, () -> cpvr("cpvr-variant", "modulus", "value-range", "16"))
            .field());
    assertEquals(
        "list-length", assertThrows(ConfigException.class, () -> cpvr("list-length", "9")).field());
    assertEquals("model", assertThrows(ConfigException.class, () -> cpvr("model", "lstm")).field());
    // the same values are fine for other tasks (the fields do not apply there)
    TrainingConfig.fromText(Map.of("model-dim", "30", "heads", "4"));
    // gru does not use heads
    cpvr("model", "gru", "model-dim", "30", "heads", "4");
  }

  @Test
  void experimentsBuildTheTaskAndTheNamedNetwork() {
    for (String model : new String[] {"ut", "hyper-ut", "transformer"}) {
      Experiment e =
          Experiments.create(
              cpvr(
                  "model",
                  model,
                  "max-steps",
                  "6",
                  "list-length",
                  "12",
                  "model-dim",
                  "16",
                  "cpvr-variant",
                  "modulus"));
      CpvrTask task = assertInstanceOf(CpvrTask.class, e.task());
      assertEquals(CpvrTask.Variant.MODULUS, task.variant());
      assertEquals(120, task.valueRange());
      assertEquals(12, task.inputSize());
      assertEquals(OutputKind.CLASSES, task.outputKind());
      assertEquals(90, task.validation().size()); // 10 per hop count 1..9
      TransformerKernel net = assertInstanceOf(TransformerKernel.class, e.network());
      TransformerSpec s = net.spec();
      assertEquals(model, s.kind().cliName());
      assertEquals(120, s.vocabulary());
      assertEquals(12, s.length());
      assertEquals(12, s.outputs());
      assertEquals(16, s.dim());
      assertEquals(64, s.mlpDim());
      assertEquals(6, s.maxSteps());
      assertEquals(8, s.poolSize());
      assertEquals(8, s.moduleDim());
      assertEquals("pondernet", e.method().name());
    }
    Experiment plain = Experiments.create(cpvr("model", "gru", "hidden", "8"));
    assertEquals(CpvrTask.Variant.PLAIN, ((CpvrTask) plain.task()).variant());
    assertEquals(16, ((CpvrTask) plain.task()).valueRange());
    assertInstanceOf(PonderNetwork.class, plain.network());
    assertEquals(16, plain.network().outputs());
    assertEquals(
        "act",
        Experiments.create(cpvr("method", "act", "list-length", "10", "max-steps", "3"))
            .method()
            .name());
  }
}
