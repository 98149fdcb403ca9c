package org.ponderlab.app.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ponderlab.app.lab.LabWindowTest.fx;
import static org.ponderlab.app.lab.LabWindowTest.waitUntil;

import java.nio.file.Path;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.app.charts.HaltingHistory;
import org.ponderlab.core.train.TrainerState;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The teaching parts of the real window: keys, the chart explanations, the run's halting history,
 * the speed cap.
 */
@ExtendWith(ApplicationExtension.class)
class TeachingWindowTest {
  LabWindow window;
  LabModel model;
  @TempDir Path tmp;

  @Start
  void start(Stage stage) {
    window = WindowFixture.show(stage, tmp, LabModelTest.SMALL);
    model = window.model();
  }

  @AfterEach
  void stop() throws InterruptedException {
    WindowFixture.close(window);
  }

  @Test
  void keysDriveTheTransportButNotWhileTyping(FxRobot robot) throws Exception {
    robot.clickOn("#field-seed"); // a text field has the focus: → and Space are for it
    robot.type(KeyCode.RIGHT);
    assertEquals(0, (long) fx(model::getIteration));
    assertFalse(fx(model::isRunning));

    robot.clickOn("#tab-halting"); // the focus leaves the form
    robot.type(KeyCode.SPACE);
    waitUntil(() -> model.isRunning() && model.history().size() >= 3);
    robot.type(KeyCode.SPACE);
    waitUntil(() -> model.trainerStateProperty().get() == TrainerState.PAUSED);
    long paused = fx(model::getIteration);
    robot.type(KeyCode.RIGHT);
    waitUntil(() -> model.getLatest().iteration() == paused + 1);

    // the run's halting distribution over time: one column per snapshot, each a distribution
    waitUntil(
        () -> window.haltingTab().historyChart().history().columns() == model.history().size());
    fx(
        () -> {
          HaltingHistory h = window.haltingTab().historyChart().history();
          for (int c = 0; c < h.columns(); c++) {
            assertEquals(model.history().get(c).iteration(), h.iterations()[c]);
            assertEquals(1.0, java.util.Arrays.stream(h.shares()[c]).sum(), 1e-9);
          }
          return null;
        });

    robot.type(KeyCode.R);
    waitUntil(() -> model.history().isEmpty() && model.getIteration() == 0);
    assertTrue(robot.lookup("#status").queryAs(Label.class).getText().startsWith("Reset"));
  }

  @Test
  void f1ShowsTheShortcutsAndEveryQuestionMarkExplainsItsChart(FxRobot robot) throws Exception {
    robot.clickOn("#tab-halting");
    robot.type(KeyCode.F1);
    waitUntil(() -> robot.lookup("#shortcutSheet").tryQuery().isPresent());
    assertTrue(robot.lookup("Ctrl+O").tryQuery().isPresent());

    robot.clickOn("#help-halting");
    waitUntil(() -> robot.lookup("#chart-help-halting").tryQuery().isPresent());
    String formula =
        robot.lookup("#chart-help-halting #help-formula").queryAs(Label.class).getText();
    assertTrue(formula.contains("g_n = λ_p·(1 − λ_p)^(n−1)"), formula);
    assertTrue(robot.lookup("#chart-help-halting #help-lesson").tryQuery().isPresent());

    robot.clickOn("#tab-map");
    robot.clickOn("#help-ponder-map");
    waitUntil(() -> robot.lookup("#chart-help-ponder-map").tryQuery().isPresent());
  }

  @Test
  void theSpeedControlCapsTheTrainer(FxRobot robot) throws Exception {
    @SuppressWarnings("unchecked")
    ComboBox<String> speed = robot.lookup("#speed").queryAs(ComboBox.class);
    robot.clickOn(speed).clickOn("≤ 5 it/s");
    assertEquals(5.0, fx(() -> model.speedLimitProperty().get()));
    robot.clickOn("#play");
    waitUntil(() -> model.isRunning() && model.getIteration() >= 1);
    assertEquals(5.0, fx(() -> model.trainerSpeedLimit()));
    robot.clickOn(speed).clickOn("full speed");
    waitUntil(() -> model.trainerSpeedLimit() == 0);
  }
}
