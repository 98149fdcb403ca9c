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
  private final XYSeriesCollection stepData = new XYSeriesCollection(steps);
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
    XYPlot top = new XYPlot(stepData, null, stepAxis, bars);
    bars.setBarPainter(new StandardXYBarPainter());
    bars.setShadowVisible(false);
    NumberAxis accAxis = new NumberAxis("validation accuracy");
    accAxis.setRange(0, 1.02);
    accAxis.setNumberFormatOverride(new DecimalFormat("0%"));
    XYPlot bottom = new XYPlot(new XYSeriesCollection(accuracy), null, accAxis, accuracyLine);
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
    Charts.batch(chart, () -> {
      s.apply(chart);
      bars.setSeriesPaint(0, Palette.faded(Palette.STEPS, 0.9));
      accuracyLine.setSeriesPaint(0, Palette.ACCURACY);
      accuracyLine.setSeriesStroke(0, s.line());
      accuracyLine.setSeriesShape(0, Charts.square(s.shapeSize()));
    });
  }

  /**
   * @param difficultyName what the difficulty counts ("non-zeros")
   */
  public void show(Snapshot s, String difficultyName) {
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
    Charts.batch(chart, () -> {
      chart.setTitle(none ? "Per difficulty: this task has no difficulty measure" : TITLE);
      chart.getTitle().setFont(style.titleFont());
      chart.getTitle().setPaint(style.foreground());
      if (none) {
        steps.clear();
        accuracy.clear();
        return;
      }
      difficultyAxis.setLabel("difficulty: " + difficultyName);
      difficultyAxis.setRange(first - 0.5, last + 0.5);
      Charts.replace(steps, x, meanSteps);
      Charts.replace(accuracy, x, acc);
    });
  }

  public void clear() {
    Charts.batch(chart, () -> {
      steps.clear();
      accuracy.clear();
    });
  }

  public XYSeries stepsSeries() {
    return steps;
  }
}
