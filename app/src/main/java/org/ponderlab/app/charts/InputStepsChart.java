package org.ponderlab.app.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * One input, step by step: p_n (bars), λ_n, the cumulative halting probability and the confidence
 * of ŷ_n (lines) for n = 1 … shown, and a labelled line at the step where each rule stops. The
 * animation reveals one step more at each tick ({@link #show(Steps, int)}); the stops appear once
 * the animation reaches them.
 */
public final class InputStepsChart {
  /**
   * The numbers the chart draws (plain arrays; index n−1).
   *
   * @param stops rule name → halting step, the method's own rule first
   */
  public record Steps(
      double[] lambda,
      double[] p,
      double[] cumulative,
      double[] confidence,
      Map<String, Integer> stops) {
    public int steps() {
      return p.length;
    }
  }

  private final XYSeries p = new XYSeries("p_n: halting at n");
  private final XYSeries lambda = new XYSeries("λ_n: halting at n if not halted before");
  private final XYSeries cumulative = new XYSeries("Σ p_j, j ≤ n");
  private final XYSeries confidence = new XYSeries("confidence of ŷ_n");
  private final XYBarRenderer bars = new XYBarRenderer(0.0);
  private final XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
  private final NumberAxis stepAxis = Charts.integerAxis("step n", 1, 20);
  private final IntervalMarker current = new IntervalMarker(0.5, 1.5);
  private final Map<String, ValueMarker> stopMarkers = new LinkedHashMap<>();
  private final TextTitle note = new TextTitle(" ");
  private final XYPlot plot;
  private final JFreeChart chart;
  private ChartStyle style;

  public InputStepsChart(ChartStyle style) {
    XYSeriesCollection barData = new XYSeriesCollection(p);
    barData.setIntervalWidth(0.7);
    XYSeriesCollection lineData = new XYSeriesCollection();
    lineData.addSeries(lambda);
    lineData.addSeries(cumulative);
    lineData.addSeries(confidence);
    NumberAxis probability = new NumberAxis("probability");
    probability.setRange(0, 1.05);
    plot = new XYPlot(barData, stepAxis, probability, bars);
    plot.setDataset(1, lineData);
    plot.setRenderer(1, lines);
    plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
    bars.setBarPainter(new StandardXYBarPainter());
    bars.setShadowVisible(false);
    bars.setDrawBarOutline(false);
    plot.addDomainMarker(current, Layer.BACKGROUND);
    chart = new JFreeChart("One input, step by step", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.getLegend().setPosition(RectangleEdge.TOP);
    note.setPosition(RectangleEdge.TOP);
    chart.addSubtitle(0, note);
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
          bars.setSeriesPaint(0, Palette.faded(Palette.MODEL, 0.8));
          Color[] colours = {Palette.PRIOR, new Color(0x009E73), new Color(0xCC79A7)};
          for (int i = 0; i < 3; i++) {
            lines.setSeriesPaint(i, colours[i]);
            lines.setSeriesStroke(i, s.line());
            lines.setSeriesShape(i, Charts.circle(s.shapeSize()));
          }
          current.setPaint(Palette.faded(new Color(0xE69F00), 0.75));
          for (ValueMarker m : stopMarkers.values()) {
            styleStop(m);
          }
        });
  }

  private void styleStop(ValueMarker m) {
    m.setPaint(style.foreground());
    m.setStroke(
        new BasicStroke(
            style.presentation() ? 2.5f : 1.5f,
            BasicStroke.CAP_BUTT,
            BasicStroke.JOIN_MITER,
            1f,
            new float[] {5f, 3f},
            0f));
    m.setLabelFont(style.markerFont());
    m.setLabelPaint(style.foreground());
    m.setLabelBackgroundColor(Palette.faded(style.plotBackground(), 0.85));
    m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
  }

  /**
   * Shows steps 1 … {@code upTo} of an input (the rest empty) and the stops reached so far.
   *
   * @param title what the input is, e.g. "parity input +1 0 −1 …, label 1"
   */
  public void show(Steps s, int upTo, String title) {
    int n = s.steps();
    int shown = Math.max(0, Math.min(upTo, n));
    Charts.batch(
        chart,
        () -> {
          stepAxis.setRange(0.5, n + 0.5);
          fill(p, s.p(), shown);
          fill(lambda, s.lambda(), shown);
          fill(cumulative, s.cumulative(), shown);
          fill(confidence, s.confidence(), shown);
          current.setStartValue(shown - 0.5);
          current.setEndValue(shown + 0.5);
          for (ValueMarker m : stopMarkers.values()) {
            plot.removeDomainMarker(m, Layer.FOREGROUND);
          }
          stopMarkers.clear();
          // rules stopping at the same step share one line, labelled with all their names
          Map<Integer, String> byStep = new java.util.TreeMap<>();
          s.stops()
              .forEach(
                  (rule, step) -> {
                    if (step <= shown) {
                      byStep.merge(step, rule, (a, b) -> a + ", " + b);
                    }
                  });
          int k = 0;
          for (Map.Entry<Integer, String> e : byStep.entrySet()) {
            ValueMarker m = new ValueMarker(e.getKey());
            m.setLabel(e.getValue() + " stops");
            styleStop(m);
            // each label one line lower than the one before, so neighbouring stops stay readable
            m.setLabelOffset(new org.jfree.chart.ui.RectangleInsets(4 + 18 * k++, 4, 4, 4));
            plot.addDomainMarker(m, Layer.FOREGROUND);
            stopMarkers.put(e.getValue(), m);
          }
          note.setText(title + String.format(Locale.ROOT, "   ·   step %d of %d", shown, n));
        });
  }

  private static void fill(XYSeries series, double[] values, int upTo) {
    Charts.fill(
        series,
        ser -> {
          for (int i = 0; i < upTo; i++) {
            ser.add(i + 1, values[i], false);
          }
        });
  }

  /** The stop lines drawn, by their label's rule names. */
  public List<String> stopLabels() {
    return List.copyOf(stopMarkers.keySet());
  }

  public XYSeries pSeries() {
    return p;
  }
}
