package org.ponderlab.app.charts.fx;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.RenderingHints;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.FontSmoothingType;
import org.jfree.chart.fx.ChartCanvas;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.fx.FXGraphics2D;
import org.jfree.fx.FXHints;

/**
 * Chart viewers whose canvas measures text through a cache ({@link MeasuredStrings}), so a redraw
 * on the FX thread costs drawing, not re-measuring the same labels.
 *
 * <p>JFreeChart-FX's {@code ChartCanvas} builds its {@code FXGraphics2D} privately and offers no
 * way to pass another, so the graphics is swapped in its private field once, here. If a later
 * JFreeChart-FX renames the field, the swap is skipped and the canvas draws as before (slower, same
 * pixels): nothing depends on it but speed. The replacement is configured exactly as the canvas's
 * own (LCD text smoothing, JavaFX font metrics, 0.1 px zero-width strokes, fractional metrics).
 */
public final class ChartCanvases {
  /** One cache for every chart: the window's charts share their fonts and many labels. */
  private static final MeasuredStrings SHARED = new MeasuredStrings();

  private ChartCanvases() {}

  /** A viewer for the chart whose canvas measures text through the shared cache. FX thread only. */
  public static ChartViewer viewer(org.jfree.chart.JFreeChart chart) {
    ChartViewer viewer = new OneDrawOnResize(chart);
    useCachedMetrics(viewer.getCanvas());
    return viewer;
  }

  /**
   * A viewer that draws its chart once when it is resized. The stock viewer sets the canvas's width
   * and then its height, and the canvas draws at each: when both change (a tab shown again after
   * the window changed, a split pane dragged), the chart was drawn twice, once at a size nobody
   * sees. Here the canvas holds no chart while the two sizes are set (a draw without a chart only
   * clears), and draws once with it at the final size.
   */
  private static final class OneDrawOnResize extends ChartViewer {
    OneDrawOnResize(org.jfree.chart.JFreeChart chart) {
      super(chart);
    }

    @Override
    protected void layoutChildren() {
      ChartCanvas canvas = getCanvas();
      boolean both = canvas.getWidth() != getWidth() && canvas.getHeight() != getHeight();
      org.jfree.chart.JFreeChart chart = canvas.getChart();
      if (!both || chart == null) {
        super.layoutChildren();
        return;
      }
      canvas.setChart(null);
      super.layoutChildren();
      canvas.setChart(chart); // listens to the chart again and draws it once
    }
  }

  /** Swaps the canvas's graphics for one with cached metrics; true if it could. */
  static boolean useCachedMetrics(ChartCanvas canvas) {
    try {
      Field g2 = ChartCanvas.class.getDeclaredField("g2");
      g2.setAccessible(true);
      g2.set(canvas, graphics(canvas.getGraphicsContext2D()));
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false; // a JFreeChart-FX without that field: keep its own graphics
    }
  }

  private static FXGraphics2D graphics(GraphicsContext gc) {
    gc.setFontSmoothingType(FontSmoothingType.LCD);
    FXGraphics2D g = new CachingGraphics(gc);
    g.setRenderingHint(FXHints.KEY_USE_FX_FONT_METRICS, true);
    g.setZeroStrokeWidth(0.1);
    g.setRenderingHint(
        RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    return g;
  }

  /** Strings measured for real since start (not answered from the cache): for tests and reports. */
  static long measuredStrings() {
    return SHARED.measured();
  }

  /** FXGraphics2D whose JavaFX font metrics answer from the shared cache. */
  private static final class CachingGraphics extends FXGraphics2D {
    private final Map<Font, FontMetrics> metrics = new HashMap<>();

    CachingGraphics(GraphicsContext gc) {
      super(gc);
    }

    @Override
    public FontMetrics getFontMetrics(Font f) {
      if (getRenderingHint(FXHints.KEY_USE_FX_FONT_METRICS) != Boolean.TRUE) {
        return super.getFontMetrics(f);
      }
      return metrics.computeIfAbsent(f, font -> new CachedFontMetrics(font, this, SHARED));
    }
  }
}
