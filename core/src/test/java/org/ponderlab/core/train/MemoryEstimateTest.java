package org.ponderlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The memory estimate's parameter count is exact for every network kind (model.bin's expected size
 * is derived from it, so a wrong count would refuse a good run), and the estimate refuses, with a
 * message naming the settings, the settings issue 14 found dying with OutOfMemoryError.
 */
class MemoryEstimateTest {
  private static TrainingConfig config(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return TrainingConfig.fromText(m);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "task=parity method=pondernet hidden=7 bits=5",
        "task=parity method=palbert hidden=9 lambda-width=13",
        "task=parity method=act hidden=3 bits=12",
        "task=mnist method=pondernet hidden=11",
        "task=mnist method=palbert hidden=5",
        "task=mnist method=pondernet cell=mlp hidden=11 mlp-hidden=7",
        "task=cpvr method=pondernet model=gru hidden=6 list-length=12 train-hops=3",
        "task=cpvr method=palbert model=gru hidden=6 list-length=12 train-hops=3 lambda-width=4",
        "task=cpvr method=pondernet model=ut model-dim=8 heads=2 list-length=10 train-hops=2 max-steps=3",
        "task=cpvr method=pondernet model=transformer model-dim=8 heads=2 list-length=10 max-steps=3 train-hops=2",
        "task=cpvr method=pondernet model=hyper-ut model-dim=8 heads=2 list-length=10 max-steps=3 train-hops=2 pool-size=3",
        "task=cpvr method=pondernet model=ut cpvr-variant=modulus model-dim=8 heads=2 list-length=10 max-steps=2 train-hops=2"
      })
  void parameterCountIsTheNetworksOwn(String settings) {
    TrainingConfig c =
        config((settings + " validation-size=16 batch=4").replace('=', ' ').split(" "));
    Experiment e = Experiments.create(c);
    assertEquals(e.network().parameterCount(), MemoryEstimate.of(c).parameters(), settings);
  }

  @Test
  void theIssuesOutOfMemorySettingsAreRefusedNamingTheSettings() {
    ConfigException gru =
        assertThrows(
            ConfigException.class,
            () ->
                MemoryEstimate.check(
                    config("hidden", "1024", "batch", "4096", "max-steps", "200")));
    assertTrue(
        gru.getMessage().contains("max-steps 200")
            && gru.getMessage().contains("batch 4096")
            && gru.getMessage().contains("hidden 1024")
            && gru.getMessage().contains("lower"),
        gru.getMessage());
    // paper 003's C-PVR at its full width (d 384, 6 heads, L 100, N 32): about 3.2 GiB with each
    // step's block
    // recomputed, more than this test JVM's heap
    ConfigException cpvr =
        assertThrows(
            ConfigException.class,
            () ->
                MemoryEstimate.check(
                    config(
                        "task",
                        "cpvr",
                        "list-length",
                        "100",
                        "max-steps",
                        "32",
                        "batch",
                        "128",
                        "model-dim",
                        "384",
                        "heads",
                        "6",
                        "train-hops",
                        "9")));
    assertTrue(
        cpvr.getMessage().contains("GiB") && cpvr.getMessage().contains("list-length 100"),
        cpvr.getMessage());
  }

  @Test
  void theDefaultsAndSmallRunsFitEasily() {
    MemoryEstimate defaults = MemoryEstimate.of(TrainingConfig.defaults());
    assertTrue(defaults.heapBytes() < 64L << 20, "parity defaults: " + defaults.heapBytes());
    MemoryEstimate.check(TrainingConfig.defaults());
    MemoryEstimate.check(config("task", "mnist"));
  }

  @Test
  void aPalbertLambdaHeadTooWideToFitIsRefusedByItsWidth() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                MemoryEstimate.check(
                    config(
                        "method",
                        "palbert",
                        "hidden",
                        "1024",
                        "lambda-width",
                        "4096",
                        "batch",
                        "4096",
                        "max-steps",
                        "200")));
    assertTrue(e.getMessage().contains("lambda-width 4096"), e.getMessage());
  }
}
