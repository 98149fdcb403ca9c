package org.ponderlab.app.charts.mnist;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.labels.CategoryItemLabelGenerator;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;
import org.ponderlab.core.train.Snapshot;

/**
 * Mean halting step per digit class (a snapshot's {@code meanStepsByDifficulty}, MNIST's difficulty
 * being the digit), one bar per class coloured in the {@link StepColors} scale of the ponder map,
 * the class's accuracy written over its bar, the overall mean as a dashed line. A plain JFreeChart
 * builder: {@link #writePng} renders it headlessly, {@link #node} puts it in the window (with a
 * tooltip per bar).
 */
public final class ClassStepsChart {
  /** The series name of the bars. */
  static final String SERIES = "mean halting step";

  private ClassStepsChart() {}

  public static JFreeChart create(Snapshot s) {
    org.ponderlab.core.train.DifficultyStats d = s.difficultyStats();
    return create(
        s.meanStepsByDifficulty(),
        s.accuracyByDifficulty(),
        s.steps(),
        s.meanSteps(),
        String.format(
            Locale.ROOT,
            "iteration %d, rule %s: accuracy %.1f%%, mean steps %.2f of %d",
            s.iteration(),
            s.rule(),
            100 * s.accuracy(),
            s.meanSteps(),
            s.steps()),
        d == null ? null : d.stepsQ1(),
        d == null ? null : d.stepsQ3());
  }

  /** The chart without the spread (a run saved before quartiles were recorded). */
  public static JFreeChart create(
      double[] meanSteps, double[] accuracy, int maxSteps, double overallSteps, String subtitle) {
    return create(meanSteps, accuracy, maxSteps, overallSteps, subtitle, null, null);
  }

  /**
   * @param meanSteps mean halting step per class (index = digit; NaN = no example)
   * @param accuracy accuracy per class (same indexing)
   * @param maxSteps N, the end of the colour scale
   * @param overallSteps the mean over all examples (drawn as a line; NaN for none)
   * @param subtitle the second title line
   * @param q1 first quartile of the per-digit steps, or null (drawn as a whisker from Q1 to Q3 over
   *     each bar, so "flat with wide noise" looks like that)
   * @param q3 third quartile, or null
   */
  public static JFreeChart create(
      double[] meanSteps,
      double[] accuracy,
      int maxSteps,
      double overallSteps,
      String subtitle,
      double[] q1,
      double[] q3) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    double highest = 1;
    for (int d = 0; d < meanSteps.length; d++) {
      Double v = Double.isNaN(meanSteps[d]) ? null : meanSteps[d];
      data.addValue(v, SERIES, Integer.toString(d));
      if (v != null) {
        highest = Math.max(highest, v);
      }
      if (q3 != null && d < q3.length && !Double.isNaN(q3[d])) {
        highest = Math.max(highest, q3[d]);
      }
    }
    CategoryAxis classes = new CategoryAxis("digit");
    classes.setCategoryMargin(0.25);
    NumberAxis steps = new NumberAxis("mean halting step");
    steps.setRange(0, highest * 1.18);
    BarRenderer bars =
        new BarRenderer() {
          @Override
          public Paint getItemPaint(int row, int column) {
            double v = meanSteps[column];
            return Double.isNaN(v) ? Color.LIGHT_GRAY : StepColors.of(v, maxSteps);
          }

          @Override
          public void drawItem(
              java.awt.Graphics2D g2,
              org.jfree.chart.renderer.category.CategoryItemRendererState state,
              java.awt.geom.Rectangle2D dataArea,
              CategoryPlot plot,
              CategoryAxis domainAxis,
              org.jfree.chart.axis.ValueAxis rangeAxis,
              CategoryDataset dataset,
              int row,
              int column,
              int pass) {
            super.drawItem(
                g2, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass);
            if (pass != 0
                || q1 == null
                || q3 == null
                || column >= q1.length
                || Double.isNaN(q1[column])
                || Double.isNaN(q3[column])) {
              return;
            }
            double x =
                domainAxis.getCategoryMiddle(
                    column, dataset.getColumnCount(), dataArea, plot.getDomainAxisEdge());
            double y1 = rangeAxis.valueToJava2D(q1[column], dataArea, plot.getRangeAxisEdge());
            double y3 = rangeAxis.valueToJava2D(q3[column], dataArea, plot.getRangeAxisEdge());
            double cap = Math.max(3, state.getBarWidth() / 4);
            g2.setPaint(Color.BLACK);
            g2.setStroke(new BasicStroke(1.6f));
            g2.draw(new java.awt.geom.Line2D.Double(x, y1, x, y3));
            g2.draw(new java.awt.geom.Line2D.Double(x - cap, y1, x + cap, y1));
            g2.draw(new java.awt.geom.Line2D.Double(x - cap, y3, x + cap, y3));
          }
        };
    bars.setBarPainter(new StandardBarPainter());
    bars.setShadowVisible(false);
    bars.setDrawBarOutline(true);
    bars.setDefaultOutlinePaint(Color.DARK_GRAY);
    bars.setDefaultItemLabelGenerator(accuracyLabels(accuracy));
    bars.setDefaultItemLabelsVisible(true);
    bars.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    bars.setDefaultPositiveItemLabelPosition(
        new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12, TextAnchor.BOTTOM_CENTER));
    bars.setDefaultToolTipGenerator(
        (dataset, row, column) ->
            String.format(
                Locale.ROOT,
                "digit %d: mean halting step %.2f%s, accuracy %.1f%%",
                column,
                meanSteps[column],
                q1 == null || column >= q1.length || Double.isNaN(q1[column])
                    ? ""
                    : String.format(
                        Locale.ROOT,
                        " (middle half of the digits %.2f to %.2f)",
                        q1[column],
                        q3[column]),
                100 * accuracy[column]));
    CategoryPlot plot = new CategoryPlot(data, classes, steps, bars);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(220, 220, 220));
    if (!Double.isNaN(overallSteps)) {
      ValueMarker mean =
          new ValueMarker(
              overallSteps,
              Color.GRAY,
              new BasicStroke(
                  1.2f,
                  BasicStroke.CAP_BUTT,
                  BasicStroke.JOIN_MITER,
                  10f,
                  new float[] {6f, 4f},
                  0f));
      plot.addRangeMarker(mean);
    }
    JFreeChart chart =
        new JFreeChart(
            "Mean halting step per digit"
                + (q1 == null ? "" : ", whisker Q1–Q3")
                + " (accuracy over each bar; dashed: all digits)",
            new Font(Font.SANS_SERIF, Font.BOLD, 16),
            plot,
            false);
    chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  private static CategoryItemLabelGenerator accuracyLabels(double[] accuracy) {
    return new CategoryItemLabelGenerator() {
      @Override
      public String generateRowLabel(CategoryDataset dataset, int row) {
        return dataset.getRowKey(row).toString();
      }

      @Override
      public String generateColumnLabel(CategoryDataset dataset, int column) {
        return dataset.getColumnKey(column).toString();
      }

      @Override
      public String generateLabel(CategoryDataset dataset, int row, int column) {
        double a = accuracy[column];
        return Double.isNaN(a) ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * a);
      }
    };
  }

  /** Renders the chart to a PNG (parent folders created). */
  public static void writePng(JFreeChart chart, Path file, int width, int height)
      throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
  }

  /** The chart in a JavaFX node (tooltips on the bars). FX thread only. */
  public static ChartViewer node(JFreeChart chart) {
    return org.ponderlab.app.charts.fx.ChartCanvases.viewer(chart);
  }
}
