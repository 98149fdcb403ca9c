package org.ponderlab.app.lab;

import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.ponderlab.app.charts.ChartStyle;
import org.ponderlab.app.charts.HaltingDistributionChart;
import org.ponderlab.app.charts.HaltingHistoryChart;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.TrainingConfig;

/**
 * The halting distribution against the prior, with a scrubber that replays the distribution at any
 * earlier snapshot; at its right end it follows the live run.
 */
final class HaltingTab extends ChartTab {
  private final HaltingDistributionChart chart;
  private final ChartViewer viewer;

  /** The distribution chart with its toolbar (what a lesson frames). */
  private final BorderPane distribution;

  /** The distribution over the whole run (x iteration, y step, colour share). */
  private final HaltingHistoryChart historyChart;

  private final ChartViewer historyViewer;
  private long historyDrawn = -1;
  private final Slider scrubber = new Slider(0, 0, 0);
  private final Label position = new Label();

  /** Accuracy and the compute the shown evaluation really spent. */
  private final Label compute = new Label();

  private boolean follow = true;
  private boolean updatingSlider;
  private Snapshot shown;

  HaltingTab(LabModel model, ChartStyle style) {
    super(model, "Halting distribution", "tab-halting");
    chart = new HaltingDistributionChart(style);
    chart.clear();
    viewer = ChartTab.viewer(chart.chart());
    historyChart = new HaltingHistoryChart(style);
    historyViewer = ChartTab.viewer(historyChart.chart());
    historyViewer.setId("haltingHistory");
    scrubber.setId("scrubber");
    scrubber.setBlockIncrement(1);
    scrubber.setMajorTickUnit(1);
    scrubber.setMinorTickCount(0);
    scrubber.setSnapToTicks(true);
    scrubber
        .valueProperty()
        .addListener(
            (o, was, now) -> {
              if (!updatingSlider) {
                follow = Math.round(now.doubleValue()) >= Math.round(scrubber.getMax());
                invalidate();
              }
            });
    position.setId("scrubLabel");
    position.setMinWidth(260);
    HBox.setHgrow(scrubber, Priority.ALWAYS);
    Label replay = new Label("Replay training:");
    HBox bar =
        new HBox(
            replay,
            scrubber,
            position,
            saveButtons(viewer, "ponderlab-halting.png"),
            helpButton("halting"));
    javafx.scene.layout.Region gap = new javafx.scene.layout.Region();
    HBox.setHgrow(gap, Priority.ALWAYS);
    HBox historyBar =
        new HBox(
            new Label("Every evaluation of the run at once; the dashed line is the replayed one."),
            gap,
            saveButtons(historyViewer, "ponderlab-halting-history.png"),
            helpButton("halting-history"));
    historyBar.getStyleClass().add("chart-toolbar");
    BorderPane history = new BorderPane(historyViewer);
    history.setBottom(historyBar);
    bar.getStyleClass().add("chart-toolbar");
    compute.setId("computeLabel");
    compute.getStyleClass().add("chart-caption");
    distribution = new BorderPane(viewer);
    distribution.setBottom(bar);
    javafx.scene.control.SplitPane split =
        new javafx.scene.control.SplitPane(distribution, history);
    split.setOrientation(javafx.geometry.Orientation.VERTICAL);
    split.setDividerPositions(0.6);
    BorderPane pane = new BorderPane(split);
    pane.setTop(compute);
    tab.setContent(pane);
  }

  @Override
  protected void redraw() {
    List<Snapshot> history = model.history();
    int n = history.size();
    updatingSlider = true;
    try {
      scrubber.setMax(Math.max(0, n - 1));
      if (follow) {
        scrubber.setValue(Math.max(0, n - 1));
      }
    } finally {
      updatingSlider = false;
    }
    long version = model.historyVersionProperty().get();
    if (version != historyDrawn) {
      historyDrawn = version;
      historyChart.show(history);
    }
    if (n == 0) {
      follow = true;
      shown = null;
      chart.clear();
      historyChart.markIteration(Double.NaN);
      position.setText("no snapshots yet");
      compute.setText("");
      return;
    }
    int index = (int) Math.min(n - 1, Math.max(0, Math.round(scrubber.getValue())));
    Snapshot s = history.get(index);
    if (s != shown) { // replaying an old snapshot while new ones arrive: nothing to redraw
      shown = s;
      chart.show(s, settings(s));
      historyChart.markIteration(s.iteration());
      compute.setText(StatusText.compute(s));
    }
    position.setText(
        "iteration "
            + StatusText.count(s.iteration())
            + " (snapshot "
            + (index + 1)
            + " of "
            + n
            + ")"
            + (index == n - 1 ? (model.isRunning() ? ", live" : ", newest") : ""));
  }

  private String settings(Snapshot s) {
    TrainingConfig c = model.runConfig();
    if (c == null || !(c.method().equals("pondernet") || c.method().equals("palbert"))) {
      return "";
    }
    return "λ_p = " + model.settingAt(s, "lambda-p") + ", β = " + model.settingAt(s, "beta");
  }

  @Override
  void setStyle(ChartStyle style) {
    chart.setStyle(style);
    historyChart.setStyle(style);
    shown = null;
    invalidate();
  }

  @Override
  List<JFreeChart> charts() {
    return List.of(chart.chart(), historyChart.chart());
  }

  @Override
  javafx.scene.Node highlightNode(String chartId) {
    return distribution;
  }

  HaltingHistoryChart historyChart() {
    return historyChart;
  }

  HaltingDistributionChart chart() {
    return chart;
  }

  Slider scrubber() {
    return scrubber;
  }
}
