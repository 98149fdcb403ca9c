package org.ponderlab.app.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ponderlab.app.lab.LabWindowTest.fx;
import static org.ponderlab.app.lab.LabWindowTest.shown;
import static org.ponderlab.app.lab.LabWindowTest.waitUntil;

import java.nio.file.Path;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.core.lesson.Lesson;
import org.ponderlab.core.lesson.Lessons;
import org.ponderlab.core.train.TrainerState;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A lesson in the real window: opened from the Lessons panel it fills the setup, shows its pages
 * and frames the chart each page points at; at the end of its run the claim is checked on the
 * trained model and the result is shown with its numbers. The run is shortened (fewer iterations)
 * to fit the test budget: the claim's verdict is then whatever that short run shows; the lesson's
 * own budget is checked by {@code ponderlab lesson NAME --check}.
 */
@ExtendWith(ApplicationExtension.class)
class LessonWindowTest {
  LabWindow window;
  LabModel model;
  @TempDir Path tmp;

  @Start
  void start(Stage stage) {
    window = WindowFixture.show(stage, tmp, Map.of());
    model = window.model();
  }

  @AfterEach
  void stop() throws InterruptedException {
    WindowFixture.close(window);
  }

  @Test
  void aLessonFillsTheSetupHighlightsItsChartAndReportsItsClaim(FxRobot robot) throws Exception {
    Lesson lesson = Lessons.get("reading-the-prior");
    robot.clickOn("#lessonsToggle");
    waitUntil(() -> robot.lookup("#lessonList").tryQuery().isPresent());
    fx(
        () -> {
          window.lessons().node().lookup("#lessonList");
          ((javafx.scene.control.ListView<?>) window.lessons().node().lookup("#lessonList"))
              .getSelectionModel()
              .select(Lessons.all().indexOf(lesson));
          return null;
        });
    robot.clickOn("#lessonStart");
    waitUntil(() -> window.lessons().openLesson() == lesson);
    // the setup is the lesson's
    assertEquals(
        lesson.settings().get("lambda-p"),
        robot.lookup("#field-lambda-p").queryAs(TextField.class).getText());
    // its first page is shown; the first page that names a chart frames it, visibly, on the
    // selected tab
    assertEquals(
        lesson.pages().get(0).text(),
        robot.lookup("#lessonPageText").queryAs(Label.class).getText());
    int withChart = 0;
    while (lesson.pages().get(withChart).chart() == null) {
      withChart++;
    }
    for (int p = 0; p < withChart; p++) {
      robot.clickOn("#lessonNext");
    }
    String chartPage = lesson.pages().get(withChart).text();
    waitUntil(
        () -> robot.lookup("#lessonPageText").queryAs(Label.class).getText().equals(chartPage));
    Node framed = fx(window::highlighted);
    assertTrue(framed != null && framed.getStyleClass().contains("lesson-highlight"));
    assertTrue(
        fx(
            () ->
                shown(framed)
                    && framed.getScene() != null
                    && framed.getBoundsInLocal().getWidth() > 100));
    String css =
        fx(
            () ->
                ((javafx.scene.layout.Region) framed).getBorder() == null
                    ? "none"
                    : ((javafx.scene.layout.Region) framed)
                        .getBorder()
                        .getStrokes()
                        .get(0)
                        .getTopStroke()
                        .toString());
    assertEquals("0xe69f00ff", css, "the stylesheet's lesson frame is drawn");

    // a short run of the lesson's setup, then the claim with its numbers
    robot.doubleClickOn("#field-iterations").eraseText(6).write("300");
    waitUntil(
        () -> model.setup().getConfig() != null && model.setup().getConfig().iterations() == 300);
    robot.clickOn("#play");
    waitUntil(() -> model.trainerStateProperty().get() == TrainerState.FINISHED);
    waitUntil(
        () -> robot.lookup("#lessonResult").queryAs(Label.class).getText().startsWith("Result: "));
    String result = robot.lookup("#lessonResult").queryAs(Label.class).getText();
    assertTrue(result.endsWith("✓") || result.endsWith("✗"), result);
    assertTrue(result.matches(".*\\d.*"), "the result carries numbers: " + result);
    preview(window.scene(), "lesson-in-progress");
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
