package org.ponderlab.app.charts;

import java.text.DecimalFormat;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.ponderlab.core.train.Snapshot;

/**
 * Do harder inputs think longer? Mean halting step and accuracy per difficulty value (number of
 * non-zeros for parity, hops for C-PVR) on the validation set.
 */
public final class DifficultyChart {
  private final XYSeries steps = new XYSeries("mean halting step");
  private final XYSeries accuracy = new XYSeries("validation accuracy");

  /** C-PVR: the mean depth at hop counts the model never saw in training (drawn apart). */
  private final XYSeries unseenSteps = new XYSeries("mean depth, unseen hops");

  private final XYSeriesCollection stepData = new XYSeriesCollection(steps);

  /**
   * The spread of the per-input steps per difficulty: first to third quartile, the median marked.
   */
  private final org.jfree.data.xy.YIntervalSeries spread =
      new org.jfree.data.xy.YIntervalSeries("inputs' steps: quartiles, median");

  private final org.jfree.chart.renderer.xy.YIntervalRenderer spreadRenderer =
      new org.jfree.chart.renderer.xy.YIntervalRenderer();
  private final org.jfree.chart.plot.IntervalMarker unseenTop = unseenMarker(true);
  private final org.jfree.chart.plot.IntervalMarker unseenBottom = unseenMarker(false);
  private XYPlot topPlot;
  private XYPlot bottomPlot;
  private final XYBarRenderer bars = new XYBarRenderer(0.0);
  private final XYLineAndShapeRenderer accuracyLine = new XYLineAndShapeRenderer(true, true);
  private final NumberAxis difficultyAxis = Charts.integerAxis("difficulty", 1, 8);
  private static final String TITLE = "Per difficulty: do harder inputs think longer?";
  private final JFreeChart chart;
  private ChartStyle style;

  public DifficultyChart(ChartStyle style) {
    stepData.setIntervalWidth(0.7);
    NumberAxis stepAxis = new NumberAxis("mean halting step");
    stepAxis.setAutoRangeIncludesZero(true);
    stepData.addSeries(unseenSteps);
    XYPlot top = new XYPlot(stepData, null, stepAxis, bars);
    top.setDataset(1, new org.jfree.data.xy.YIntervalSeriesCollection());
    ((org.jfree.data.xy.YIntervalSeriesCollection) top.getDataset(1)).addSeries(spread);
    top.setRenderer(1, spreadRenderer);
    top.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.FORWARD);
    topPlot = top;
    bars.setBarPainter(new StandardXYBarPainter());
    bars.setShadowVisible(false);
    NumberAxis accAxis = new NumberAxis("validation accuracy");
    accAxis.setRange(0, 1.02);
    accAxis.setNumberFormatOverride(new DecimalFormat("0%"));
    XYPlot bottom = new XYPlot(new XYSeriesCollection(accuracy), null, accAxis, accuracyLine);
    bottomPlot = bottom;
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(difficultyAxis);
    plot.add(top, 1);
    plot.add(bottom, 1);
    plot.setGap(12);
    chart = new JFreeChart(TITLE, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.getLegend().setPosition(RectangleEdge.TOP);
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
          bars.setSeriesPaint(0, Palette.faded(Palette.STEPS, 0.9));
          bars.setSeriesPaint(1, Palette.faded(Palette.SKY_BLUE, 0.9));
          unseenTop.setPaint(Palette.faded(Palette.SKY_BLUE, s.dark() ? 0.18 : 0.12));
          unseenBottom.setPaint(Palette.faded(Palette.SKY_BLUE, s.dark() ? 0.18 : 0.12));
          unseenTop.setLabelPaint(s.foreground());
          unseenTop.setLabelFont(s.markerFont());
          spreadRenderer.setSeriesPaint(0, s.foreground());
          spreadRenderer.setSeriesStroke(0, new java.awt.BasicStroke(1.5f));
          spreadRenderer.setSeriesShape(0, new java.awt.geom.Rectangle2D.Double(-4, -1, 8, 2));
          accuracyLine.setSeriesPaint(0, Palette.ACCURACY);
          accuracyLine.setSeriesStroke(0, s.line());
          accuracyLine.setSeriesShape(0, Charts.square(s.shapeSize()));
        });
  }

  /**
   * Shows a snapshot; the difficulties training never saw (the snapshot's {@link
   * org.ponderlab.core.train.DifficultyStats#seenUpTo()}: parity's extrapolation split, C-PVR's
   * hops past train-hops) are drawn in another colour on a shaded band.
   *
   * @param difficultyName what the difficulty counts ("non-zeros"; "hops" for C-PVR)
   */
  public void show(Snapshot s, String difficultyName) {
    show(s, difficultyName, s.difficultyStats().hasSplit() ? s.difficultyStats().seenUpTo() : 0);
  }

  private static org.jfree.chart.plot.IntervalMarker unseenMarker(boolean labelled) {
    org.jfree.chart.plot.IntervalMarker m = new org.jfree.chart.plot.IntervalMarker(0, 0);
    if (labelled) {
      m.setLabel("not seen in training");
      m.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP);
      m.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_CENTER);
    }
    return m;
  }

  /**
   * @param difficultyName what the difficulty counts ("non-zeros"; "hops" for C-PVR)
   * @param trainedUpTo the largest difficulty in training (C-PVR: train-hops; parity's
   *     extrapolation split: D/2); higher ones are out of distribution, drawn in another colour on
   *     a shaded band. 0: no such split
   */
  public void show(Snapshot s, String difficultyName, int trainedUpTo) {
    double[] meanSteps = s.meanStepsByDifficulty();
    double[] acc = s.accuracyByDifficulty();
    double[] x = new double[meanSteps.length];
    int lo = Integer.MAX_VALUE;
    int hi = Integer.MIN_VALUE;
    for (int d = 0; d < x.length; d++) {
      x[d] = d;
      if (!Double.isNaN(meanSteps[d])) {
        lo = Math.min(lo, d);
        hi = Math.max(hi, d);
      }
    }
    int first = lo == Integer.MAX_VALUE ? 0 : lo;
    int last = hi == Integer.MIN_VALUE ? 1 : hi;
    boolean none = "none".equals(difficultyName);
    boolean hops = trainedUpTo > 0;
    double[] seen = meanSteps.clone();
    double[] unseen = new double[meanSteps.length];
    java.util.Arrays.fill(unseen, Double.NaN);
    if (hops) {
      for (int d = trainedUpTo + 1; d < seen.length; d++) {
        unseen[d] = seen[d];
        seen[d] = Double.NaN;
      }
    }
    Charts.batch(
        chart,
        () -> {
          chart.setTitle(
              none
                  ? "Per difficulty: this task has no difficulty measure"
                  : hops && "hops".equals(difficultyName)
                      ? "Per hop count: accuracy and mean depth (hops "
                          + first
                          + "–"
                          + trainedUpTo
                          + " trained, higher ones unseen)"
                      : hops
                          ? "Per difficulty: "
                              + difficultyName
                              + " "
                              + first
                              + "–"
                              + trainedUpTo
                              + " trained, higher ones unseen"
                          : TITLE);
          chart.getTitle().setFont(style.titleFont());
          chart.getTitle().setPaint(style.foreground());
          if (none) {
            steps.clear();
            accuracy.clear();
            spread.clear();
            return;
          }
          difficultyAxis.setLabel("difficulty: " + difficultyName);
          difficultyAxis.setRange(first - 0.5, last + 0.5);
          boolean hopNames = "hops".equals(difficultyName);
          steps.setKey(
              hops
                  ? (hopNames ? "mean depth, trained hops (" : "mean halting step, seen (")
                      + first
                      + "–"
                      + trainedUpTo
                      + ")"
                  : "mean halting step");
          unseenSteps.setKey(hopNames ? "mean depth, unseen hops" : "mean halting step, unseen");
          Charts.replace(steps, x, hops ? seen : meanSteps);
          Charts.replace(unseenSteps, x, unseen);
          bars.setSeriesVisibleInLegend(1, hops, false);
          topPlot.removeDomainMarker(0, unseenTop, org.jfree.chart.ui.Layer.BACKGROUND, false);
          bottomPlot.removeDomainMarker(
              0, unseenBottom, org.jfree.chart.ui.Layer.BACKGROUND, false);
          if (hops && last > trainedUpTo) {
            unseenTop.setStartValue(trainedUpTo + 0.5);
            unseenTop.setEndValue(last + 0.5);
            unseenBottom.setStartValue(trainedUpTo + 0.5);
            unseenBottom.setEndValue(last + 0.5);
            topPlot.addDomainMarker(unseenTop, org.jfree.chart.ui.Layer.BACKGROUND);
            bottomPlot.addDomainMarker(unseenBottom, org.jfree.chart.ui.Layer.BACKGROUND);
          }
          Charts.replace(accuracy, x, acc);
          spread.clear();
          org.ponderlab.core.train.DifficultyStats stats = s.difficultyStats();
          for (int d = 0; d < stats.count().length; d++) {
            if (stats.count()[d] > 0 && !Double.isNaN(stats.stepsQ1()[d])) {
              spread.add(d, stats.stepsMedian()[d], stats.stepsQ1()[d], stats.stepsQ3()[d]);
            }
          }
        });
  }

  public void clear() {
    Charts.batch(
        chart,
        () -> {
          steps.clear();
          unseenSteps.clear();
          accuracy.clear();
          spread.clear();
        });
  }

  public XYSeries stepsSeries() {
    return steps;
  }
}
