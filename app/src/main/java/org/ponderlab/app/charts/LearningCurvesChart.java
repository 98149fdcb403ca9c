package org.ponderlab.app.charts;

import java.awt.Color;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.ponderlab.core.train.ConfigField;
import org.ponderlab.core.train.ConfigFields;
import org.ponderlab.core.train.SettingChange;
import org.ponderlab.core.train.Snapshot;

/**
 * Learning curves against the training iteration, three panels on one shared time axis: the losses
 * (reconstruction, regularisation, total), validation accuracy and mean halting steps. Each curve
 * is drawn smoothed (TensorBoard's debiased EMA) over its raw values kept faint; settings changed
 * mid-run are vertical markers on every panel.
 */
public final class LearningCurvesChart {
  /** Draw at most about this many points per series (smoothing still uses every value). */
  static final int MAX_DRAWN_POINTS = 2000;

  private final Curve[] curves = {
    new Curve("reconstruction L_rec", Palette.RECONSTRUCTION, 0),
    new Curve("regularisation L_reg (β·KL)", Palette.REGULARISATION, 0),
    new Curve("total loss", null, 0),
    new Curve("validation accuracy", Palette.ACCURACY, 1),
    new Curve("mean halting step", Palette.STEPS, 2),
  };
  private final XYPlot[] panels = new XYPlot[3];
  private final XYLineAndShapeRenderer[] renderers = new XYLineAndShapeRenderer[3];
  private final NumberAxis lossAxis = new NumberAxis("loss (nats)");
  private final LogAxis logLossAxis = new LogAxis("loss (nats, log)");
  private final NumberAxis iterationAxis = new NumberAxis("training iteration (batches)");
  private final CombinedDomainXYPlot plot = new CombinedDomainXYPlot(iterationAxis);
  private final TextTitle note = new TextTitle(" ");
  private final JFreeChart chart;
  private final List<ValueMarker> changeMarkers = new ArrayList<>();
  private ChartStyle style;
  private List<SettingChange> drawnChanges = List.of();
  private boolean log;
  private double[] iterations = new double[0];
  private double[][] raw = new double[5][0];
  private double[][] smoothed = new double[5][0];

  /**
   * One curve: its smoothed series (in the legend) and its raw series (faint, not in the legend).
   */
  private static final class Curve {
    final XYSeries smooth;
    final XYSeries raw;
    final Color colour;
    final int panel;

    Curve(String name, Color colour, int panel) {
      this.smooth = new XYSeries(name, false, true);
      this.raw = new XYSeries(name + " (raw)", false, true);
      this.colour = colour;
      this.panel = panel;
    }
  }

  public LearningCurvesChart(ChartStyle style) {
    NumberAxis accuracyAxis = new NumberAxis("accuracy");
    accuracyAxis.setRange(0, 1.02);
    accuracyAxis.setNumberFormatOverride(new DecimalFormat("0%"));
    NumberAxis stepsAxis = new NumberAxis("mean steps");
    stepsAxis.setAutoRangeIncludesZero(false);
    stepsAxis.setAutoRangeMinimumSize(1.0);
    ValueAxis[] axes = {lossAxis, accuracyAxis, stepsAxis};
    lossAxis.setAutoRangeIncludesZero(false);
    logLossAxis.setSmallestValue(1e-6);
    logLossAxis.setStandardTickUnits(
        NumberAxis.createIntegerTickUnits()); // ticks at whole powers of ten
    logLossAxis.setNumberFormatOverride(new DecimalFormat("0.#######"));
    iterationAxis.setNumberFormatOverride(new DecimalFormat("#,##0"));
    iterationAxis.setAutoRangeIncludesZero(true);
    int[] weights = {3, 2, 2};
    for (int p = 0; p < 3; p++) {
      XYSeriesCollection data = new XYSeriesCollection();
      renderers[p] = new XYLineAndShapeRenderer(true, false);
      renderers[p].setDrawSeriesLineAsPath(true);
      // raw series first, smoothed after: drawn in that order, so the smoothed lines lie on top
      for (Curve c : curves) {
        if (c.panel == p) {
          renderers[p].setSeriesVisibleInLegend(data.getSeriesCount(), false);
          data.addSeries(c.raw);
        }
      }
      for (Curve c : curves) {
        if (c.panel == p) {
          data.addSeries(c.smooth);
        }
      }
      panels[p] = new XYPlot(data, null, axes[p], renderers[p]);
      panels[p].setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
      panels[p].setDomainCrosshairLockedOnData(false);
      panels[p].setDomainCrosshairVisible(false);
      plot.add(panels[p], weights[p]);
    }
    plot.setGap(12);
    chart = new JFreeChart("Learning curves", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
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
          s.axis(logLossAxis);
          s.axis(lossAxis);
          for (int p = 0; p < 3; p++) {
            XYSeriesCollection data = (XYSeriesCollection) panels[p].getDataset();
            for (int i = 0; i < data.getSeriesCount(); i++) {
              Curve c = curveOf(data.getSeries(i));
              Color colour = c.colour == null ? s.ink() : c.colour;
              boolean isRaw = data.getSeries(i) == c.raw;
              renderers[p].setSeriesPaint(
                  i, isRaw ? Palette.faded(colour, s.dark() ? 0.35 : 0.28) : colour);
              renderers[p].setSeriesStroke(i, isRaw ? s.faintLine() : s.line());
            }
            panels[p].setDomainCrosshairStroke(s.faintLine());
          }
          rebuildMarkers(drawnChanges);
        });
  }

  private Curve curveOf(XYSeries series) {
    for (Curve c : curves) {
      if (c.smooth == series || c.raw == series) {
        return c;
      }
    }
    throw new IllegalStateException();
  }

  /**
   * Shows the history.
   *
   * @param history snapshots oldest first
   * @param smoothing debiased EMA weight in [0, 1)
   * @param logLosses log scale for the loss panel
   */
  public void show(List<Snapshot> history, double smoothing, boolean logLosses) {
    int n = history.size();
    iterations = new double[n];
    raw = new double[5][n];
    for (int i = 0; i < n; i++) {
      Snapshot s = history.get(i);
      iterations[i] = s.iteration();
      raw[0][i] = s.reconstructionLoss();
      raw[1][i] = s.regularisationLoss();
      raw[2][i] = s.totalLoss();
      raw[3][i] = s.accuracy();
      raw[4][i] = s.meanSteps();
    }
    smoothed = new double[5][];
    for (int c = 0; c < 5; c++) {
      smoothed[c] = ChartData.debiasedEma(raw[c], smoothing);
    }
    int stride = Math.max(1, (n + MAX_DRAWN_POINTS - 1) / MAX_DRAWN_POINTS);
    List<SettingChange> changes = n == 0 ? List.of() : history.get(n - 1).changes();
    Charts.batch(
        chart,
        () -> {
          setLog(logLosses);
          for (int c = 0; c < 5; c++) {
            boolean positiveOnly =
                logLosses && curves[c].panel == 0; // a log axis cannot show values <= 0
            fill(curves[c].raw, raw[c], stride, positiveOnly);
            fill(curves[c].smooth, smoothed[c], stride, positiveOnly);
          }
          if (!changes.isEmpty() || !drawnChanges.isEmpty()) {
            rebuildMarkers(
                changes); // also moves labels to the left of their line near the right edge
          }
          note.setText(
              n == 0
                  ? "No training yet: press Play or Step."
                  : String.format(
                      Locale.ROOT,
                      "losses: training batches, nats per example   ·   accuracy and steps: validation set   ·   bold: smoothed (debiased EMA, weight %.2f), faint: raw",
                      smoothing));
        });
  }

  private void fill(XYSeries series, double[] y, int stride, boolean positiveOnly) {
    Charts.fill(
        series,
        s -> {
          int n = y.length;
          for (int i = 0; i < n; i += stride) {
            add(s, i, y, positiveOnly);
          }
          if (n > 0 && (n - 1) % stride != 0) {
            add(s, n - 1, y, positiveOnly);
          }
        });
  }

  private void add(XYSeries s, int i, double[] y, boolean positiveOnly) {
    if (Double.isFinite(y[i]) && !(positiveOnly && y[i] <= 0)) {
      s.add(iterations[i], y[i], false);
    }
  }

  private void setLog(boolean on) {
    if (on) {
      double min = Double.POSITIVE_INFINITY;
      for (int c = 0; c < 3; c++) {
        for (double v : raw[c]) {
          if (v > 0 && v < min) {
            min = v;
          }
        }
      }
      logLossAxis.setSmallestValue(Double.isInfinite(min) ? 1e-6 : min / 2);
    }
    if (on != log) {
      log = on;
      panels[0].setRangeAxis(on ? logLossAxis : lossAxis);
    }
  }

  private void rebuildMarkers(List<SettingChange> changes) {
    for (ValueMarker m : changeMarkers) {
      for (XYPlot p : panels) {
        p.removeDomainMarker(m, Layer.FOREGROUND);
      }
    }
    changeMarkers.clear();
    for (SettingChange c : changes) {
      for (int p = 0; p < 3; p++) {
        ValueMarker m = new ValueMarker(c.iteration());
        m.setPaint(style.muted());
        m.setStroke(style.dashed());
        if (p == 0) {
          m.setLabel(label(c));
          m.setLabelFont(style.markerFont());
          m.setLabelPaint(style.foreground());
          m.setLabelBackgroundColor(Palette.faded(style.plotBackground(), 0.85));
          boolean leftOfLine = c.iteration() > 0.6 * lastIteration();
          m.setLabelAnchor(leftOfLine ? RectangleAnchor.TOP_LEFT : RectangleAnchor.TOP_RIGHT);
          m.setLabelTextAnchor(leftOfLine ? TextAnchor.TOP_RIGHT : TextAnchor.TOP_LEFT);
        }
        panels[p].addDomainMarker(m, Layer.FOREGROUND);
        changeMarkers.add(m);
      }
    }
    drawnChanges = List.copyOf(changes);
  }

  private double lastIteration() {
    return iterations.length == 0 ? 0 : iterations[iterations.length - 1];
  }

  /** "β 0.01 → 0.05" for a change marker. */
  public static String label(SettingChange c) {
    String symbol = ConfigFields.find(c.name()).map(ConfigField::symbol).orElse(c.name());
    return symbol + " " + c.from() + " → " + c.to();
  }

  /** The index of the snapshot nearest to an iteration, or −1 when there is none. */
  public int nearest(double iteration) {
    int best = -1;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int i = 0; i < iterations.length; i++) {
      double d = Math.abs(iterations[i] - iteration);
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    return best;
  }

  /** Moves the crosshair to snapshot {@code index} (−1 hides it). */
  public void crosshair(int index) {
    Charts.batch(
        chart,
        () -> {
          for (XYPlot p : panels) {
            p.setDomainCrosshairVisible(index >= 0);
            if (index >= 0) {
              p.setDomainCrosshairValue(iterations[index], false);
            }
          }
        });
  }

  /** The exact values at snapshot {@code index}, raw and smoothed, for the hover line. */
  public String describe(int index) {
    if (index < 0 || index >= iterations.length) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        "iteration %,d:  L_rec %.4f (smoothed %.4f)  ·  L_reg %.5f (%.5f)  ·  total %.4f (%.4f)  ·  accuracy %.2f%% (%.2f%%)  ·  mean steps %.2f (%.2f)",
        (long) iterations[index],
        raw[0][index],
        smoothed[0][index],
        raw[1][index],
        smoothed[1][index],
        raw[2][index],
        smoothed[2][index],
        100 * raw[3][index],
        100 * smoothed[3][index],
        raw[4][index],
        smoothed[4][index]);
  }

  /** Raw and smoothed total-loss series as drawn (for tests). */
  public XYSeries totalLossSeries(boolean smoothedSeries) {
    return smoothedSeries ? curves[2].smooth : curves[2].raw;
  }

  public XYSeries series(int curve, boolean smoothedSeries) {
    return smoothedSeries ? curves[curve].smooth : curves[curve].raw;
  }

  /** The change markers on every panel. */
  public int markerCount() {
    return changeMarkers.size();
  }

  public boolean isLog() {
    return log;
  }

  public CombinedDomainXYPlot plot() {
    return plot;
  }

  public XYPlot panel(int index) {
    return panels[index];
  }
}
