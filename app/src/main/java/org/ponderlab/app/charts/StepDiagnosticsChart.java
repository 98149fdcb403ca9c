package org.ponderlab.app.charts;

import java.text.DecimalFormat;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.ponderlab.core.train.Snapshot;

/**
 * Per-step diagnostics (what the public PonderNet code logs): mean p_n over the validation set
 * against the prior g_n, and the accuracy the model would have if every input halted at step n.
 */
public final class StepDiagnosticsChart {
  private final XYSeries meanP = new XYSeries("mean p_n over validation inputs");
  private final XYSeries prior = new XYSeries("prior g_n");
  private final XYSeries accuracy = new XYSeries("accuracy if every input halted at step n");
  private final XYSeriesCollection pData = new XYSeriesCollection(meanP);
  private final XYBarRenderer bars = new XYBarRenderer(0.0);
  private final XYLineAndShapeRenderer priorLine = new XYLineAndShapeRenderer(true, true);
  private final XYLineAndShapeRenderer accuracyLine = new XYLineAndShapeRenderer(true, true);
  private final NumberAxis stepAxis = Charts.integerAxis("ponder step n", 1, 20);
  private final ValueMarker overall = new ValueMarker(Double.NaN);
  private final JFreeChart chart;
  private ChartStyle style;

  public StepDiagnosticsChart(ChartStyle style) {
    pData.setIntervalWidth(0.8);
    NumberAxis pAxis = new NumberAxis("probability");
    pAxis.setNumberFormatOverride(new DecimalFormat("0.00"));
    XYPlot top = new XYPlot(pData, null, pAxis, bars);
    top.setDataset(1, new XYSeriesCollection(prior));
    top.setRenderer(1, priorLine);
    top.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
    bars.setBarPainter(new StandardXYBarPainter());
    bars.setShadowVisible(false);
    NumberAxis accAxis = new NumberAxis("validation accuracy");
    accAxis.setRange(0, 1.02);
    accAxis.setNumberFormatOverride(new DecimalFormat("0%"));
    XYPlot bottom = new XYPlot(new XYSeriesCollection(accuracy), null, accAxis, accuracyLine);
    bottom.addRangeMarker(overall, Layer.FOREGROUND);
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(stepAxis);
    plot.add(top, 1);
    plot.add(bottom, 1);
    plot.setGap(12);
    chart =
        new JFreeChart(
            "Per step: mean p_n vs prior, and accuracy if halted at n",
            JFreeChart.DEFAULT_TITLE_FONT,
            plot,
            true);
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
          bars.setSeriesPaint(0, Palette.faded(Palette.MODEL, 0.85));
          priorLine.setSeriesPaint(0, Palette.PRIOR);
          priorLine.setSeriesStroke(0, s.line());
          priorLine.setSeriesShape(0, Charts.circle(s.shapeSize()));
          accuracyLine.setSeriesPaint(0, Palette.ACCURACY);
          accuracyLine.setSeriesStroke(0, s.line());
          accuracyLine.setSeriesShape(0, Charts.square(s.shapeSize()));
          overall.setPaint(s.muted());
          overall.setStroke(s.dashed());
          overall.setLabelFont(s.markerFont());
          overall.setLabelPaint(s.foreground());
          overall.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
          overall.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
        });
  }

  public void show(Snapshot s) {
    int n = s.steps();
    Charts.batch(
        chart,
        () -> {
          stepAxis.setRange(0.5, n + 0.5);
          Charts.replace(meanP, Charts.steps(n), s.meanHaltingProbability());
          if (s.prior() == null) {
            prior.clear();
          } else {
            Charts.replace(prior, Charts.steps(s.prior().length), s.prior());
          }
          Charts.replace(accuracy, Charts.steps(n), s.accuracyAtStep());
          overall.setValue(s.accuracy());
          overall.setLabel(
              String.format(
                  Locale.ROOT, "accuracy with the %s rule: %.1f%%", s.rule(), 100 * s.accuracy()));
        });
  }

  public void clear() {
    Charts.batch(
        chart,
        () -> {
          meanP.clear();
          prior.clear();
          accuracy.clear();
          overall.setValue(Double.NaN);
          overall.setLabel(null);
        });
  }

  public XYSeries meanPSeries() {
    return meanP;
  }

  public XYSeries priorSeries() {
    return prior;
  }
}
