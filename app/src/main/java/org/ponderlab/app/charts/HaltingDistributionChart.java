package org.ponderlab.app.charts;

import java.awt.Color;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.ponderlab.core.train.Snapshot;

/**
 * The halting distribution: the fraction of validation inputs that halt at each step n under the
 * evaluation rule (bars), against the prior's probabilities g_n on the same axes (a line), with
 * both expected values written on the chart and marked as vertical lines.
 */
public final class HaltingDistributionChart {
  private final XYSeries model =
      new XYSeries("model: share of validation inputs halting at step n");
  private final XYSeries prior = new XYSeries("prior g_n");
  private final XYSeriesCollection barData = new XYSeriesCollection(model);
  private final XYSeriesCollection priorData = new XYSeriesCollection(prior);
  private final XYBarRenderer bars = new XYBarRenderer(0.0);
  private final XYLineAndShapeRenderer priorLine = new XYLineAndShapeRenderer(true, true);
  private final ValueMarker modelMean = new ValueMarker(Double.NaN);
  private final ValueMarker priorMean = new ValueMarker(Double.NaN);
  private final TextTitle summary = new TextTitle(" ");
  private final NumberAxis stepAxis = Charts.integerAxis("halting step n", 1, 20);
  private final XYPlot plot;
  private final JFreeChart chart;
  private ChartStyle style;
  private double modelExpected = Double.NaN;
  private double priorExpected = Double.NaN;

  public HaltingDistributionChart(ChartStyle style) {
    barData.setIntervalWidth(0.8);
    NumberAxis share = new NumberAxis("share of validation inputs  /  prior probability");
    share.setAutoRangeIncludesZero(true);
    share.setNumberFormatOverride(new java.text.DecimalFormat("0.00"));
    plot = new XYPlot(barData, stepAxis, share, bars);
    plot.setDataset(1, priorData);
    plot.setRenderer(1, priorLine);
    plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
    plot.setOrientation(PlotOrientation.VERTICAL);
    bars.setBarPainter(new StandardXYBarPainter());
    bars.setShadowVisible(false);
    bars.setDrawBarOutline(false);
    plot.addDomainMarker(modelMean, Layer.FOREGROUND);
    plot.addDomainMarker(priorMean, Layer.FOREGROUND);
    chart =
        new JFreeChart(
            "Where the model stops: halting steps vs the prior",
            JFreeChart.DEFAULT_TITLE_FONT,
            plot,
            true);
    chart.getLegend().setPosition(RectangleEdge.TOP);
    summary.setPosition(RectangleEdge.TOP);
    chart.addSubtitle(0, summary);
    setStyle(style);
  }

  public JFreeChart chart() {
    return chart;
  }

  public void setStyle(ChartStyle s) {
    this.style = s;
    Charts.batch(
        chart,
        () -> {
          s.apply(chart);
          bars.setSeriesPaint(0, Palette.faded(Palette.MODEL, 0.85));
          priorLine.setSeriesPaint(0, Palette.PRIOR);
          priorLine.setSeriesStroke(0, s.line());
          priorLine.setSeriesShape(0, Charts.circle(s.shapeSize() + 2));
          styleMarker(modelMean, Palette.MODEL);
          styleMarker(priorMean, Palette.PRIOR);
          ((LegendTitle) chart.getLegend()).setItemFont(s.legendFont());
        });
  }

  private void styleMarker(ValueMarker m, Color c) {
    m.setPaint(c);
    m.setStroke(style.dashed());
    m.setLabelFont(style.markerFont());
    m.setLabelPaint(c.equals(Palette.MODEL) && style.dark() ? Palette.SKY_BLUE : c);
    m.setLabelBackgroundColor(Palette.faded(style.plotBackground(), 0.85));
  }

  /**
   * Shows one snapshot's distribution.
   *
   * @param s the snapshot
   * @param settings what to say about the settings in force, e.g. "λ_p = 0.2, β = 0.01"
   */
  public void show(Snapshot s, String settings) {
    double[] fractions = ChartData.fractions(s.haltingHistogram());
    double[] g = s.prior();
    int n = fractions.length;
    modelExpected = ChartData.expectedStep(fractions);
    priorExpected = g == null ? Double.NaN : ChartData.expectedStep(g);
    Charts.batch(
        chart,
        () -> {
          stepAxis.setRange(0.5, n + 0.5);
          Charts.replace(model, Charts.steps(n), fractions);
          if (g == null) {
            prior.clear();
          } else {
            Charts.replace(prior, Charts.steps(g.length), g);
          }
          prior.setKey(g == null ? "no prior for this method" : "prior g_n (" + settings + ")");
          modelMean.setValue(modelExpected);
          modelMean.setLabel(String.format(Locale.ROOT, "model E[n] = %.2f", modelExpected));
          priorMean.setValue(priorExpected);
          priorMean.setLabel(
              g == null ? null : String.format(Locale.ROOT, "prior E[n] = %.2f", priorExpected));
          // put each label on the far side of its line, so the two never overlap
          boolean modelLeft = g != null && modelExpected < priorExpected;
          priorLine.setSeriesVisibleInLegend(0, g != null);
          place(modelMean, modelLeft, 0);
          place(priorMean, !modelLeft, 1);
          String expected =
              g == null
                  ? String.format(Locale.ROOT, "Expected halting step E[n] = %.2f", modelExpected)
                  : String.format(
                      Locale.ROOT,
                      "Expected halting step: model %.2f, prior %.2f",
                      modelExpected,
                      priorExpected);
          summary.setText(
              expected
                  + String.format(
                      Locale.ROOT,
                      "   ·   iteration %,d   ·   rule: %s   ·   accuracy %.1f%%",
                      s.iteration(),
                      s.rule(),
                      100 * s.accuracy()));
        });
  }

  private static void place(ValueMarker m, boolean left, int row) {
    m.setLabelAnchor(
        row == 0
            ? (left ? RectangleAnchor.TOP_LEFT : RectangleAnchor.TOP_RIGHT)
            : (left ? RectangleAnchor.LEFT : RectangleAnchor.RIGHT));
    m.setLabelTextAnchor(
        left
            ? (row == 0 ? TextAnchor.TOP_RIGHT : TextAnchor.CENTER_RIGHT)
            : (row == 0 ? TextAnchor.TOP_LEFT : TextAnchor.CENTER_LEFT));
  }

  /** Empties the chart (after a reset). */
  public void clear() {
    Charts.batch(
        chart,
        () -> {
          model.clear();
          prior.clear();
          modelMean.setValue(Double.NaN);
          modelMean.setLabel(null);
          priorMean.setValue(Double.NaN);
          priorMean.setLabel(null);
          summary.setText("No training yet: press Play or Step.");
          modelExpected = Double.NaN;
          priorExpected = Double.NaN;
        });
  }

  /** The bars as drawn (fractions per step). */
  public XYSeries modelSeries() {
    return model;
  }

  /** The prior as drawn. */
  public XYSeries priorSeries() {
    return prior;
  }

  public double modelExpected() {
    return modelExpected;
  }

  public double priorExpected() {
    return priorExpected;
  }
}
