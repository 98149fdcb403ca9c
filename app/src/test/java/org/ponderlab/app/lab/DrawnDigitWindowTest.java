package org.ponderlab.app.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ponderlab.app.lab.LabWindowTest.fx;
import static org.ponderlab.app.lab.LabWindowTest.waitUntil;

import java.nio.file.Path;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.core.train.TrainerState;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Your own digit, step by step, in the real window: after a short MNIST run, "Your own input…"
 * opens the input view with a 28×28 canvas; the mouse draws a stroke on it, "Inspect the drawing"
 * sends exactly those pixels to the trained model (on the inspector's thread), and the view steps
 * through the answer with Step and Play. Costs the MNIST build plus 20 iterations: a few seconds on
 * a quiet machine, 25–33 s measured at load 15–18.
 */
@ExtendWith(ApplicationExtension.class)
class DrawnDigitWindowTest {
  static final int CELL = 6; // the input view draws each pixel as a 6×6 square
  LabWindow window;
  LabModel model;
  @TempDir Path tmp;

  @Start
  void start(Stage stage) {
    window = WindowFixture.show(stage, tmp, WindowFixture.smallMnist(20));
    model = window.model();
  }

  @AfterEach
  void stop() throws InterruptedException {
    WindowFixture.close(window);
  }

  @Test
  void aDigitDrawnWithTheMouseIsInspectedStepByStep(FxRobot robot) throws Exception {
    robot.clickOn("#play");
    waitUntil(() -> model.trainerStateProperty().get() == TrainerState.FINISHED);
    robot.clickOn("#tab-map");
    robot.clickOn("#ownInput");
    waitUntil(() -> window.inputViewForTests() != null && window.inputViewForTests().isShowing());
    InputView view = window.inputViewForTests();
    DigitCanvas canvas = fx(view::canvas);
    assertNotNull(canvas, "an MNIST run's input view offers the drawing canvas");

    // nothing drawn yet: refused with what to do
    robot.clickOn("#inspectDrawing");
    waitUntil(
        () ->
            robot
                .lookup("#inputMessage")
                .queryAs(Label.class)
                .getText()
                .startsWith("Draw a digit first"));

    // a "1": one vertical stroke down the middle column, drawn by dragging the mouse
    robot
        .drag(onCanvas(canvas, 14, 5), MouseButton.PRIMARY)
        .moveTo(onCanvas(canvas, 14, 14))
        .moveTo(onCanvas(canvas, 14, 23))
        .release(MouseButton.PRIMARY);
    float[] drawn = fx(canvas::pixels);
    for (int y = 6; y <= 22; y++) {
      assertTrue(drawn[y * 28 + 14] > 0.5f, "ink under the stroke at row " + y);
    }
    for (int y = 0; y < 28; y++) {
      assertEquals(0f, drawn[y * 28 + 3], "no ink far from the stroke");
    }

    robot.clickOn("#inspectDrawing");
    waitUntil(() -> view.shown() != null);
    Inspected in = fx(view::shown);
    assertArrayEquals(drawn, in.input(), "the model saw exactly the drawn pixels");
    assertEquals(-1, in.label(), "a drawing has no label");
    assertEquals(4, in.steps());
    double sum = 0;
    for (int n = 1; n <= in.steps(); n++) {
      sum += in.p()[n - 1];
      assertTrue(
          in.prediction()[n - 1] >= 0 && in.prediction()[n - 1] <= 9, "ŷ_" + n + " is a digit");
    }
    assertEquals(1.0, sum, 1e-6);
    // each rule's prediction is ŷ at the step where it stops
    in.stops()
        .forEach(
            (rule, step) ->
                assertEquals(
                    in.prediction()[step - 1], (int) in.stopPredictions().get(rule), rule));
    assertTrue(
        in.stops().containsKey("q-exit") && in.stops().containsKey("sample"),
        in.stops().toString());

    // step through it: Restart shows nothing, Step one step at a time, Play the rest
    robot.clickOn("#inputRestart");
    waitUntil(() -> view.shownSteps() == 0);
    robot.clickOn("#inputStep");
    waitUntil(() -> view.shownSteps() == 1);
    robot.clickOn("#inputStep");
    waitUntil(() -> view.shownSteps() == 2);
    assertEquals(2, (int) fx(() -> view.chart().pSeries().getItemCount()));
    robot.clickOn("#inputPlay");
    waitUntil(() -> view.shownSteps() == in.steps());
    assertEquals(in.steps(), (int) fx(() -> view.chart().pSeries().getItemCount()));
    assertTrue(
        robot
            .lookup("#inputWhat")
            .queryAs(Label.class)
            .getText()
            .startsWith("digit, label unknown"));
    LessonWindowTest.preview(view.root().getScene(), "input-view-drawn");
  }

  /** The screen point of pixel (x, y) of the canvas (pixel units, centre of the cell). */
  private static Point2D onCanvas(DigitCanvas canvas, double x, double y) {
    return fx(() -> canvas.localToScreen(x * CELL + CELL / 2.0, y * CELL + CELL / 2.0));
  }
}
