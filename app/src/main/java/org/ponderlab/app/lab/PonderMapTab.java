package org.ponderlab.app.lab;

import java.awt.geom.Rectangle2D;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.fx.interaction.ChartMouseEventFX;
import org.jfree.chart.fx.interaction.ChartMouseListenerFX;
import org.jfree.chart.plot.XYPlot;
import org.ponderlab.app.charts.ChartStyle;
import org.ponderlab.app.charts.PonderMapChart;
import org.ponderlab.app.charts.StepMeasure;
import org.ponderlab.core.train.PonderRow;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.TaskKind;
import org.ponderlab.core.train.TrainingConfig;

/**
 * The ponder map of the newest snapshot; hovering a cell shows its input, difficulty, p_n and
 * prediction.
 */
final class PonderMapTab extends ChartTab {
  private final PonderMapChart chart;
  private final ChartViewer viewer;
  private final Label hover = new Label();

  /** MNIST: the digits themselves, tinted by steps, in place of the grid of rows. */
  private final org.ponderlab.app.charts.mnist.DigitPonderMapView digits =
      new org.ponderlab.app.charts.mnist.DigitPonderMapView();

  private BorderPane pane;
  private HBox bar;
  private javafx.scene.Node chartSave;
  private javafx.scene.Node digitSave;

  /** What ranks and badges the inputs: E[n] by default, never silently a random draw. */
  private final javafx.scene.control.ComboBox<StepMeasure.Kind> rankBy =
      new javafx.scene.control.ComboBox<>(
          javafx.collections.FXCollections.observableArrayList(StepMeasure.Kind.values()));

  private StepMeasure measure = StepMeasure.expected();
  private java.util.function.IntConsumer inspect = i -> {};
  private final javafx.scene.control.Button ownInput =
      new javafx.scene.control.Button("Your own input…");

  PonderMapTab(LabModel model, ChartStyle style) {
    super(model, "Ponder map", "tab-map");
    chart = new PonderMapChart(style);
    chart.clear();
    viewer = ChartTab.viewer(chart.chart());
    hover.setId("mapHover");
    hover.getStyleClass().add("hover-line");
    hover.setText("Hover a cell: its input, difficulty, p_n and the prediction.");
    viewer.addChartMouseListener(
        new ChartMouseListenerFX() {
          @Override
          public void chartMouseClicked(ChartMouseEventFX event) {
            PonderRow row = rowAt(event.getTrigger().getX(), event.getTrigger().getY());
            if (row != null) {
              inspect.accept(row.index());
            }
          }

          @Override
          public void chartMouseMoved(ChartMouseEventFX event) {
            hoverAt(event.getTrigger().getX(), event.getTrigger().getY());
          }
        });
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    chartSave = saveButtons(viewer, "ponderlab-ponder-map.png");
    digitSave = new HBox(4, digitSaveButton("PNG"), digitSaveButton("SVG"));
    rankBy.setId("rankBy");
    rankBy.setValue(StepMeasure.Kind.EXPECTED);
    rankBy.setConverter(
        new javafx.util.StringConverter<>() {
          @Override
          public String toString(StepMeasure.Kind kind) {
            return kind == null ? "" : measureOf(kind, model.getLatest()).choice();
          }

          @Override
          public StepMeasure.Kind fromString(String text) {
            return null;
          }
        });
    rankBy.valueProperty().addListener(o -> invalidate());
    rankBy.setTooltip(
        new javafx.scene.control.Tooltip(
            "What ranks the inputs and places their marks: the expected step "
                + "E[n] = Σ n·p_n and the q-exit step are deterministic; under the sample rule the rule's step is one random draw"));
    ownInput.setId("ownInput");
    ownInput.setTooltip(
        new javafx.scene.control.Tooltip(
            "Type a parity vector or a C-PVR list, or draw a digit, and step through it"));
    bar =
        new HBox(
            hover,
            spacer,
            ownInput,
            new Label("rank by"),
            rankBy,
            chartSave,
            helpButton("ponder-map"));
    bar.getStyleClass().add("chart-toolbar");
    digits.setId("digitPonderMap");
    pane = new BorderPane(viewer);
    pane.setBottom(bar);
    tab.setContent(pane);
  }

  /** Saves the digit map (MNIST) as PNG or SVG at the view's size. */
  private javafx.scene.control.Button digitSaveButton(String format) {
    javafx.scene.control.Button save = new javafx.scene.control.Button("Save " + format + "…");
    save.setOnAction(
        e -> {
          var map = digits.map();
          if (map == null) {
            return;
          }
          javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
          chooser.setTitle("Save the digit ponder map as " + format);
          String ext = format.toLowerCase(java.util.Locale.ROOT);
          chooser.setInitialFileName("ponderlab-digit-ponder-map." + ext);
          chooser
              .getExtensionFilters()
              .add(new javafx.stage.FileChooser.ExtensionFilter(format + " image", "*." + ext));
          java.io.File file = chooser.showSaveDialog(digits.getScene().getWindow());
          if (file == null) {
            return;
          }
          int w = (int) Math.max(640, digits.getWidth());
          int h = (int) Math.max(400, digits.getHeight());
          // drawn here, from the map the FX thread shows; encoded and written in the background
          java.util.concurrent.Callable<java.io.File> write;
          if (ext.equals("svg")) {
            org.jfree.svg.SVGGraphics2D g = new org.jfree.svg.SVGGraphics2D(w, h);
            map.paint(g, w, h);
            String document = g.getSVGElement();
            write =
                () -> {
                  org.jfree.svg.SVGUtils.writeToSVG(file, document);
                  return file;
                };
          } else {
            java.awt.image.BufferedImage image =
                new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = image.createGraphics();
            map.paint(g, w, h);
            g.dispose();
            write =
                () -> {
                  javax.imageio.ImageIO.write(image, "png", file);
                  return file;
                };
          }
          model
              .work()
              .run(
                  "Saving " + file.getName() + "…",
                  write,
                  saved -> model.statusLine().say("Saved " + saved + "."),
                  ex -> model.showError("Could not write " + file + ": " + ex.getMessage()));
        });
    return save;
  }

  /** The ponder-map row under a point of the viewer, or null. */
  PonderRow rowAt(double x, double y) {
    ChartRenderingInfo info = viewer.getRenderingInfo();
    if (info == null
        || info.getPlotInfo() == null
        || !info.getPlotInfo().getDataArea().contains(x, y)) {
      return null;
    }
    Rectangle2D area = info.getPlotInfo().getDataArea();
    XYPlot plot = chart.plot();
    return chart.rowAt(plot.getRangeAxis().java2DToValue(y, area, plot.getRangeAxisEdge()));
  }

  /** What a click on an input does (the window opens it step by step), by validation index. */
  void onInspect(java.util.function.IntConsumer action) {
    inspect = action;
    digits.setOnDigitClicked(row -> action.accept(row.index()));
  }

  /** What "Your own input…" does. */
  void onOwnInput(Runnable action) {
    ownInput.setOnAction(e -> action.run());
  }

  PonderMapChart chart() {
    return chart;
  }

  org.ponderlab.app.charts.mnist.DigitPonderMapView digits() {
    return digits;
  }

  private void hoverAt(double x, double y) {
    ChartRenderingInfo info = viewer.getRenderingInfo();
    if (info == null || info.getPlotInfo() == null) {
      return;
    }
    Rectangle2D area = info.getPlotInfo().getDataArea();
    if (!area.contains(x, y)) {
      return;
    }
    XYPlot plot = chart.plot();
    double step = plot.getDomainAxis().java2DToValue(x, area, plot.getDomainAxisEdge());
    double row = plot.getRangeAxis().java2DToValue(y, area, plot.getRangeAxisEdge());
    String text = chart.describe(step, row, model.difficultyNameProperty().get());
    if (!text.isEmpty()) {
      hover.setText(text);
    }
  }

  /** The measure of a kind at a snapshot: q and the rule as they were in force there. */
  private StepMeasure measureOf(StepMeasure.Kind kind, Snapshot s) {
    return switch (kind) {
      case EXPECTED -> StepMeasure.expected();
      case Q_EXIT -> StepMeasure.qExit(s == null ? 0.5 : parseOr(model.settingAt(s, "q"), 0.5));
      case RULE -> StepMeasure.rule(s == null ? "sample" : s.rule());
    };
  }

  private static double parseOr(String text, double fallback) {
    try {
      return Double.parseDouble(text);
    } catch (RuntimeException e) {
      return fallback;
    }
  }

  /** What ranks the inputs now. */
  StepMeasure measure() {
    return measure;
  }

  javafx.scene.control.ComboBox<StepMeasure.Kind> rankBy() {
    return rankBy;
  }

  @Override
  protected void redraw() {
    Snapshot s = model.getLatest();
    measure =
        measureOf(rankBy.getValue() == null ? StepMeasure.Kind.EXPECTED : rankBy.getValue(), s);
    chart.setMeasure(measure);
    TrainingConfig c = model.runConfig();
    boolean mnist = c != null && c.taskKind() == TaskKind.MNIST;
    javafx.scene.Node wanted = mnist ? digits : viewer;
    if (pane.getCenter() != wanted) {
      pane.setCenter(wanted);
      bar.getChildren().set(bar.getChildren().size() - 2, mnist ? digitSave : chartSave);
      bar.getChildren()
          .set(bar.getChildren().size() - 1, helpButton(mnist ? "digit-map" : "ponder-map"));
      hover.setText(
          mnist
              ? "Each digit badged with how long it thinks; hover one for its p_n, click it to step through it."
              : "Hover a cell: its input, difficulty, p_n and the prediction; click a row to step through it.");
    }
    if (mnist) {
      if (s != null && !s.ponderRows().isEmpty()) {
        digits.show(org.ponderlab.app.charts.mnist.DigitPonderMap.of(s, measure));
      }
      return;
    }
    if (s == null || s.ponderRows().isEmpty()) {
      chart.clear();
    } else {
      chart.show(s, model.difficultyNameProperty().get());
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

  ChartViewer viewer() {
    return viewer;
  }
}
