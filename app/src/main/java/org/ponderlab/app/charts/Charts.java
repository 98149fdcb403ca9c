package org.ponderlab.app.charts;

import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.File;
import java.io.IOException;
import java.util.function.Consumer;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.data.xy.XYSeries;

/** Helpers every chart builder shares: batched updates, integer step axes, PNG output. */
public final class Charts {
  private Charts() {}

  /**
   * Runs a batch of dataset changes with the chart's notification off, then notifies once: one
   * {@code ChartChangeEvent}, so a {@code ChartCanvas} redraws once (as mzmine's delayed drawing).
   */
  public static void batch(JFreeChart chart, Runnable changes) {
    boolean was = chart.isNotify();
    chart.setNotify(false);
    try {
      changes.run();
    } finally {
      chart.setNotify(was); // switching it back on sends the one change event
    }
  }

  /** Replaces a series' points with one change event. Skips points whose y is NaN. */
  public static void replace(XYSeries series, double[] x, double[] y) {
    series.setNotify(false);
    series.clear();
    for (int i = 0; i < x.length; i++) {
      if (!Double.isNaN(y[i])) {
        series.add(x[i], y[i], false);
      }
    }
    series.setNotify(true);
  }

  /** Fills a series through a consumer, with one change event. */
  public static void fill(XYSeries series, Consumer<XYSeries> adder) {
    series.setNotify(false);
    series.clear();
    adder.accept(series);
    series.setNotify(true);
  }

  /** Steps 1..n as x values. */
  public static double[] steps(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i + 1;
    }
    return x;
  }

  /** An axis over whole numbers lo..hi, with half a unit of margin each side. */
  public static NumberAxis integerAxis(String label, int lo, int hi) {
    NumberAxis a = new NumberAxis(label);
    a.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    a.setAutoRange(false);
    a.setRange(lo - 0.5, hi + 0.5);
    return a;
  }

  public static Shape circle(double size) {
    return new Ellipse2D.Double(-size / 2, -size / 2, size, size);
  }

  public static Shape square(double size) {
    return new Rectangle2D.Double(-size / 2, -size / 2, size, size);
  }

  /** Writes the chart as a PNG, with the same renderer as the window (works headless). */
  public static void savePng(JFreeChart chart, File file, int width, int height)
      throws IOException {
    ChartUtils.saveChartAsPNG(file, chart, width, height);
  }

  /**
   * Writes the chart as an SVG document of {@code width} × {@code height} (JFreeSVG): text stays
   * text, lines stay vectors, for papers and slides.
   */
  public static void saveSvg(JFreeChart chart, File file, int width, int height)
      throws IOException {
    org.jfree.svg.SVGGraphics2D g2 = new org.jfree.svg.SVGGraphics2D(width, height);
    chart.draw(g2, new java.awt.Rectangle(0, 0, width, height));
    org.jfree.svg.SVGUtils.writeToSVG(file, g2.getSVGElement());
  }
}
