package org.ponderlab.app.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.jfree.data.xy.XYSeries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.TrainerState;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window on Monocle's headless screen, driven by TestFX's robot, training the real trainer
 * on a small parity network.
 */
@ExtendWith(ApplicationExtension.class)
class LabWindowTest {
  static final int VALIDATION = 256;

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

  /** Reads FX state on the FX thread. */
  static <T> T fx(Callable<T> read) {
    return WaitForAsyncUtils.waitForAsyncFx(10_000, read);
  }

  static void waitUntil(Callable<Boolean> condition) throws Exception {
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(condition));
  }

  /** Saves what the window looks like now under target/ui-previews (for people, not asserted). */
  void preview(String name) {
    fx(
        () -> {
          Path dir = Path.of("target", "ui-previews");
          Files.createDirectories(dir);
          var image =
              javafx.embed.swing.SwingFXUtils.fromFXImage(window.scene().snapshot(null), null);
          javax.imageio.ImageIO.write(image, "png", dir.resolve(name + ".png").toFile());
          return null;
        });
  }

  /** Visible with all its parents. */
  static boolean shown(Node node) {
    for (Node n = node; n != null; n = n.getParent()) {
      if (!n.isVisible()) {
        return false;
      }
    }
    return true;
  }

  static double sumY(XYSeries s) {
    double sum = 0;
    for (int i = 0; i < s.getItemCount(); i++) {
      sum += s.getY(i).doubleValue();
    }
    return sum;
  }

  @Test
  void anInvalidValueShowsItsReasonNextToTheFieldAndDisablesPlay(FxRobot robot) {
    // ControlsFX's decoration pane is the root from the start (seen failing without
    // LabWindow.installDecorationPane: the root was the BorderPane until the first error)
    javafx.scene.Parent root = fx(() -> window.scene().getRoot());
    assertEquals("DecorationPane", root.getClass().getSimpleName());
    Button play = robot.lookup("#play").queryAs(Button.class);
    assertFalse(play.isDisabled());
    assertTrue(shown(robot.lookup("#field-lambda-p").query()));
    assertFalse(shown(robot.lookup("#field-tau").query()), "ACT's τ is hidden for PonderNet");

    robot.doubleClickOn("#field-lambda-p").eraseText(4).write("1.5");
    TextField lambda = robot.lookup("#field-lambda-p").queryAs(TextField.class);
    assertEquals("1.5", lambda.getText());
    Label reason = robot.lookup("#error-lambda-p").queryAs(Label.class);
    assertTrue(reason.isVisible());
    assertEquals("'1.5' is not allowed; allowed range (0, 1)", reason.getText());
    assertTrue(play.isDisabled());
    assertTrue(robot.lookup("#step").queryAs(Button.class).isDisabled());
    // the ControlsFX decoration carries the same reason
    String decorated =
        fx(
            () ->
                window
                    .setup()
                    .validation()
                    .getHighestMessage((Control) lambda)
                    .map(m -> m.getText())
                    .orElse(""));
    assertEquals("'1.5' is not allowed; allowed range (0, 1)", decorated);
    assertSame(root, fx(() -> window.scene().getRoot()), "the first error re-parented the window");
    assertTrue(robot.lookup("#problem").queryAs(Label.class).getText().contains("λ_p (prior)"));
    preview("invalid-lambda");

    // themes: the style classes land on the scene's root (whatever ControlsFX made of it)
    robot.clickOn("#dark");
    robot.clickOn("#presentation");
    assertTrue(
        robot
            .lookup("#play")
            .query()
            .getScene()
            .getRoot()
            .getStyleClass()
            .containsAll(java.util.List.of("theme-dark", "presentation")));

    // presentation's larger text pushes λ_p below the setup panel's fold (the presets come first):
    // back to normal size
    robot.clickOn("#presentation");
    robot.doubleClickOn("#field-lambda-p").eraseText(3).write("0.5");
    assertFalse(reason.isVisible());
    assertFalse(play.isDisabled());
    assertTrue(
        robot.lookup("#commandLine").queryAs(Label.class).getText().contains("--lambda-p 0.5"));
  }

  /**
   * MNIST's mlp cell kept after switching to parity: the window shows the field and why. The scene
   * graph is looked up on the FX thread once its events have run: a lookup from the test thread
   * raced the validation decorations that the error adds (it once found no "#field-cell" in a
   * clean-clone CI run).
   */
  @Test
  void anMlpCellWithParityShowsItsReasonNextToTheField(FxRobot robot) {
    assertFalse(
        fx(() -> shown(robot.lookup("#field-cell").query())), "parity has no choice of cell");
    fx(
        () -> {
          model.setup().field("task").setText("mnist");
          return null;
        });
    WaitForAsyncUtils.waitForFxEvents();
    assertTrue(fx(() -> shown(robot.lookup("#field-cell").query())));
    assertTrue(fx(() -> shown(robot.lookup("#field-mlp-hidden").query())));
    fx(
        () -> {
          model.setup().field("cell").setText("mlp");
          model.setup().field("task").setText("parity");
          return null;
        });
    WaitForAsyncUtils.waitForFxEvents();
    assertTrue(fx(() -> shown(robot.lookup("#field-cell").query())));
    Label reason = fx(() -> robot.lookup("#error-cell").queryAs(Label.class));
    assertTrue(fx(() -> shown(reason)));
    assertEquals(
        "'mlp' is not allowed; only the mnist task has a choice of cell; task parity allows gru only",
        fx(reason::getText));
    assertTrue(fx(() -> robot.lookup("#play").queryAs(Button.class).isDisabled()));
    assertTrue(
        fx(() -> robot.lookup("#problem").queryAs(Label.class).getText()).contains("Step cell"));
  }

  @Test
  void playTrainsPauseStopsStepAdvancesOneAndResetClears(FxRobot robot) throws Exception {
    // the status bar keeps its height when Play creates the run folder (a bar that grows resizes
    // and redraws every chart; seen failing when the folder had a row of its own: 30 → 50 px)
    Node bar = robot.lookup(".status-bar").query();
    double barHeight = fx(() -> bar.getLayoutBounds().getHeight());
    robot.clickOn("#play");
    waitUntil(() -> model.getIteration() >= 200 && model.history().size() >= 4);
    assertTrue(
        robot.lookup("#runFolder").queryAs(Label.class).getText().startsWith("Run folder: "));
    assertEquals(barHeight, fx(() -> bar.getLayoutBounds().getHeight()), 0.01);
    assertEquals("Pause", robot.lookup("#play").queryAs(Button.class).getText());

    // the halting distribution: bars are the histogram as fractions, the prior sums to 1
    waitUntil(() -> window.haltingTab().chart().modelSeries().getItemCount() == 8);
    fx(
        () -> {
          Snapshot shown =
              model.history().get((int) Math.round(window.haltingTab().scrubber().getValue()));
          assertEquals(VALIDATION, Arrays.stream(shown.haltingHistogram()).sum());
          XYSeries bars = window.haltingTab().chart().modelSeries();
          for (int i = 0; i < 8; i++) {
            assertEquals(
                shown.haltingHistogram()[i] / (double) VALIDATION,
                bars.getY(i).doubleValue(),
                1e-12);
          }
          assertEquals(1.0, sumY(bars), 1e-12);
          assertEquals(1.0, sumY(window.haltingTab().chart().priorSeries()), 1e-9);
          return null;
        });
    // what the shown evaluation cost: the steps the network ran, against fixed depth's 8
    waitUntil(
        () ->
            robot
                .lookup("#computeLabel")
                .queryAs(Label.class)
                .getText()
                .contains(" of 8 steps per input"));

    // learning curves fill and grow while training
    robot.clickOn("#tab-curves");
    waitUntil(() -> window.curvesTab().chart().totalLossSeries(false).getItemCount() >= 4);
    int points = fx(() -> window.curvesTab().chart().totalLossSeries(false).getItemCount());
    waitUntil(() -> window.curvesTab().chart().totalLossSeries(false).getItemCount() > points);
    Node curvesCanvas = window.curvesTab().viewer().getCanvas();
    robot.moveTo(curvesCanvas);
    robot.moveBy(40, 0);
    waitUntil(
        () -> robot.lookup("#curvesHover").queryAs(Label.class).getText().startsWith("iteration "));

    // β changed mid-run: applied by Enter, marked on the three panels of the curves
    robot.doubleClickOn("#field-beta").eraseText(5).write("0.05").type(KeyCode.ENTER);
    waitUntil(() -> window.curvesTab().chart().markerCount() == 3);

    preview("training-curves");

    // pause: the counter stops
    robot.clickOn("#play");
    waitUntil(() -> model.trainerStateProperty().get() == TrainerState.PAUSED);
    assertEquals("Play", robot.lookup("#play").queryAs(Button.class).getText());
    long paused = fx(model::getIteration);
    String counter = robot.lookup("#iteration").queryAs(Label.class).getText();
    WaitForAsyncUtils.sleep(400, TimeUnit.MILLISECONDS);
    assertEquals(paused, (long) fx(model::getIteration));
    assertEquals(counter, robot.lookup("#iteration").queryAs(Label.class).getText());

    // step: exactly one iteration
    robot.clickOn("#step");
    waitUntil(() -> model.getLatest().iteration() == paused + 1);
    assertEquals(paused + 1, (long) fx(model::getIteration));

    // scrub back to the first snapshot
    robot.clickOn("#tab-halting");
    fx(
        () -> {
          window.haltingTab().scrubber().setValue(0);
          return null;
        });
    waitUntil(
        () ->
            robot.lookup("#scrubLabel").queryAs(Label.class).getText().contains("(snapshot 1 of"));

    // the ponder map shows 64 inputs; the window's chart saves as PNG
    robot.clickOn("#tab-map");
    waitUntil(
        () ->
            window.ponderMapTab().charts().get(0).getXYPlot().getDataset(0).getItemCount(0)
                == 64 * 8);
    File png = tmp.resolve("map.png").toFile();
    fx(
        () -> {
          ChartTab.saveInBackground(window.ponderMapTab().viewer(), png, model);
          return null;
        });
    waitUntil(
        () ->
            model.activityProperty().get()
                == null); // drawn on the FX thread, written in the background
    assertTrue(Files.size(png.toPath()) > 10_000);

    // reset: charts empty, the seed kept, settings editable again
    robot.clickOn("#reset");
    waitUntil(
        () ->
            model.history().isEmpty()
                && window.ponderMapTab().charts().get(0).getXYPlot().getDataset(0).getItemCount(0)
                    == 0);
    robot.clickOn("#tab-halting");
    waitUntil(() -> window.haltingTab().chart().modelSeries().getItemCount() == 0);
    assertEquals("1", robot.lookup("#field-seed").queryAs(TextField.class).getText());
    assertFalse(robot.lookup("#field-hidden").query().isDisabled());
    assertEquals(
        "iteration 0 / 100,000", robot.lookup("#iteration").queryAs(Label.class).getText());
    assertTrue(robot.lookup("#status").queryAs(Label.class).getText().startsWith("Reset"));
  }
}
