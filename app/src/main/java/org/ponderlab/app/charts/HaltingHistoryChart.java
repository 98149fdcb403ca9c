package org.ponderlab.app.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.XYZDataset;
import org.ponderlab.core.train.Snapshot;

/**
 * The halting distribution over the whole run, as a heat map: x = training iteration, y = halting
 * step n, colour = share of validation inputs halting at n in the evaluation at that iteration
 * ({@link HaltingHistory}); a white line follows the mean halting step. What the replay slider
 * shows one snapshot at a time, at once. The same builder draws the window's chart and {@code
 * ./ponderlab plot --chart halting-history}.
 */
public final class HaltingHistoryChart {
  /** Columns drawn at most (evenly spaced snapshots). */
  public static final int MAX_COLUMNS = 400;

  private static final String HEAT = "share";
  private final ViridisScale scale = new ViridisScale(0.5);
  private final DefaultXYZDataset heat = new DefaultXYZDataset();
  private final XYSeries mean = new XYSeries("mean halting step", false, true);
  private final ColumnRenderer blocks = new ColumnRenderer();
  private final XYLineAndShapeRenderer meanLine = new XYLineAndShapeRenderer(true, false);
  private final NumberAxis iterationAxis = new NumberAxis("training iteration");
  private final NumberAxis stepAxis = Charts.integerAxis("halting step n", 1, 20);
  private final NumberAxis legendAxis = new NumberAxis("share of inputs halting at n");
  private final ValueMarker shown = new ValueMarker(Double.NaN);
  private final TextTitle note = new TextTitle(" ");
  private final XYPlot plot;
  private final JFreeChart chart;
  private HaltingHistory history = HaltingHistory.of(List.of(), MAX_COLUMNS);

  public HaltingHistoryChart(ChartStyle style) {
    heat.addSeries(HEAT, new double[3][0]);
    blocks.setPaintScale(scale);
    blocks.setDefaultSeriesVisibleInLegend(false);
    iterationAxis.setAutoRangeIncludesZero(true);
    iterationAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    plot = new XYPlot(heat, iterationAxis, stepAxis, blocks);
    plot.setDataset(1, new XYSeriesCollection(mean));
    plot.setRenderer(1, meanLine);
    plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
    plot.addDomainMarker(shown, Layer.FOREGROUND);
    legendAxis.setRange(0, 1);
    PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
    legend.setMargin(new RectangleInsets(8, 12, 8, 4));
    legend.setStripWidth(14);
    chart =
        new JFreeChart(
            "The halting distribution over the whole run",
            JFreeChart.DEFAULT_TITLE_FONT,
            plot,
            true);
    chart.getLegend().setPosition(RectangleEdge.TOP);
    chart.addSubtitle(legend);
    note.setPosition(RectangleEdge.TOP);
    chart.addSubtitle(0, note);
    setStyle(style);
    clear();
  }

  /** A finished chart of a run's snapshots, for a PNG (headless). */
  public static JFreeChart build(List<Snapshot> snapshots, ChartStyle style) {
    HaltingHistoryChart c = new HaltingHistoryChart(style);
    c.show(snapshots);
    return c.chart();
  }

  public JFreeChart chart() {
    return chart;
  }

  public void setStyle(ChartStyle s) {
    Charts.batch(
        chart,
        () -> {
          s.apply(chart);
          meanLine.setSeriesPaint(0, Color.WHITE);
          meanLine.setSeriesStroke(0, s.line());
          shown.setPaint(Palette.faded(Color.WHITE, 0.6));
          shown.setStroke(
              new BasicStroke(
                  s.presentation() ? 2.5f : 1.5f,
                  BasicStroke.CAP_BUTT,
                  BasicStroke.JOIN_MITER,
                  1f,
                  new float[] {4f, 3f},
                  0f));
        });
  }

  /** Shows the history of snapshots (oldest first). */
  public void show(List<Snapshot> snapshots) {
    HaltingHistory h = HaltingHistory.of(snapshots, MAX_COLUMNS);
    history = h;
    int n = h.steps();
    int columns = h.columns();
    double[][] xyz = new double[3][columns * n];
    for (int c = 0; c < columns; c++) {
      for (int k = 0; k < n; k++) {
        int i = c * n + k;
        xyz[0][i] = h.iterations()[c];
        xyz[1][i] = k + 1;
        xyz[2][i] = h.shares()[c][k];
      }
    }
    Charts.batch(
        chart,
        () -> {
          blocks.history = h;
          heat.addSeries(HEAT, xyz);
          Charts.fill(
              mean,
              ser -> {
                for (int c = 0; c < columns; c++) {
                  if (Double.isFinite(h.meanSteps()[c])) {
                    ser.add(h.iterations()[c], h.meanSteps()[c], false);
                  }
                }
              });
          if (columns > 0) {
            iterationAxis.setAutoRange(false);
            iterationAxis.setRange(
                h.starts()[0], Math.max(h.iterations()[columns - 1], h.starts()[0] + 1));
            stepAxis.setRange(0.5, n + 0.5);
            note.setText(
                String.format(
                    Locale.ROOT,
                    "%d evaluations up to iteration %,d%s   ·   colour: share of inputs halting at step n",
                    snapshots.size(),
                    h.iterations()[columns - 1],
                    columns < snapshots.size() ? " (" + columns + " drawn)" : ""));
          } else {
            iterationAxis.setAutoRange(false);
            iterationAxis.setRange(0, 1000);
            note.setText("No training yet: press Play or Step.");
          }
        });
  }

  /** Marks the iteration the replay slider shows (NaN: no mark). */
  public void markIteration(double iteration) {
    shown.setValue(iteration);
  }

  public void clear() {
    show(List.of());
  }

  /** The data drawn last. */
  public HaltingHistory history() {
    return history;
  }

  public XYPlot plot() {
    return plot;
  }

  /**
   * Draws each cell from its column's start to its snapshot's iteration (evaluations need not be
   * evenly spaced), grown by a quarter pixel so neighbours meet without seams.
   */
  private static final class ColumnRenderer extends XYBlockRenderer {
    HaltingHistory history;

    @Override
    public void drawItem(
        Graphics2D g2,
        XYItemRendererState state,
        Rectangle2D dataArea,
        PlotRenderingInfo info,
        XYPlot plot,
        ValueAxis domainAxis,
        ValueAxis rangeAxis,
        XYDataset dataset,
        int series,
        int item,
        CrosshairState crosshairState,
        int pass) {
      int steps = history.steps();
      int column = item / steps;
      double y = dataset.getYValue(series, item);
      double z = ((XYZDataset) dataset).getZValue(series, item);
      double x0 =
          domainAxis.valueToJava2D(history.starts()[column], dataArea, plot.getDomainAxisEdge());
      double x1 =
          domainAxis.valueToJava2D(
              history.iterations()[column], dataArea, plot.getDomainAxisEdge());
      double y0 = rangeAxis.valueToJava2D(y - 0.5, dataArea, plot.getRangeAxisEdge());
      double y1 = rangeAxis.valueToJava2D(y + 0.5, dataArea, plot.getRangeAxisEdge());
      g2.setPaint(getPaintScale().getPaint(z));
      g2.fill(
          new Rectangle2D.Double(
              Math.min(x0, x1) - 0.25,
              Math.min(y0, y1) - 0.25,
              Math.abs(x1 - x0) + 0.5,
              Math.abs(y1 - y0) + 0.5));
    }
  }
}
