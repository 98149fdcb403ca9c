package org.ponderlab.app.lab;

import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.fx.interaction.ChartMouseEventFX;
import org.jfree.chart.fx.interaction.ChartMouseListenerFX;
import org.ponderlab.app.charts.ChartStyle;
import org.ponderlab.app.charts.LearningCurvesChart;

/**
 * Learning curves with a smoothing slider, a log-scale switch for the losses and a hover crosshair.
 */
final class CurvesTab extends ChartTab {
  private final LearningCurvesChart chart;
  private final ChartViewer viewer;
  private final Slider smoothing = new Slider(0, 0.99, 0.6);
  private final CheckBox log = new CheckBox("log scale for the losses");
  private final Label hover = new Label(" ");
  private int hoverIndex = -1;

  CurvesTab(LabModel model, ChartStyle style) {
    super(model, "Learning curves", "tab-curves");
    chart = new LearningCurvesChart(style);
    viewer = ChartTab.viewer(chart.chart());
    smoothing.setId("smoothing");
    smoothing.setPrefWidth(220);
    smoothing.valueProperty().addListener(o -> invalidate());
    Label smoothingValue = new Label();
    smoothingValue.textProperty().bind(smoothing.valueProperty().asString(Locale.ROOT, "%.2f"));
    smoothingValue.setMinWidth(40);
    log.setId("logScale");
    log.setSelected(
        true); // β·KL is orders of magnitude below L_rec: on a linear axis it is a flat line at 0
    log.selectedProperty().addListener(o -> invalidate());
    hover.setId("curvesHover");
    hover.getStyleClass().add("hover-line");
    hover.setMaxWidth(Double.MAX_VALUE);
    viewer.addChartMouseListener(
        new ChartMouseListenerFX() {
          @Override
          public void chartMouseClicked(ChartMouseEventFX event) {}

          @Override
          public void chartMouseMoved(ChartMouseEventFX event) {
            hoverAt(event.getTrigger().getX());
          }
        });
    viewer.setOnMouseExited(
        e -> {
          hoverIndex = -1;
          chart.crosshair(-1);
          hover.setText("Hover the chart for exact values.");
        });
    hover.setText("Hover the chart for exact values.");
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox bar =
        new HBox(
            new Label("Smoothing"),
            smoothing,
            smoothingValue,
            log,
            spacer,
            saveButtons(viewer, "ponderlab-curves.png"),
            helpButton("curves"));
    bar.getStyleClass().add("chart-toolbar");
    BorderPane pane = new BorderPane(viewer);
    pane.setBottom(new VBox(hover, bar));
    tab.setContent(pane);
  }

  private void hoverAt(double x) {
    ChartRenderingInfo info = viewer.getRenderingInfo();
    if (info == null || info.getPlotInfo() == null) {
      return;
    }
    Rectangle2D area = info.getPlotInfo().getDataArea();
    if (x < area.getMinX() || x > area.getMaxX()) {
      if (hoverIndex >= 0) {
        hoverIndex = -1;
        chart.crosshair(-1);
      }
      return;
    }
    double iteration =
        chart.plot().getDomainAxis().java2DToValue(x, area, chart.plot().getDomainAxisEdge());
    int index = chart.nearest(iteration);
    if (index != hoverIndex) { // redraw only when the crosshair moves to another snapshot
      hoverIndex = index;
      chart.crosshair(index);
      hover.setText(index < 0 ? " " : chart.describe(index));
    }
  }

  @Override
  protected void redraw() {
    chart.show(model.history(), smoothing.getValue(), log.isSelected());
    if (hoverIndex >= 0 && hoverIndex < model.history().size()) {
      chart.crosshair(hoverIndex);
      hover.setText(chart.describe(hoverIndex));
    } else {
      hoverIndex = -1;
    }
  }

  @Override
  void setStyle(ChartStyle style) {
    chart.setStyle(style);
  }

  @Override
  List<JFreeChart> charts() {
    return List.of(chart.chart());
  }

  LearningCurvesChart chart() {
    return chart;
  }

  ChartViewer viewer() {
    return viewer;
  }
}
