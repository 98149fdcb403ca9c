package org.ponderlab.app.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ponderlab.app.lab.LabModelTest.pollUntil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.core.run.RunSession;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.TrainingConfig;
import org.ponderlab.core.train.TrainingListener;

/**
 * Rule and q stay live on a reopened run: changing them re-evaluates the saved model in the
 * background (nothing is trained, the run folder is not written), and switching back to the run's
 * own rule gives back its own last evaluation.
 */
class SavedModelRulesTest {
  @TempDir Path dir;

  @Test
  void aReopenedRunIsReevaluatedUnderAnotherRuleWithoutTraining() throws Exception {
    Map<String, String> s = new LinkedHashMap<>(LabModelTest.TINY);
    s.put("eval-rule", "q-exit");
    Path folder = dir.resolve("run");
    RunSession.create(
            folder, TrainingConfig.fromText(s), List.of("test"), new TrainingListener() {})
        .start()
        .await(i -> {}, 50);
    byte[] model = Files.readAllBytes(folder.resolve("model.bin"));
    byte[] metrics = Files.readAllBytes(folder.resolve("metrics.csv"));

    LabModel lab = new LabModel();
    lab.runsDirectoryProperty().set(dir.resolve("window-runs"));
    assertTrue(lab.openRun(folder).join());
    Snapshot own = lab.getLatest();
    assertEquals("q-exit", own.rule());
    int before = lab.history().size();
    assertTrue(lab.setup().field("eval-rule").isEditable(), "the rule stays live on an opened run");

    lab.setup().field("eval-rule").setText("mode");
    assertTrue(lab.applyLiveSetting("eval-rule"));
    pollUntil(lab, () -> lab.history().size() == before + 1);
    Snapshot mode = lab.getLatest();
    assertEquals("mode", mode.rule());
    assertEquals(own.iteration(), mode.iteration());
    assertEquals(0, lab.getIteration() - own.iteration(), "nothing was trained");

    lab.setup().field("eval-rule").setText("q-exit");
    assertTrue(lab.applyLiveSetting("eval-rule"));
    pollUntil(lab, () -> lab.history().size() == before + 2);
    Snapshot again = lab.getLatest();
    // the run's own rule gives back its own evaluation (the folder keeps 5 significant digits)
    assertEquals(own.accuracy(), again.accuracy(), 1e-4);
    assertEquals(own.meanSteps(), again.meanSteps(), 1e-3);
    assertArrayEquals(own.haltingHistogram(), again.haltingHistogram());
    assertTrue(
        lab.statusProperty().get().contains("Nothing was retrained"), lab.statusProperty().get());

    assertArrayEquals(model, Files.readAllBytes(folder.resolve("model.bin")));
    assertArrayEquals(metrics, Files.readAllBytes(folder.resolve("metrics.csv")));
  }
}
