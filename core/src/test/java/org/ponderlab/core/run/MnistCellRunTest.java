package org.ponderlab.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.core.run.RunFixtures.Recorder;
import org.ponderlab.core.train.TrainerState;
import org.ponderlab.core.train.TrainingConfig;

/**
 * A run saved before MNIST's cell was a setting (config.json without {@code cell} and {@code
 * mlp-hidden}) opens as the GRU it was and continues (that an mlp run records its cell and resumes
 * exactly: {@code ResumeEquivalenceTest}).
 *
 * <p>Mutation seen failing (run once, then reverted): without {@code putIfAbsent("cell", "gru")} in
 * {@code RunReader}, the earlier run is refused: "settings has no 'cell', which a mnist run
 * records".
 */
class MnistCellRunTest {
  @TempDir Path tmp;

  private static TrainingConfig tiny() {
    return RunFixtures.small(20)
        .with("task", "mnist")
        .with("eval-every", "20")
        .with("hidden", "6")
        .with("mlp-hidden", "5")
        .with("max-steps", "3")
        .with("batch", "8");
  }

  @Test
  void anEarlierMnistRunWithoutTheCellSettingOpensAsTheGruAndContinues() throws Exception {
    Path old = tmp.resolve("old");
    assertEquals(TrainerState.FINISHED, RunFixtures.train(old, tiny(), new Recorder()));
    Path config = old.resolve(RunFolder.CONFIG);
    String text = Files.readString(config);
    String earlier =
        text.replaceAll("\\s*\"cell\" : \"gru\",", "")
            .replaceAll("\\s*\"mlp-hidden\" : \"5\",", "");
    assertFalse(earlier.contains("\"cell\" :") || earlier.contains("\"mlp-hidden\" :"), earlier);
    Files.writeString(config, earlier);
    SavedRun opened = RunReader.open(old);
    assertEquals("gru", opened.config().cell());
    assertEquals(
        TrainerState.FINISHED,
        RunSession.resume(opened, 30, Map.of(), List.of("test"), new Recorder())
            .start()
            .await(i -> {}, 100));
    assertEquals(30, RunReader.open(old).checkpoint().iteration());
  }
}
