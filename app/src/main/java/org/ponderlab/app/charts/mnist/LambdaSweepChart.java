package org.ponderlab.app.charts.mnist;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.ponderlab.core.halting.Prior;

/**
 * Paper 000's λ_p sensitivity on MNIST, the lab's numbers next to the paper's: accuracy per λ_p
 * (top) and the number of steps (bottom: mean halting step under the evaluation rule, E[n] = Σ
 * n·p̄_n, the prior's own mean, and the one count paper 000 reports, 114,523 of 150,000 steps at
 * λ_p = 0.3 with N = 15, i.e. 11.45 per digit). The paper gives its accuracy trend only as a figure
 * ("no instances where PonderNet failed", some variance at high λ_p), quoted in the subtitle.
 *
 * <p>Reads the CSV written by the sweep ({@link #readCsv}); {@link #main} turns one into a PNG.
 */
final class LambdaSweepChart {
  /** Paper 000, section 5.2: λ_p = 0.3 halted after 114,523 steps instead of 15 × 10,000. */
  static final double PAPER_LAMBDA = 0.3;

  static final double PAPER_MEAN_STEPS = 114_523 / 10_000.0;

  /** One trained run of the sweep. */
  public record Point(double lambdaP, double accuracy, double meanSteps, double expectedSteps) {}

  private LambdaSweepChart() {}

  /**
   * Reads a CSV with a header naming at least {@code lambda_p, accuracy, mean_steps,
   * expected_steps} (other columns ignored).
   */
  public static List<Point> readCsv(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    List<String> header = Arrays.asList(lines.get(0).trim().split(","));
    int l = column(header, "lambda_p");
    int a = column(header, "accuracy");
    int m = column(header, "mean_steps");
    int e = column(header, "expected_steps");
    List<Point> points = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] v = line.trim().split(",");
      points.add(
          new Point(
              Double.parseDouble(v[l]),
              Double.parseDouble(v[a]),
              Double.parseDouble(v[m]),
              Double.parseDouble(v[e])));
    }
    return points;
  }

  private static int column(List<String> header, String name) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("the sweep CSV has no column " + name + ": " + header);
    }
    return i;
  }

  /** Mean of the normalized truncated geometric prior over 1..maxSteps. */
  static double priorMean(double lambdaP, int maxSteps) {
    double[] g = Prior.NORMALIZED.probabilities(lambdaP, maxSteps);
    double mean = 0;
    for (int n = 1; n <= maxSteps; n++) {
      mean += n * g[n - 1];
    }
    return mean;
  }

  /**
   * @param points the runs, any order
   * @param maxSteps N of the runs
   * @param subtitle what was trained (settings, iterations, seed)
   */
  public static JFreeChart create(List<Point> points, int maxSteps, String subtitle) {
    List<Point> sorted = new ArrayList<>(points);
    sorted.sort((p, q) -> Double.compare(p.lambdaP(), q.lambdaP()));
    XYSeries accuracy = new XYSeries("PonderLab accuracy (sample rule)");
    XYSeries steps = new XYSeries("PonderLab mean halting step (sample rule)");
    XYSeries expected = new XYSeries("PonderLab E[n] = Σ n·p̄_n");
    XYSeries prior = new XYSeries("prior mean (normalized geometric, N = " + maxSteps + ")");
    XYSeries paper = new XYSeries("paper 000: 11.45 steps at λ_p = 0.3");
    double lo = sorted.isEmpty() ? 0.05 : Math.min(sorted.get(0).lambdaP(), PAPER_LAMBDA);
    double hi =
        sorted.isEmpty() ? 0.9 : Math.max(sorted.get(sorted.size() - 1).lambdaP(), PAPER_LAMBDA);
    // x = log2(λ_p / lo): a doubling of λ_p is one tick, and the ticks land on lo, 2 lo, 4 lo, ...
    DoublingScale scale = new DoublingScale(lo);
    for (Point p : sorted) {
      accuracy.add(scale.x(p.lambdaP()), 100 * p.accuracy());
      steps.add(scale.x(p.lambdaP()), p.meanSteps());
      expected.add(scale.x(p.lambdaP()), p.expectedSteps());
    }
    for (int i = 0; i <= 40; i++) {
      double l = lo * Math.pow(hi / lo, i / 40.0);
      prior.add(scale.x(l), priorMean(l, maxSteps));
    }
    paper.add(scale.x(PAPER_LAMBDA), PAPER_MEAN_STEPS);

    NumberAxis lambda =
        new NumberAxis("λ_p (prior's halting probability per step; doubling per tick)");
    lambda.setTickUnit(new NumberTickUnit(1, scale));
    lambda.setRange(-0.25, scale.x(hi) + 0.25);
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(lambda);
    plot.setGap(14);

    NumberAxis accAxis = new NumberAxis("test accuracy (%)");
    accAxis.setAutoRangeIncludesZero(false);
    double minAcc = sorted.stream().mapToDouble(p -> 100 * p.accuracy()).min().orElse(90);
    accAxis.setRange(Math.min(95, Math.floor(minAcc - 0.5)), 100);
    XYLineAndShapeRenderer accRenderer = lines(new Color(31, 119, 180));
    XYPlot top = new XYPlot(new XYSeriesCollection(accuracy), null, accAxis, accRenderer);
    style(top);
    for (Point p : sorted) {
      XYTextAnnotation label =
          new XYTextAnnotation(
              String.format(Locale.ROOT, "%.2f%%", 100 * p.accuracy()),
              scale.x(p.lambdaP()),
              100 * p.accuracy() + 0.08);
      label.setTextAnchor(TextAnchor.BOTTOM_CENTER);
      label.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      top.addAnnotation(label);
    }
    plot.add(top, 2);

    XYSeriesCollection stepData = new XYSeriesCollection();
    stepData.addSeries(steps);
    stepData.addSeries(expected);
    stepData.addSeries(prior);
    stepData.addSeries(paper);
    NumberAxis stepAxis = new NumberAxis("steps per digit (N = " + maxSteps + ")");
    stepAxis.setRange(0, maxSteps + 0.5);
    XYLineAndShapeRenderer stepRenderer = new XYLineAndShapeRenderer(true, true);
    stepRenderer.setSeriesPaint(0, new Color(44, 160, 44));
    stepRenderer.setSeriesPaint(1, new Color(148, 103, 189));
    stepRenderer.setSeriesPaint(2, Color.GRAY);
    stepRenderer.setSeriesPaint(3, new Color(214, 39, 40));
    stepRenderer.setSeriesStroke(0, new BasicStroke(2f));
    stepRenderer.setSeriesStroke(1, new BasicStroke(1.5f));
    stepRenderer.setSeriesStroke(
        2,
        new BasicStroke(
            1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    stepRenderer.setSeriesShapesVisible(2, false);
    stepRenderer.setSeriesLinesVisible(3, false);
    stepRenderer.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
    stepRenderer.setSeriesShape(1, new Rectangle2D.Double(-3, -3, 6, 6));
    stepRenderer.setSeriesShape(3, new Rectangle2D.Double(-6, -6, 12, 12));
    XYPlot bottom = new XYPlot(stepData, null, stepAxis, stepRenderer);
    style(bottom);
    plot.add(bottom, 3);

    JFreeChart chart =
        new JFreeChart(
            "PonderNet on MNIST: sensitivity to λ_p (paper 000, Fig. 12 and § 5.2)",
            new Font(Font.SANS_SERIF, Font.BOLD, 16),
            plot,
            true);
    chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
    chart.addSubtitle(
        new TextTitle(
            "paper 000 (λ_p = 0.1 … 0.9, figure only): accuracy stays high for every λ_p, "
                + "\"some variance in mean accuracy at higher λ_p\"; 11.45 steps/digit at λ_p = 0.3",
            new Font(Font.SANS_SERIF, Font.ITALIC, 11)));
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }

  /** The domain axis: x = log2(λ_p / base), labelled with λ_p itself. */
  static final class DoublingScale extends NumberFormat {
    private final double base;

    DoublingScale(double base) {
      this.base = base;
    }

    double x(double lambdaP) {
      return Math.log(lambdaP / base) / Math.log(2);
    }

    double lambdaP(double x) {
      return base * Math.pow(2, x);
    }

    @Override
    public StringBuffer format(double x, StringBuffer to, FieldPosition pos) {
      return to.append(
          new DecimalFormat("0.0##", DecimalFormatSymbols.getInstance(Locale.ROOT))
              .format(lambdaP(x)));
    }

    @Override
    public StringBuffer format(long x, StringBuffer to, FieldPosition pos) {
      return format((double) x, to, pos);
    }

    @Override
    public Number parse(String source, ParsePosition pos) {
      throw new UnsupportedOperationException("display only");
    }
  }

  private static XYLineAndShapeRenderer lines(Color colour) {
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    r.setSeriesPaint(0, colour);
    r.setSeriesStroke(0, new BasicStroke(2f));
    r.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
    return r;
  }

  private static void style(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(220, 220, 220));
    plot.setRangeGridlinePaint(new Color(220, 220, 220));
  }

  public static void writePng(JFreeChart chart, Path file, int width, int height)
      throws IOException {
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
  }

  /** {@code LambdaSweepChart SWEEP.csv OUT.png MAX_STEPS "subtitle"}: renders a sweep's CSV. */
  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      System.err.println("usage: LambdaSweepChart SWEEP.csv OUT.png MAX_STEPS SUBTITLE");
      System.exit(2);
    }
    List<Point> points = readCsv(Path.of(args[0]));
    writePng(create(points, Integer.parseInt(args[2]), args[3]), Path.of(args[1]), 900, 640);
    System.out.println("wrote " + args[1] + " (" + points.size() + " runs)");
  }
}
