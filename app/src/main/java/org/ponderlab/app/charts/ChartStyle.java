package org.ponderlab.app.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;
import org.jfree.chart.ui.RectangleInsets;

/**
 * How every chart looks: light or dark, normal or presentation (larger fonts, thicker lines for a
 * projector). The builders take one and can be re-styled when the user switches.
 *
 * @param dark dark background
 * @param presentation larger fonts and thicker lines
 */
public record ChartStyle(boolean dark, boolean presentation) {
  public static final ChartStyle LIGHT = new ChartStyle(false, false);

  public Color background() {
    return dark ? new Color(0x1d1f23) : Color.WHITE;
  }

  public Color plotBackground() {
    return dark ? new Color(0x25282d) : new Color(0xfbfbfb);
  }

  /** Text and axis lines. */
  public Color foreground() {
    return dark ? new Color(0xe8e8e8) : new Color(0x1a1a1a);
  }

  public Color grid() {
    return dark ? new Color(0x464a51) : new Color(0xdadada);
  }

  /** Secondary marks: setting-change markers, crosshairs. */
  public Color muted() {
    return dark ? new Color(0xa9aeb5) : new Color(0x5f6368);
  }

  /** The neutral series colour (total loss): black on light, near-white on dark. */
  public Color ink() {
    return dark ? new Color(0xf0f0f0) : Palette.BLACK;
  }

  public float scale() {
    return presentation ? 1.45f : 1f;
  }

  private int size(double base) {
    return Math.round((float) base * scale());
  }

  public Font titleFont() {
    return new Font(Font.SANS_SERIF, Font.BOLD, size(15));
  }

  public Font subtitleFont() {
    return new Font(Font.SANS_SERIF, Font.PLAIN, size(12.5));
  }

  public Font axisLabelFont() {
    return new Font(Font.SANS_SERIF, Font.PLAIN, size(13));
  }

  public Font tickFont() {
    return new Font(Font.SANS_SERIF, Font.PLAIN, size(11.5));
  }

  public Font legendFont() {
    return new Font(Font.SANS_SERIF, Font.PLAIN, size(12.5));
  }

  public Font markerFont() {
    return new Font(Font.SANS_SERIF, Font.BOLD, size(11.5));
  }

  public Stroke line() {
    return new BasicStroke(
        presentation ? 3.5f : 2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  }

  public Stroke faintLine() {
    return new BasicStroke(presentation ? 2f : 1.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  }

  public Stroke dashed() {
    float w = presentation ? 2.5f : 1.5f;
    return new BasicStroke(
        w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f * w, 4f * w}, 0f);
  }

  /** Marker shapes' size in pixels. */
  public double shapeSize() {
    return presentation ? 10 : 7;
  }

  /** Applies colours and fonts to the chart's titles, legends, plots and axes. */
  public void apply(JFreeChart chart) {
    // every setter below fires a change event, and a chart on a canvas redraws at each one:
    // styled with notification off, the chart is drawn once (profiled: the first showing of
    // Compare spent most of 140 ms of FX time redrawing its three charts once per setter)
    Charts.batch(chart, () -> applyAll(chart));
  }

  private void applyAll(JFreeChart chart) {
    chart.setBackgroundPaint(background());
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    chart.setPadding(new RectangleInsets(6, 8, 6, 12));
    if (chart.getTitle() != null) {
      chart.getTitle().setFont(titleFont());
      chart.getTitle().setPaint(foreground());
    }
    for (int i = 0; i < chart.getSubtitleCount(); i++) {
      Title t = chart.getSubtitle(i);
      if (t instanceof TextTitle tt) {
        tt.setFont(subtitleFont());
        tt.setPaint(foreground());
      } else if (t instanceof LegendTitle lt) {
        lt.setItemFont(legendFont());
        lt.setItemPaint(foreground());
        lt.setBackgroundPaint(background());
        lt.setFrame(BlockBorder.NONE);
        lt.setItemLabelPadding(new RectangleInsets(2, 3, 2, 14 * scale()));
      } else if (t instanceof PaintScaleLegend pl) {
        pl.setBackgroundPaint(background());
        axis(pl.getAxis());
      }
    }
    plot(chart.getPlot());
  }

  private void plot(Plot plot) {
    plot.setBackgroundPaint(plotBackground());
    plot.setOutlinePaint(grid());
    if (plot instanceof CombinedDomainXYPlot combined) {
      axis(combined.getDomainAxis());
      for (XYPlot sub : combined.getSubplots()) {
        plot(sub);
      }
    } else if (plot instanceof XYPlot xy) {
      xy.setDomainGridlinePaint(grid());
      xy.setRangeGridlinePaint(grid());
      xy.setDomainCrosshairPaint(muted());
      xy.setRangeCrosshairPaint(muted());
      for (int i = 0; i < xy.getDomainAxisCount(); i++) {
        axis(xy.getDomainAxis(i));
      }
      for (int i = 0; i < xy.getRangeAxisCount(); i++) {
        axis(xy.getRangeAxis(i));
      }
    }
  }

  /** Colours and fonts of one axis. */
  public void axis(Axis a) {
    if (a == null) {
      return;
    }
    a.setLabelFont(axisLabelFont());
    a.setLabelPaint(foreground());
    a.setTickLabelFont(tickFont());
    a.setTickLabelPaint(foreground());
    a.setAxisLinePaint(muted());
    a.setTickMarkPaint(muted());
  }
}
