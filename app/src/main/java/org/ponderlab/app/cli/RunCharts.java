package org.ponderlab.app.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.ponderlab.core.run.SavedRun;
import org.ponderlab.core.train.Snapshot;

/**
 * Static charts of saved runs for the command line's {@code plot} (PNG, headless): learning curves
 * of several runs overlaid, losses, the halting distribution against the prior, and accuracy and
 * steps by difficulty. Plain JFreeChart builders; the window has its own live charts.
 */
final class RunCharts {
  /** The charts {@code plot} can draw. */
  public enum Kind {
    CURVES,
    LOSSES,
    HALTING,
    DIFFICULTY,
    /** The halting distribution over the whole run, as a heat map (one run). */
    HALTING_HISTORY;

    /** The kind named on the command line ({@code halting-history}), or null. */
    public static Kind parse(String name) {
      for (Kind k : values()) {
        if (k.cliName().equals(name.trim().toLowerCase(java.util.Locale.ROOT))) {
          return k;
        }
      }
      return null;
    }

    public String cliName() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  private static final Color[] PALETTE = {
    new Color(0x1F77B4),
    new Color(0xD62728),
    new Color(0x2CA02C),
    new Color(0x9467BD),
    new Color(0xFF7F0E),
    new Color(0x8C564B),
    new Color(0xE377C2),
    new Color(0x17BECF)
  };

  private RunCharts() {}

  public static JFreeChart build(Kind kind, List<SavedRun> runs, List<String> labels) {
    return switch (kind) {
      case CURVES ->
          stacked(
              "Learning curves",
              runs,
              labels,
              new Panel("accuracy", s -> s.accuracy()),
              new Panel("mean steps", s -> s.meanSteps()));
      case LOSSES ->
          stacked(
              "Training losses",
              runs,
              labels,
              new Panel("L_rec", Snapshot::reconstructionLoss),
              new Panel("L_reg", Snapshot::regularisationLoss));
      case HALTING -> halting(runs, labels);
      case DIFFICULTY -> difficulty(runs, labels);
      case HALTING_HISTORY ->
          org.ponderlab.app.charts.HaltingHistoryChart.build(
              runs.get(0).snapshots(), org.ponderlab.app.charts.ChartStyle.LIGHT);
    };
  }

  private record Panel(String name, java.util.function.ToDoubleFunction<Snapshot> value) {}

  private static JFreeChart stacked(
      String title, List<SavedRun> runs, List<String> labels, Panel... panels) {
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("iteration"));
    plot.setGap(12);
    for (Panel panel : panels) {
      XYSeriesCollection data = new XYSeriesCollection();
      for (int i = 0; i < runs.size(); i++) {
        XYSeries series = new XYSeries(labels.get(i) + " " + panel.name(), false, true);
        for (Snapshot s : runs.get(i).snapshots()) {
          series.add(s.iteration(), panel.value().applyAsDouble(s));
        }
        data.addSeries(series);
      }
      NumberAxis axis = new NumberAxis(panel.name());
      axis.setAutoRangeIncludesZero(false);
      XYPlot sub = new XYPlot(data, null, axis, lines(runs.size(), true));
      style(sub);
      shadeUnseen(sub, runs.get(0).last(), panel.equals("accuracy"));
      plot.add(sub, 1);
    }
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /**
   * Fraction of validation inputs halting at each step (bars) and the prior (line), last snapshot.
   */
  private static JFreeChart halting(List<SavedRun> runs, List<String> labels) {
    XYSeriesCollection bars = new XYSeriesCollection();
    XYSeriesCollection priors = new XYSeriesCollection();
    for (int i = 0; i < runs.size(); i++) {
      Snapshot s = runs.get(i).last();
      XYSeries h = new XYSeries(labels.get(i) + " halting (iteration " + s.iteration() + ")");
      int total = java.util.Arrays.stream(s.haltingHistogram()).sum();
      for (int n = 1; n <= s.steps(); n++) {
        h.add(n, total == 0 ? 0 : (double) s.haltingHistogram()[n - 1] / total);
      }
      bars.addSeries(h);
      if (s.prior() != null) {
        XYSeries p = new XYSeries(labels.get(i) + " prior");
        for (int n = 1; n <= s.steps(); n++) {
          p.add(n, s.prior()[n - 1]);
        }
        priors.addSeries(p);
      }
    }
    NumberAxis x = new NumberAxis("halting step n");
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    XYBarRenderer barRenderer = new XYBarRenderer(0.15);
    barRenderer.setShadowVisible(false);
    barRenderer.setBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
    for (int i = 0; i < runs.size(); i++) {
      barRenderer.setSeriesPaint(i, translucent(PALETTE[i % PALETTE.length]));
    }
    XYPlot plot = new XYPlot(bars, x, new NumberAxis("fraction of inputs"), barRenderer);
    plot.setDataset(1, priors);
    XYLineAndShapeRenderer priorRenderer = lines(priors.getSeriesCount(), true);
    for (int i = 0; i < priors.getSeriesCount(); i++) {
      priorRenderer.setSeriesStroke(
          i,
          new BasicStroke(
              2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f));
    }
    plot.setRenderer(1, priorRenderer);
    plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.FORWARD);
    style(plot);
    JFreeChart chart =
        new JFreeChart("Halting distribution vs prior", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static JFreeChart difficulty(List<SavedRun> runs, List<String> labels) {
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new NumberAxis("difficulty"));
    plot.setGap(12);
    for (String panel : List.of("accuracy", "mean steps")) {
      XYSeriesCollection data = new XYSeriesCollection();
      for (int i = 0; i < runs.size(); i++) {
        Snapshot s = runs.get(i).last();
        double[] v =
            panel.equals("accuracy") ? s.accuracyByDifficulty() : s.meanStepsByDifficulty();
        XYSeries series = new XYSeries(labels.get(i) + " " + panel);
        for (int d = 0; d < v.length; d++) {
          if (!Double.isNaN(v[d])) {
            series.add(d, v[d]);
          }
        }
        data.addSeries(series);
      }
      NumberAxis axis = new NumberAxis(panel);
      axis.setAutoRangeIncludesZero(false);
      XYPlot sub = new XYPlot(data, null, axis, lines(runs.size(), true));
      style(sub);
      shadeUnseen(sub, runs.get(0).last(), panel.equals("accuracy"));
      plot.add(sub, 1);
    }
    JFreeChart chart =
        new JFreeChart("By difficulty (last snapshot)", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /**
   * The difficulties the (first) run never trained on, on a shaded band (parity extrapolation,
   * C-PVR hops).
   */
  private static void shadeUnseen(XYPlot plot, Snapshot s, boolean labelled) {
    org.ponderlab.core.train.DifficultyStats stats = s.difficultyStats();
    int last = s.accuracyByDifficulty().length - 1;
    if (!stats.hasSplit() || last <= stats.seenUpTo()) {
      return;
    }
    org.jfree.chart.plot.IntervalMarker band =
        new org.jfree.chart.plot.IntervalMarker(stats.seenUpTo() + 0.5, last + 0.5);
    band.setPaint(new Color(86, 180, 233, 40));
    if (labelled) {
      band.setLabel("not seen in training");
      band.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP);
      band.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_CENTER);
    }
    plot.addDomainMarker(band, org.jfree.chart.ui.Layer.BACKGROUND);
  }

  private static XYLineAndShapeRenderer lines(int series, boolean shapes) {
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, shapes);
    for (int i = 0; i < series; i++) {
      r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      r.setSeriesStroke(i, new BasicStroke(2f));
      r.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
    }
    return r;
  }

  private static void style(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xE0E0E0));
    plot.setRangeGridlinePaint(new Color(0xE0E0E0));
  }

  private static Color translucent(Color c) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), 150);
  }
}
