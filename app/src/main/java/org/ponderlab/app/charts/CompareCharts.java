package org.ponderlab.app.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Stroke;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.ponderlab.core.train.Snapshot;

/**
 * Several runs on the same axes: their halting distributions at the last snapshot (one line per
 * run), and their accuracy and mean steps over training. A pinned baseline is drawn thicker and
 * dashed. Runs of the same setup over several seeds (the same {@link Run#seedGroup()}) add a band
 * to the accuracy and steps charts: the mean over the seeds as a line and ± one standard deviation
 * shaded around it ({@link SeedBand}). Built apart from any window, so the same charts render to
 * PNG headlessly.
 */
public final class CompareCharts {
  /**
   * One run as the charts draw it.
   *
   * @param label its name in the legend
   * @param colour its colour (Okabe–Ito by default)
   * @param baseline drawn thicker and dashed
   * @param snapshots its history, oldest first
   * @param seedGroup runs with the same non-null group (the same setup, another seed) are also
   *     drawn as one band, mean ± standard deviation, when there are at least two
   */
  public record Run(
      String label, Color colour, boolean baseline, List<Snapshot> snapshots, String seedGroup) {
    /** A run that belongs to no group of seeds. */
    public Run(String label, Color colour, boolean baseline, List<Snapshot> snapshots) {
      this(label, colour, baseline, snapshots, null);
    }
  }

  /** The default colours, in order (Okabe–Ito, black last). */
  public static final List<Color> COLOURS =
      List.of(
          Palette.BLUE,
          Palette.ORANGE,
          Palette.BLUISH_GREEN,
          Palette.VERMILLION,
          Palette.REDDISH_PURPLE,
          Palette.SKY_BLUE,
          Palette.YELLOW,
          Palette.BLACK);

  private final JFreeChart halting;
  private final JFreeChart accuracy;
  private final JFreeChart steps;
  private ChartStyle style;

  public CompareCharts(ChartStyle style) {
    halting =
        lineChart(
            "Halting distributions (last snapshot of each run)",
            "halting step n",
            "share of validation inputs",
            true);
    accuracy = lineChart("Accuracy during training", "iteration", "validation accuracy", false);
    steps = lineChart("Mean steps during training", "iteration", "mean halting step", false);
    ((NumberAxis) halting.getXYPlot().getDomainAxis())
        .setStandardTickUnits(NumberAxis.createIntegerTickUnits());
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
      String key =
          runs.stream().filter(o -> o.label().equals(run.label())).count() > 1
              ? run.label() + " #" + (++i)
              : run.label();
      if (run.baseline()) {
        key += " (baseline)";
      }
      XYSeries hs = new XYSeries(key, false, true);
      XYSeries as = new XYSeries(key, false, true);
      XYSeries ms = new XYSeries(key, false, true);
      Snapshot last =
          run.snapshots().isEmpty() ? null : run.snapshots().get(run.snapshots().size() - 1);
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
    // each chart changes its dataset, renderer and band in one batch: one draw per chart (the
    // accuracy and steps charts were drawn three times each, once per change)
    Charts.batch(halting, () -> fill(halting, h, runs));
    Charts.batch(accuracy, () -> Charts.batch(steps, () -> drawAll(a, m, runs)));
  }

  private void drawAll(XYSeriesCollection a, XYSeriesCollection m, List<Run> runs) {
    fill(accuracy, a, runs);
    fill(steps, m, runs);
    drawBands(runs);
  }

  /**
   * Dataset 1 of the accuracy and steps charts: one mean ± sd band per group of two or more seeds.
   */
  private void drawBands(List<Run> runs) {
    java.util.Map<String, List<Run>> groups = new java.util.LinkedHashMap<>();
    for (Run run : runs) {
      if (run.seedGroup() != null) {
        groups.computeIfAbsent(run.seedGroup(), g -> new java.util.ArrayList<>()).add(run);
      }
    }
    YIntervalSeriesCollection acc = new YIntervalSeriesCollection();
    YIntervalSeriesCollection stp = new YIntervalSeriesCollection();
    List<Color> colours = new java.util.ArrayList<>();
    for (List<Run> group : groups.values()) {
      if (group.size() < 2) {
        continue;
      }
      SeedBand band = SeedBand.of(group.stream().map(Run::snapshots).toList());
      String key = group.get(0).label() + ": mean ± sd over " + band.seeds() + " seeds";
      YIntervalSeries as = new YIntervalSeries(key, false, true);
      YIntervalSeries ms = new YIntervalSeries(key, false, true);
      for (int i = 0; i < band.iterations().length; i++) {
        double x = band.iterations()[i];
        as.add(
            x,
            band.accuracyMean()[i],
            band.accuracyMean()[i] - band.accuracySd()[i],
            band.accuracyMean()[i] + band.accuracySd()[i]);
        ms.add(
            x,
            band.stepsMean()[i],
            band.stepsMean()[i] - band.stepsSd()[i],
            band.stepsMean()[i] + band.stepsSd()[i]);
      }
      acc.addSeries(as);
      stp.addSeries(ms);
      colours.add(group.get(0).colour());
    }
    band(accuracy, acc, colours);
    band(steps, stp, colours);
  }

  private void band(JFreeChart chart, YIntervalSeriesCollection data, List<Color> colours) {
    XYPlot plot = chart.getXYPlot();
    if (data.getSeriesCount() == 0) {
      plot.setDataset(1, null);
      return;
    }
    DeviationRenderer r = new DeviationRenderer(true, false);
    r.setAlpha(0.25f);
    for (int i = 0; i < colours.size(); i++) {
      r.setSeriesPaint(i, colours.get(i), false);
      r.setSeriesFillPaint(i, colours.get(i), false);
      r.setSeriesStroke(
          i,
          new BasicStroke(3f * style.scale(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND),
          false);
    }
    plot.setRenderer(1, r);
    plot.setDataset(1, data);
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
        ? new BasicStroke(
            w * 2f,
            BasicStroke.CAP_BUTT,
            BasicStroke.JOIN_ROUND,
            1f,
            new float[] {10f * style.scale(), 6f * style.scale()},
            0f)
        : new BasicStroke(w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  }
}
