package org.ponderlab.app.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;
import org.ponderlab.core.run.SweepGrid;
import org.ponderlab.core.run.SweepResult;

/**
 * Heat maps of a sweep: one value (accuracy, mean steps) per cell of a two-setting grid, each cell
 * coloured on a perceptual scale and labelled with its number, missing cells grey. A plain
 * JFreeChart, so the window can show the same chart and the command line saves it as PNG headless.
 */
final class SweepHeatMap {
  /** Colour for a cell without a value (not run yet, or no snapshot). */
  static final Color MISSING = new Color(0xDD, 0xDD, 0xDD);

  /**
   * One heat map's data.
   *
   * @param values {@code values[y][x]}, NaN for a missing cell
   * @param format how the cell labels print the value, e.g. {@code %.3f}
   */
  public record Grid(
      String title,
      String xName,
      List<String> xLabels,
      String yName,
      List<String> yLabels,
      String valueName,
      double[][] values,
      String format) {}

  private SweepHeatMap() {}

  /** The chart of a grid: x and y as categories, colour = value, the value printed in each cell. */
  public static JFreeChart build(Grid g) {
    int nx = g.xLabels().size();
    int ny = g.yLabels().size();
    double[] xs = new double[nx * ny];
    double[] ys = new double[nx * ny];
    double[] zs = new double[nx * ny];
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int y = 0; y < ny; y++) {
      for (int x = 0; x < nx; x++) {
        int i = y * nx + x;
        xs[i] = x;
        ys[i] = y;
        zs[i] = g.values()[y][x];
        if (!Double.isNaN(zs[i])) {
          lo = Math.min(lo, zs[i]);
          hi = Math.max(hi, zs[i]);
        }
      }
    }
    if (lo > hi) {
      lo = 0;
      hi = 1;
    } else if (lo == hi) {
      double pad = Math.max(Math.abs(lo) * 0.01, 1e-3);
      lo -= pad;
      hi += pad;
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries(g.valueName(), new double[][] {xs, ys, zs});
    Viridis scale = new Viridis(lo, hi);
    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setPaintScale(scale);
    renderer.setBlockWidth(1);
    renderer.setBlockHeight(1);
    renderer.setDefaultOutlinePaint(Color.WHITE);
    SymbolAxis xAxis = categories(g.xName(), g.xLabels());
    SymbolAxis yAxis = categories(g.yName(), g.yLabels());
    XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    plot.setOutlineStroke(new BasicStroke(0f));
    Font font = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    for (int i = 0; i < zs.length; i++) {
      String text = Double.isNaN(zs[i]) ? "–" : String.format(Locale.ROOT, g.format(), zs[i]);
      XYTextAnnotation label = new XYTextAnnotation(text, xs[i], ys[i]);
      label.setFont(font);
      label.setPaint(Double.isNaN(zs[i]) || scale.isDark(zs[i]) ? Color.WHITE : Color.BLACK);
      if (Double.isNaN(zs[i])) {
        label.setPaint(Color.GRAY);
      }
      plot.addAnnotation(label);
    }
    JFreeChart chart = new JFreeChart(g.title(), JFreeChart.DEFAULT_TITLE_FONT, plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    NumberAxis legendAxis = new NumberAxis(g.valueName());
    legendAxis.setRange(lo, hi);
    PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setMargin(new RectangleInsets(10, 10, 10, 10));
    legend.setStripWidth(14);
    legend.setAxisOffset(4);
    legend.setBackgroundPaint(Color.WHITE);
    chart.addSubtitle(legend);
    return chart;
  }

  private static SymbolAxis categories(String name, List<String> labels) {
    SymbolAxis axis = new SymbolAxis(name, labels.toArray(String[]::new));
    axis.setGridBandsVisible(false);
    axis.setRange(-0.5, labels.size() - 0.5);
    return axis;
  }

  /** Longest slice part of a heat map's file name ({@code heatmap-mean-steps_<slice>.png}). */
  static final int SLICE_NAME = 120;

  /** Writes the chart as a PNG atomically: a reader (or a crash) never sees half an image. */
  public static void savePng(JFreeChart chart, Path file, int width, int height)
      throws IOException {
    java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
    ChartUtils.writeChartAsPNG(png, chart, width, height);
    org.ponderlab.core.run.AtomicFiles.write(file, png.toByteArray());
  }

  /**
   * The heat maps of a sweep's results for one value ({@code accuracy} or {@code mean_steps}): x =
   * the first swept setting, y = the second (a single row when only one is swept), and one map per
   * combination of any further swept settings, keyed by a file-name suffix ("" when there is one).
   */
  public static Map<String, Grid> grids(SweepGrid grid, List<SweepResult> results, String value) {
    List<String> axes = grid.axisNames();
    String xName = axes.get(0);
    String yName = axes.size() > 1 ? axes.get(1) : "";
    List<String> xLabels = grid.axes().get(xName);
    List<String> yLabels = axes.size() > 1 ? grid.axes().get(yName) : List.of("");
    Map<String, double[][]> maps = new LinkedHashMap<>();
    Map<String, String> titles = new LinkedHashMap<>();
    String valueName = value.equals("accuracy") ? "accuracy" : "mean steps";
    for (SweepResult r : results) {
      List<String> rest = new ArrayList<>();
      Map<String, String> slice = new LinkedHashMap<>();
      for (String a : axes.subList(Math.min(2, axes.size()), axes.size())) {
        rest.add(a + "=" + r.cell().values().get(a));
        slice.put(a, r.cell().values().get(a));
      }
      // a file-name part, distinct for distinct slices and short enough for any file system
      String key = rest.isEmpty() ? "" : "_" + SweepGrid.fileSafeName("", slice, SLICE_NAME);
      double[][] v =
          maps.computeIfAbsent(
              key,
              k -> {
                double[][] fresh = new double[yLabels.size()][xLabels.size()];
                for (double[] row : fresh) {
                  java.util.Arrays.fill(row, Double.NaN);
                }
                return fresh;
              });
      titles.putIfAbsent(
          key,
          "Sweep: " + valueName + (rest.isEmpty() ? "" : " (" + String.join(", ", rest) + ")"));
      int x = xLabels.indexOf(r.cell().values().get(xName));
      int y = axes.size() > 1 ? yLabels.indexOf(r.cell().values().get(yName)) : 0;
      v[y][x] = value.equals("accuracy") ? r.accuracy() : r.meanSteps();
    }
    Map<String, Grid> result = new LinkedHashMap<>();
    maps.forEach(
        (key, v) ->
            result.put(
                key,
                new Grid(
                    titles.get(key),
                    xName,
                    xLabels,
                    yName,
                    yLabels,
                    valueName,
                    v,
                    value.equals("accuracy") ? "%.3f" : "%.2f")));
    return result;
  }

  /**
   * A perceptually uniform colour scale (matplotlib's viridis, by linear interpolation of 9 stops).
   */
  static final class Viridis implements PaintScale {
    private static final int[] STOPS = {
      0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21918C, 0x28AE80, 0x5EC962, 0xADDC30, 0xFDE725
    };
    private final double lower;
    private final double upper;

    Viridis(double lower, double upper) {
      this.lower = lower;
      this.upper = upper;
    }

    @Override
    public double getLowerBound() {
      return lower;
    }

    @Override
    public double getUpperBound() {
      return upper;
    }

    @Override
    public Paint getPaint(double value) {
      if (Double.isNaN(value)) {
        return MISSING;
      }
      double t = Math.max(0, Math.min(1, (value - lower) / (upper - lower))) * (STOPS.length - 1);
      int i = Math.min((int) t, STOPS.length - 2);
      double f = t - i;
      return new Color(
          mix(STOPS[i] >> 16, STOPS[i + 1] >> 16, f),
          mix(STOPS[i] >> 8, STOPS[i + 1] >> 8, f),
          mix(STOPS[i], STOPS[i + 1], f));
    }

    /** Whether white text reads better than black on this value's colour (the lower ~45%). */
    boolean isDark(double value) {
      return (value - lower) / (upper - lower) < 0.45;
    }

    private static int mix(int a, int b, double f) {
      return (int) Math.round((a & 0xFF) + ((b & 0xFF) - (a & 0xFF)) * f);
    }
  }
}
