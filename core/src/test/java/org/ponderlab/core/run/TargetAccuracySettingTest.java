package org.ponderlab.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.core.train.TrainerState;
import org.ponderlab.core.train.TrainingConfig;

/**
 * target-accuracy is a setting of the catalogue: recorded in config.json, it stops the run, and a
 * folder saved before it was recorded still opens (with no target).
 */
class TargetAccuracySettingTest {
  @Test
  void theTargetIsRecordedAndStopsTheRunAndOlderFoldersOpenWithout(@TempDir Path tmp)
      throws Exception {
    Path dir = tmp.resolve("run");
    TrainingConfig config = RunFixtures.small(400).with("target-accuracy", "0.01");
    TrainerState end = RunFixtures.train(dir, config, new RunFixtures.Recorder());
    assertEquals(TrainerState.FINISHED, end);
    SavedRun run = RunReader.open(dir);
    assertEquals(0.01, run.config().targetAccuracy());
    assertEquals(
        50, run.iteration(), "any accuracy reaches 1 %: the run ends at its first evaluation");
    String json = Files.readString(dir.resolve(RunFolder.CONFIG));
    assertTrue(json.contains("\"target-accuracy\" : \"0.01\""), json);

    // a folder written before the setting was recorded: no key, opens with no target
    Files.writeString(
        dir.resolve(RunFolder.CONFIG), json.replace("\"target-accuracy\" : \"0.01\",", ""));
    SavedRun older = RunReader.open(dir);
    assertTrue(Double.isNaN(older.config().targetAccuracy()));
    assertFalse(older.config().toText().get("target-accuracy").contains("NaN"));
    assertEquals("", older.config().toText().get("target-accuracy"));
  }

  @Test
  void noTargetIsEmptyTextAndNaN() {
    TrainingConfig c = TrainingConfig.fromText(Map.of());
    assertTrue(Double.isNaN(c.targetAccuracy()));
    assertEquals(c, TrainingConfig.fromText(c.toText()));
  }
}
