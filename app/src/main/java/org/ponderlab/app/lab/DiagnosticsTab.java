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

/** Per-step diagnostics (mean p_n vs prior, accuracy if halted at n) beside steps and accuracy per difficulty. */
final class DiagnosticsTab extends ChartTab {
  private final StepDiagnosticsChart steps;
  private final DifficultyChart difficulty;

  DiagnosticsTab(LabModel model, ChartStyle style) {
    super(model, "Per-step diagnostics", "tab-diagnostics");
    steps = new StepDiagnosticsChart(style);
    difficulty = new DifficultyChart(style);
    ChartViewer left = ChartTab.viewer(steps.chart());
    ChartViewer right = ChartTab.viewer(difficulty.chart());
    HBox charts = new HBox(left, right);
    HBox.setHgrow(left, Priority.ALWAYS);
    HBox.setHgrow(right, Priority.ALWAYS);
    left.setPrefWidth(10);
    right.setPrefWidth(10);
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox bar = new HBox(new Label("Newest evaluation on the validation set."), spacer,
        ChartTab.saveButton(left, "ponderlab-per-step.png"), ChartTab.saveButton(right, "ponderlab-per-difficulty.png"));
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
      difficulty.show(s, model.difficultyNameProperty().get());
    }
  }

  @Override
  void setStyle(ChartStyle style) {
    steps.setStyle(style);
    difficulty.setStyle(style);
  }

  @Override
  List<JFreeChart> charts() {
    return List.of(steps.chart(), difficulty.chart());
  }
}
