package org.ponderlab.app.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ponderlab.app.lab.LabWindowTest.fx;
import static org.ponderlab.app.lab.LabWindowTest.waitUntil;

import java.awt.geom.Rectangle2D;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.core.train.PonderRow;
import org.ponderlab.core.train.TrainerState;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * One input step by step in the real window: a click on a ponder-map row opens the input view on
 * that validation input, computed by the core inspection on its own thread; its p_n are the row's,
 * sum to 1, and each rule's marked stop is that rule's decision (q-exit: the evaluation's own).
 */
@ExtendWith(ApplicationExtension.class)
class InputViewWindowTest {
  LabWindow window;
  LabModel model;
  @TempDir Path tmp;

  @Start
  void start(Stage stage) {
    Map<String, String> setup = new HashMap<>(LabModelTest.SMALL);
    setup.put("eval-rule", "q-exit");
    setup.put("q", "0.5");
    window = WindowFixture.show(stage, tmp, setup);
    model = window.model();
  }

  @AfterEach
  void stop() throws InterruptedException {
    WindowFixture.close(window);
  }

  @Test
  void clickingAPonderMapRowOpensThatInputStepByStep(FxRobot robot) throws Exception {
    robot.clickOn("#play");
    waitUntil(() -> model.history().size() >= 3);
    robot.clickOn("#play");
    waitUntil(() -> model.trainerStateProperty().get() == TrainerState.PAUSED);
    robot.clickOn("#tab-map");
    waitUntil(
        () ->
            window.ponderMapTab().chart().rowCount() == 64
                && window.ponderMapTab().viewer().getRenderingInfo() != null
                && window
                        .ponderMapTab()
                        .viewer()
                        .getRenderingInfo()
                        .getPlotInfo()
                        .getDataArea()
                        .getHeight()
                    > 100);
    int r = 50; // a hard input (many non-zeros)
    Point2D at =
        fx(
            () -> {
              var viewer = window.ponderMapTab().viewer();
              Rectangle2D area = viewer.getRenderingInfo().getPlotInfo().getDataArea();
              XYPlot plot = window.ponderMapTab().chart().plot();
              double y = plot.getRangeAxis().valueToJava2D(r, area, plot.getRangeAxisEdge());
              return viewer.getCanvas().localToScreen(area.getCenterX(), y);
            });
    PonderRow row =
        fx(
            () ->
                window
                    .ponderMapTab()
                    .rowAt(
                        window.ponderMapTab().viewer().getCanvas().screenToLocal(at).getX(),
                        window.ponderMapTab().viewer().getCanvas().screenToLocal(at).getY()));
    assertNotNull(row);
    robot.clickOn(at);
    waitUntil(
        () -> window.inputViewForTests() != null && window.inputViewForTests().shown() != null);
    Inspected in = fx(() -> window.inputViewForTests().shown());

    assertEquals(row.difficulty(), in.difficulty());
    assertEquals(row.label(), in.label());
    double sum = 0;
    for (int n = 1; n <= in.steps(); n++) {
      sum += in.p()[n - 1];
      assertEquals(
          row.haltingProb()[n - 1], in.p()[n - 1], 1e-6, "p_" + n + " is the ponder row's");
    }
    assertEquals(1.0, sum, 1e-6);
    // q-exit is the run's rule: the evaluation halted this very input where the view marks q-exit
    assertEquals(row.haltStep(), (int) in.stops().get("q-exit"));
    assertEquals(row.prediction(), (int) in.stopPredictions().get("q-exit"));
    // and every deterministic rule's stop is its definition applied to p_n
    int firstOver = 0;
    int mode = 1;
    for (int n = 1; n <= in.steps(); n++) {
      if (firstOver == 0 && in.cumulative()[n - 1] > 0.5) {
        firstOver = n;
      }
      if (in.p()[n - 1] > in.p()[mode - 1]) {
        mode = n;
      }
    }
    assertEquals(firstOver, (int) in.stops().get("q-exit"));
    assertEquals(mode, (int) in.stops().get("mode"));

    // all steps shown: one stop line per distinct step, naming every rule
    robot.clickOn("#inputAll");
    waitUntil(() -> window.inputViewForTests().shownSteps() == in.steps());
    java.util.List<String> labels = fx(() -> window.inputViewForTests().chart().stopLabels());
    for (String rule : in.stops().keySet()) {
      assertTrue(
          labels.stream().anyMatch(l -> java.util.Arrays.asList(l.split(", ")).contains(rule)),
          rule + " in " + labels);
    }
    assertTrue(
        robot
            .lookup("#inputWhat")
            .queryAs(Label.class)
            .getText()
            .contains("q-exit at " + row.haltStep()));
    preview(window.inputViewForTests().root().getScene(), "input-view");

    // Step and Restart drive the animation one step at a time
    robot.clickOn("#inputRestart");
    waitUntil(() -> window.inputViewForTests().shownSteps() == 0);
    robot.clickOn("#inputStep");
    waitUntil(() -> window.inputViewForTests().shownSteps() == 1);
    assertEquals(1, (int) fx(() -> window.inputViewForTests().chart().pSeries().getItemCount()));

    // your own input: a typed parity vector, its label computed from it; a wrong one is refused
    // with the reason
    robot.clickOn("#inputText").write("1,1,1,0,0,0,0,0").clickOn("#inspectTyped");
    waitUntil(() -> window.inputViewForTests().shown().difficulty() == 3);
    assertEquals(1, (int) fx(() -> window.inputViewForTests().shown().label()));
    robot.doubleClickOn("#inputText").write("1,2").clickOn("#inspectTyped");
    waitUntil(
        () -> robot.lookup("#inputMessage").queryAs(Label.class).getText().contains("values"));
  }

  /**
   * Saves what a scene looks like under target/ui-previews (for people and the README, not
   * asserted).
   */
  static void preview(javafx.scene.Scene scene, String name) {
    fx(
        () -> {
          Path dir = Path.of("target", "ui-previews");
          java.nio.file.Files.createDirectories(dir);
          var image = javafx.embed.swing.SwingFXUtils.fromFXImage(scene.snapshot(null), null);
          javax.imageio.ImageIO.write(image, "png", dir.resolve(name + ".png").toFile());
          return null;
        });
  }
}
