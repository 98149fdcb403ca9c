package org.ponderlab.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ponderlab.core.run.RunFixtures.Recorder;
import org.ponderlab.core.train.TrainerState;
import org.ponderlab.core.train.TrainingConfig;

/**
 * Resume is exact for every method and model, not only PonderNet's GRU (RunResumeTest): 40
 * iterations straight give the same metrics, parameters and Adam moments as 20 + resume + 20. Each
 * row carries what could break it: LAC's early-stopped batches, PALBERT's own learning rate and
 * truncation, ACT's halting bias, PABEE's weighted loss, the transformers' step embeddings,
 * Hyper-UT's module pool and MNIST's MLP cell (its own parameter count in model.bin).
 *
 * <p>Mutation seen failing for the MLP rows (run once, then reverted): {@code RunReader} forcing
 * {@code cell} to gru on reading a run (put instead of putIfAbsent, i.e. a resume that rebuilds
 * MNIST's network with the GRU) fails it: "model.bin: it holds 46570 parameters but the run's
 * settings make a network of 47701".
 */
class ResumeEquivalenceTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({
    "parity, act, -",
    "parity, lac, example",
    "parity, lac, batch",
    "parity, palbert, -",
    "parity, pabee, -",
    "parity, pact, -",
    "cpvr, pondernet, ut",
    "cpvr, act, hyper-ut",
    "cpvr, fixed, transformer",
    "mnist, pondernet, mlp",
  })
  void straightEqualsSplitAndResumed(String task, String method, String variant) throws Exception {
    TrainingConfig config =
        RunFixtures.small(40)
            .with("eval-every", "10")
            .with("eval-rule", "default")
            .with("method", method)
            .with("task", task); // the rule first: the fixture's 'sample' is not every method's
    if (method.equals("lac") && !task.equals("mnist")) {
      config = config.with("lac-mode", variant);
    }
    if (task.equals("mnist")) {
      // MNIST's MLP cell: its parameters (a count unlike the GRU's) and Adam moments in model.bin
      config =
          config
              .with("cell", variant)
              .with("hidden", "7")
              .with("mlp-hidden", "5")
              .with("max-steps", "3")
              .with("batch", "8");
    }
    if (task.equals("cpvr")) {
      config =
          config
              .with("model", variant)
              .with("list-length", "10")
              .with("train-hops", "2")
              .with("model-dim", "8")
              .with("heads", "2")
              .with("max-steps", "3")
              .with("batch", "8")
              .with("validation-size", "90");
    }
    Path straight = tmp.resolve("straight");
    Path split = tmp.resolve("split");
    assertEquals(TrainerState.FINISHED, RunFixtures.train(straight, config, new Recorder()));
    assertEquals(
        TrainerState.FINISHED,
        RunFixtures.train(split, config.with("iterations", "20"), new Recorder()));
    RunSession.resume(RunReader.open(split), 40, Map.of(), List.of("test"), new Recorder())
        .start()
        .await(i -> {}, 50);
    assertEquals(
        RunResumeTest.metricsWithoutTimes(straight), RunResumeTest.metricsWithoutTimes(split));
    SavedRun x = RunReader.open(straight);
    SavedRun y = RunReader.open(split);
    assertEquals(40, y.checkpoint().iteration());
    assertArrayEquals(x.finalParameters(), y.finalParameters());
    assertArrayEquals(x.checkpoint().firstMoment(), y.checkpoint().firstMoment());
    assertArrayEquals(x.checkpoint().secondMoment(), y.checkpoint().secondMoment());
  }
}
