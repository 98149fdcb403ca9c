package org.ponderlab.app.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Stroke;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.ponderlab.core.train.Snapshot;

/**
 * Several runs on the same axes: their halting distributions at the last snapshot (one line per
 * run), and their accuracy and mean steps over training. A pinned baseline is drawn thicker and
 * dashed. Built apart from any window, so the same charts render to PNG headlessly.
 */
public final class CompareCharts {
  /**
   * One run as the charts draw it.
   *
   * @param label     its name in the legend
   * @param colour    its colour (Okabe–Ito by default)
   * @param baseline  drawn thicker and dashed
   * @param snapshots its history, oldest first
   */
  public record Run(String label, Color colour, boolean baseline, List<Snapshot> snapshots) {}

  /** The default colours, in order (Okabe–Ito, black last). */
  public static final List<Color> COLOURS = List.of(Palette.BLUE, Palette.ORANGE, Palette.BLUISH_GREEN,
      Palette.VERMILLION, Palette.REDDISH_PURPLE, Palette.SKY_BLUE, Palette.YELLOW, Palette.BLACK);

  private final JFreeChart halting;
  private final JFreeChart accuracy;
  private final JFreeChart steps;
  private ChartStyle style;

  public CompareCharts(ChartStyle style) {
    halting = lineChart("Halting distributions (last snapshot of each run)", "halting step n",
        "share of validation inputs", true);
    accuracy = lineChart("Accuracy during training", "iteration", "validation accuracy", false);
    steps = lineChart("Mean steps during training", "iteration", "mean halting step", false);
    ((NumberAxis) halting.getXYPlot().getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    setStyle(style);
  }

  private static JFreeChart lineChart(String title, String x, String y, boolean shapes) {
    NumberAxis xAxis = new NumberAxis(x);
    xAxis.setAutoRangeIncludesZero(false);
    NumberAxis yAxis = new NumberAxis(y);
    yAxis.setAutoRangeIncludesZero(true);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, shapes);
    XYPlot plot = new XYPlot(new XYSeriesCollection(), xAxis, yAxis, r);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.getLegend().setPosition(RectangleEdge.TOP);
    return chart;
  }

  public List<JFreeChart> charts() {
    return List.of(halting, accuracy, steps);
  }

  public JFreeChart haltingChart() {
    return halting;
  }

  public JFreeChart accuracyChart() {
    return accuracy;
  }

  public JFreeChart stepsChart() {
    return steps;
  }

  public void setStyle(ChartStyle s) {
    this.style = s;
    for (JFreeChart c : charts()) {
      s.apply(c);
    }
  }

  /** Draws these runs (the shown ones only), replacing what was drawn. */
  public void show(List<Run> runs) {
    XYSeriesCollection h = new XYSeriesCollection();
    XYSeriesCollection a = new XYSeriesCollection();
    XYSeriesCollection m = new XYSeriesCollection();
    int i = 0;
    for (Run run : runs) {
      // series keys must differ even when two runs share a label
      String key = runs.stream().filter(o -> o.label().equals(run.label())).count() > 1 ? run.label() + " #" + (++i) : run.label();
      if (run.baseline()) {
        key += " (baseline)";
      }
      XYSeries hs = new XYSeries(key, false, true);
      XYSeries as = new XYSeries(key, false, true);
      XYSeries ms = new XYSeries(key, false, true);
      Snapshot last = run.snapshots().isEmpty() ? null : run.snapshots().get(run.snapshots().size() - 1);
      if (last != null) {
        int[] counts = last.haltingHistogram();
        double total = 0;
        for (int c : counts) {
          total += c;
        }
        for (int n = 0; n < counts.length; n++) {
          hs.add(n + 1, total == 0 ? 0 : counts[n] / total, false);
        }
      }
      for (Snapshot s : run.snapshots()) {
        as.add(s.iteration(), s.accuracy(), false);
        ms.add(s.iteration(), s.meanSteps(), false);
      }
      h.addSeries(hs);
      a.addSeries(as);
      m.addSeries(ms);
    }
    fill(halting, h, runs);
    fill(accuracy, a, runs);
    fill(steps, m, runs);
  }

  private void fill(JFreeChart chart, XYSeriesCollection data, List<Run> runs) {
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer();
    r.setAutoPopulateSeriesPaint(false);
    r.setAutoPopulateSeriesStroke(false);
    for (int i = 0; i < runs.size(); i++) {
      Run run = runs.get(i);
      r.setSeriesPaint(i, run.colour(), false);
      r.setSeriesStroke(i, stroke(run.baseline()), false);
      r.setSeriesShape(i, Charts.circle(style.shapeSize()), false);
    }
    plot.setDataset(data);
  }

  private Stroke stroke(boolean baseline) {
    float w = 2f * style.scale();
    return baseline
        ? new BasicStroke(w * 2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {10f * style.scale(), 6f * style.scale()}, 0f)
        : new BasicStroke(w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  }
}
