package org.ponderlab.app.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ponderlab.app.lab.LabWindowTest.fx;
import static org.ponderlab.app.lab.LabWindowTest.waitUntil;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.core.run.RunSession;
import org.ponderlab.core.train.TrainingConfig;
import org.ponderlab.core.train.TrainingListener;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window reopening a saved run (charts and scrubber replay it) and overlaying two runs in
 * Compare.
 */
@ExtendWith(ApplicationExtension.class)
class OpenAndCompareWindowTest {
  @TempDir static Path dir;
  static Path first;
  static Path second;
  LabWindow window;
  LabModel model;

  @BeforeAll
  static void trainTwoRuns() throws Exception {
    first = train("lp0.2", "0.2");
    second = train("lp0.5", "0.5");
  }

  static Path train(String name, String lambdaP) throws Exception {
    Map<String, String> s = new LinkedHashMap<>(LabModelTest.TINY);
    s.put("lambda-p", lambdaP);
    Path folder = dir.resolve(name);
    RunSession.create(
            folder, TrainingConfig.fromText(s), List.of("test"), new TrainingListener() {})
        .start()
        .await(i -> {}, 50);
    return folder;
  }

  @Start
  void start(Stage stage) {
    window = WindowFixture.show(stage, dir.resolve("window-runs"), Map.of());
    model = window.model();
  }

  @AfterEach
  void stop() {
    WaitForAsyncUtils.waitForAsyncFx(5000, () -> window.stop());
  }

  @Test
  void aReopenedRunReplaysAndTwoRunsOverlay(FxRobot robot) throws Exception {
    assertTrue(fx(() -> model.openRun(first)).get(30, TimeUnit.SECONDS));
    waitUntil(() -> window.haltingTab().scrubber().getMax() == 2); // 3 snapshots: 20, 40, 60
    assertTrue(
        robot.lookup("#status").queryAs(Label.class).getText().startsWith("Opened run lp0.2"));
    assertTrue(robot.lookup("#runFolder").queryAs(Label.class).getText().endsWith("lp0.2"));

    assertEquals(null, fx(() -> window.compare().add(first)).get(30, TimeUnit.SECONDS));
    assertEquals(null, fx(() -> window.compare().add(second)).get(30, TimeUnit.SECONDS));
    assertEquals(null, fx(() -> window.compare().addLive()));
    fx(
        () -> {
          window.tabs().getSelectionModel().select(window.compareTab().tab());
          return null;
        });
    waitUntil(
        () ->
            ((XYDataset) window.compareTab().charts().get(0).getXYPlot().getDataset())
                    .getSeriesCount()
                == 3);
    TableView<?> table = robot.lookup("#compareTable").queryAs(TableView.class);
    assertEquals(3, table.getItems().size());

    // each run's colour is a swatch until clicked; the click makes the picker, whose choice
    // recolours the run (the picker made for every added row was most of "Add to Compare")
    java.util.Set<javafx.scene.control.Button> swatches =
        robot.lookup(".compare-colour").queryAllAs(javafx.scene.control.Button.class);
    assertEquals(3, swatches.size());
    javafx.scene.control.Button swatch = swatches.iterator().next();
    CompareTab.ColourCell cell = (CompareTab.ColourCell) swatch.getParent();
    assertEquals(null, cell.picker());
    robot.clickOn(swatch);
    waitUntil(() -> cell.picker() != null && cell.picker().isShowing());
    CompareModel.Entry entry = fx(() -> (CompareModel.Entry) cell.getTableRow().getItem());
    fx(
        () -> {
          cell.picker().hide();
          cell.picker().setValue(javafx.scene.paint.Color.web("#123456"));
          cell.picker().fireEvent(new javafx.event.ActionEvent()); // as the palette's click does
          return null;
        });
    waitUntil(() -> javafx.scene.paint.Color.web("#123456").equals(entry.colour.get()));
    fx(
        () -> {
          window.compare().entries().get(2).shown.set(false);
          return null;
        });
    waitUntil(
        () ->
            ((XYDataset) window.compareTab().charts().get(1).getXYPlot().getDataset())
                    .getSeriesCount()
                == 2);
  }
}
