package org.ponderlab.app.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.util.ShapeUtils;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.ponderlab.core.train.PonderRow;
import org.ponderlab.core.train.Snapshot;

/**
 * The ponder map: one row per validation input (sorted by difficulty, easy at the top, and within a
 * difficulty by the {@link StepMeasure}) and one column per step n, coloured by p_n, the
 * probability of halting at that step. A mark shows each input's measure — by default its expected
 * step E[n], deterministic; the rule's own (under {@code sample}: randomly drawn) halting step on
 * request — a ring if the rule's prediction was right, a cross if wrong.
 */
public final class PonderMapChart {
  private static final String HEAT = "p_n";
  private final ViridisScale scale = new ViridisScale(0.5);
  private final DefaultXYZDataset heat = new DefaultXYZDataset();
  private final XYSeries haltedRight = new XYSeries("halting step, prediction right", false, true);
  private final XYSeries haltedWrong = new XYSeries("halting step, prediction wrong", false, true);
  private final XYBlockRenderer blocks = new HeatBlockRenderer();
  private final XYLineAndShapeRenderer marks = new XYLineAndShapeRenderer(false, true);
  private final NumberAxis stepAxis = Charts.integerAxis("ponder step n", 1, 20);
  private final NumberAxis rowAxis = new NumberAxis("validation inputs, sorted by difficulty");
  private final BandFormat bandFormat = new BandFormat();
  private final NumberAxis legendAxis = new NumberAxis("p_n, probability of halting at step n");
  private final PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
  private final TextTitle note = new TextTitle(" ");
  private final XYPlot plot;
  private final JFreeChart chart;
  private final List<ValueMarker> bandLines = new ArrayList<>();
  private List<PonderRow> rows = List.of();
  private ChartStyle style;
  private StepMeasure measure = StepMeasure.expected();

  public PonderMapChart(ChartStyle style) {
    heat.addSeries(HEAT, new double[3][0]);
    blocks.setPaintScale(scale);
    blocks.setBlockWidth(1.0);
    blocks.setBlockHeight(1.0);
    blocks.setDefaultSeriesVisibleInLegend(false); // the colour bar is the legend for p_n
    rowAxis.setInverted(true);
    rowAxis.setAutoRange(false);
    rowAxis.setRange(-0.5, 63.5);
    rowAxis.setAutoTickUnitSelection(false);
    rowAxis.setTickUnit(new NumberTickUnit(1, bandFormat));
    rowAxis.setTickMarksVisible(false);
    rowAxis.setMinorTickMarksVisible(false);
    plot = new XYPlot(heat, stepAxis, rowAxis, blocks);
    plot.setDataset(1, new XYSeriesCollection());
    ((XYSeriesCollection) plot.getDataset(1)).addSeries(haltedRight);
    ((XYSeriesCollection) plot.getDataset(1)).addSeries(haltedWrong);
    plot.setRenderer(1, marks);
    plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
    marks.setUseFillPaint(true);
    marks.setUseOutlinePaint(true);
    marks.setDrawOutlines(true);
    legendAxis.setRange(0, 1);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
    legend.setMargin(new RectangleInsets(8, 12, 8, 4));
    legend.setStripWidth(16);
    chart =
        new JFreeChart(
            "Ponder map: where each input stops", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.getLegend().setPosition(RectangleEdge.TOP);
    chart.addSubtitle(legend);
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
          double size = s.shapeSize() + 1;
          marks.setSeriesShape(0, Charts.circle(size));
          marks.setSeriesShape(
              1, ShapeUtils.createDiagonalCross((float) (size / 2), (float) (size / 5)));
          for (int i = 0; i < 2; i++) {
            marks.setSeriesFillPaint(i, Color.WHITE);
            marks.setSeriesOutlinePaint(i, Color.BLACK);
            marks.setSeriesPaint(i, Color.WHITE);
            marks.setSeriesOutlineStroke(i, new BasicStroke(s.presentation() ? 2f : 1.3f));
          }
          for (ValueMarker m : bandLines) {
            m.setPaint(Palette.faded(Color.WHITE, 0.75));
          }
        });
  }

  /**
   * Shows a snapshot's ponder rows.
   *
   * @param s the snapshot (its ponder rows sorted by difficulty)
   * @param difficultyName what difficulty counts, e.g. "non-zeros"
   */
  public void show(Snapshot s, String difficultyName) {
    List<PonderRow> sorted = new ArrayList<>(s.ponderRows());
    sorted.sort(
        java.util.Comparator.comparingInt(PonderRow::difficulty)
            .thenComparingDouble(measure::of)
            .thenComparingInt(PonderRow::index));
    rows = List.copyOf(sorted);
    int n = s.steps();
    int count = rows.size();
    double[][] xyz = new double[3][count * n];
    Map<Integer, String> labels = new HashMap<>();
    List<Integer> boundaries = new ArrayList<>();
    int bandStart = 0;
    for (int r = 0; r < count; r++) {
      PonderRow row = rows.get(r);
      for (int k = 0; k < n; k++) {
        int i = r * n + k;
        xyz[0][i] = k + 1;
        xyz[1][i] = r;
        xyz[2][i] = k < row.haltingProb().length ? row.haltingProb()[k] : 0;
      }
      boolean bandEnds = r == count - 1 || rows.get(r + 1).difficulty() != row.difficulty();
      if (bandEnds) {
        labels.put((bandStart + r) / 2, Integer.toString(row.difficulty()));
        if (r < count - 1) {
          boundaries.add(r);
        }
        bandStart = r + 1;
      }
    }
    Charts.batch(
        chart,
        () -> {
          heat.addSeries(HEAT, xyz);
          Charts.fill(haltedRight, ser -> addHalts(ser, true));
          Charts.fill(haltedWrong, ser -> addHalts(ser, false));
          haltedRight.setKey(measure.choice() + ", prediction right");
          haltedWrong.setKey(measure.choice() + ", prediction wrong");
          stepAxis.setRange(0.5, n + 0.5);
          rowAxis.setRange(-0.5, Math.max(count, 1) - 0.5);
          rowAxis.setLabel("validation inputs, sorted by " + difficultyName + " (easy at the top)");
          bandFormat.labels = labels;
          for (ValueMarker m : bandLines) {
            plot.removeRangeMarker(m, Layer.FOREGROUND);
          }
          bandLines.clear();
          for (int b : boundaries) {
            ValueMarker m =
                new ValueMarker(b + 0.5, Palette.faded(Color.WHITE, 0.75), new BasicStroke(1.2f));
            plot.addRangeMarker(m, Layer.FOREGROUND);
            bandLines.add(m);
          }
          note.setText(
              String.format(
                  Locale.ROOT,
                  "%d validation inputs at iteration %,d, within each %s band ranked by %s   ·   click a row to step through it",
                  count,
                  s.iteration(),
                  difficultyName,
                  measure.label()));
        });
  }

  private void addHalts(XYSeries series, boolean right) {
    for (int r = 0; r < rows.size(); r++) {
      PonderRow row = rows.get(r);
      if ((row.prediction() == row.label()) == right) {
        series.add(measure.of(row), r, false);
      }
    }
  }

  /** What ranks the rows within a difficulty and places their marks (redrawn at the next show). */
  public void setMeasure(StepMeasure m) {
    this.measure = m;
  }

  public StepMeasure measure() {
    return measure;
  }

  public void clear() {
    rows = List.of();
    Charts.batch(
        chart,
        () -> {
          heat.addSeries(HEAT, new double[3][0]);
          haltedRight.clear();
          haltedWrong.clear();
          note.setText("No training yet: press Play or Step.");
        });
  }

  /** The row under a data point (x = step, y = row), or null. */
  public PonderRow rowAt(double y) {
    int r = (int) Math.round(y);
    return r >= 0 && r < rows.size() ? rows.get(r) : null;
  }

  /** The hover text for a cell: the input, its difficulty, p_n, the label and the prediction. */
  public String describe(double x, double y, String difficultyName) {
    PonderRow row = rowAt(y);
    int step = (int) Math.round(x);
    if (row == null || step < 1 || step > row.haltingProb().length) {
      return "";
    }
    StringBuilder in = new StringBuilder();
    float[] v = row.input();
    boolean signs = true;
    for (float value : v) {
      signs &= value == 0 || value == 1 || value == -1;
    }
    if (!signs) {
      in.append(v.length).append(" values");
    } else {
      int shown = Math.min(v.length, 32);
      for (int i = 0; i < shown; i++) {
        in.append(i == 0 ? "" : " ").append(v[i] > 0 ? "+1" : v[i] < 0 ? "−1" : "0");
      }
      if (shown < v.length) {
        in.append(" …");
      }
    }
    return String.format(
        Locale.ROOT,
        "input [%s]   ·   %s: %d   ·   p_%d = %.3f   ·   E[n] = %.2f   ·   label %d, prediction %d (%s), the rule halted it at step %d",
        in,
        difficultyName,
        row.difficulty(),
        step,
        row.haltingProb()[step - 1],
        row.expectedStep(),
        row.label(),
        row.prediction(),
        row.prediction() == row.label() ? "right" : "wrong",
        row.haltStep());
  }

  public int rowCount() {
    return rows.size();
  }

  public XYPlot plot() {
    return plot;
  }

  /** Tick labels on the row axis: the difficulty at the middle of each band, nothing elsewhere. */
  private static final class BandFormat extends NumberFormat {
    Map<Integer, String> labels = Map.of();

    @Override
    public StringBuffer format(double number, StringBuffer to, FieldPosition pos) {
      long r = Math.round(number);
      String label = Math.abs(number - r) < 1e-6 ? labels.get((int) r) : null;
      return to.append(label == null ? "" : label);
    }

    @Override
    public StringBuffer format(long number, StringBuffer to, FieldPosition pos) {
      return format((double) number, to, pos);
    }

    @Override
    public Number parse(String source, ParsePosition pos) {
      return null;
    }
  }
}
