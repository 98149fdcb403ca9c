package org.ponderlab.app.lab;

import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.ponderlab.app.charts.ChartStyle;
import org.ponderlab.app.charts.DifficultyChart;
import org.ponderlab.app.charts.StepDiagnosticsChart;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.TaskKind;
import org.ponderlab.core.train.TrainingConfig;

/**
 * Per-step diagnostics (mean p_n vs prior, accuracy if halted at n) beside steps and accuracy per
 * difficulty.
 */
final class DiagnosticsTab extends ChartTab {
  private final StepDiagnosticsChart steps;
  private final DifficultyChart difficulty;

  /** MNIST: mean steps and accuracy per digit, in place of the per-difficulty chart. */
  private final ChartViewer classSteps =
      ChartTab.viewer(new JFreeChart(new org.jfree.chart.plot.XYPlot()));

  private final HBox charts;
  private final ChartViewer right;
  private final javafx.scene.Node saveRight;
  private final javafx.scene.Node saveClasses;
  private final HBox bar;

  DiagnosticsTab(LabModel model, ChartStyle style) {
    super(model, "Per-step diagnostics", "tab-diagnostics");
    steps = new StepDiagnosticsChart(style);
    difficulty = new DifficultyChart(style);
    ChartViewer left = ChartTab.viewer(steps.chart());
    right = ChartTab.viewer(difficulty.chart());
    charts = new HBox(left, right);
    HBox.setHgrow(classSteps, Priority.ALWAYS);
    classSteps.setPrefWidth(10);
    HBox.setHgrow(left, Priority.ALWAYS);
    HBox.setHgrow(right, Priority.ALWAYS);
    left.setPrefWidth(10);
    right.setPrefWidth(10);
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    saveRight = saveButtons(right, "ponderlab-per-difficulty.png");
    saveClasses = saveButtons(classSteps, "ponderlab-per-digit.png");
    bar =
        new HBox(
            new Label("Newest evaluation on the validation set."),
            spacer,
            saveButtons(left, "ponderlab-per-step.png"),
            helpButton("step-diagnostics"),
            saveRight,
            helpButton("difficulty"));
    bar.getStyleClass().add("chart-toolbar");
    BorderPane pane = new BorderPane(charts);
    pane.setBottom(bar);
    tab.setContent(pane);
  }

  @Override
  protected void redraw() {
    Snapshot s = model.getLatest();
    if (s == null) {
      steps.clear();
      difficulty.clear();
    } else {
      steps.show(s);
      TrainingConfig c = model.runConfig();
      // corrupted MNIST's difficulty is the noise level, not the digit: the per-difficulty chart
      // then
      boolean mnist = c != null && c.taskKind() == TaskKind.MNIST && c.mnistNoise() == 0;
      showPerDigit(mnist);
      if (mnist) {
        JFreeChart perDigit = org.ponderlab.app.charts.mnist.ClassStepsChart.create(s);
        classSteps.setChart(perDigit);
      } else {
        difficulty.show(s, model.difficultyNameProperty().get());
      }
    }
  }

  /** MNIST shows mean steps per digit (ClassStepsChart) where other tasks show per difficulty. */
  private void showPerDigit(boolean mnist) {
    javafx.scene.Node wanted = mnist ? classSteps : right;
    if (charts.getChildren().get(1) != wanted) {
      charts.getChildren().set(1, wanted);
      bar.getChildren().set(bar.getChildren().size() - 2, mnist ? saveClasses : saveRight);
    }
  }

  @Override
  void setStyle(ChartStyle style) {
    steps.setStyle(style);
    difficulty.setStyle(style);
  }

  @Override
  List<JFreeChart> charts() {
    return charts.getChildren().get(1) == classSteps
        ? List.of(steps.chart(), classSteps.getChart())
        : List.of(steps.chart(), difficulty.chart());
  }
}
