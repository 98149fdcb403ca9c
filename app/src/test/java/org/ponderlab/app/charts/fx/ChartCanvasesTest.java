package org.ponderlab.app.charts.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window's chart canvases measure text once per string: the swap of JFreeChart-FX's private
 * graphics works with the JFreeChart-FX in the build (if an upgrade renames the field, this test
 * says so rather than the window silently getting slower), and a redraw of an unchanged chart
 * measures nothing new.
 */
@ExtendWith(ApplicationExtension.class)
class ChartCanvasesTest {
  ChartViewer viewer;

  @Start
  void start(Stage stage) {
    XYSeries s = new XYSeries("loss");
    for (int i = 0; i < 50; i++) {
      s.add(i, Math.exp(-i / 10.0));
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            "Learning curves", "iteration", "loss", new XYSeriesCollection(s));
    viewer = ChartCanvases.viewer(chart);
    stage.setScene(new Scene(new StackPane(viewer), 640, 400));
    stage.show();
  }

  @Test
  void aRedrawOfTheSameChartMeasuresNoNewString() throws Exception {
    WaitForAsyncUtils.waitForFxEvents();
    long[] measured = new long[2];
    WaitForAsyncUtils.asyncFx(
            () -> {
              viewer.getCanvas().draw();
              measured[0] = ChartCanvases.measuredStrings();
              viewer.getCanvas().draw();
              viewer.getCanvas().draw();
              measured[1] = ChartCanvases.measuredStrings();
            })
        .get();
    assertTrue(
        measured[0] > 0, "the first draws measured the labels through the cache: " + measured[0]);
    assertEquals(measured[0], measured[1], "two more draws of the same chart measured nothing new");
  }

  @Test
  void aResizeInBothDirectionsDrawsTheChartOnce() throws Exception {
    WaitForAsyncUtils.waitForFxEvents();
    int[] drawn = {0};
    JFreeChart chart = viewer.getCanvas().getChart();
    chart.addProgressListener(
        e -> {
          if (e.getType() == org.jfree.chart.event.ChartProgressEvent.DRAWING_STARTED) {
            drawn[0]++;
          }
        });
    WaitForAsyncUtils.asyncFx(
            () ->
                viewer
                    .getScene()
                    .getWindow()
                    .setWidth(viewer.getScene().getWindow().getWidth() + 80))
        .get();
    // the window's resize reaches the scene in later pulses: let it land (and draw) before counting
    // (counted 2 once in CI under load 10 without this wait)
    WaitForAsyncUtils.waitForFxEvents(5);
    // counted inside the same FX task: a later pulse (the window's own resize arriving late under
    // load) must not add its draw to this count
    // counted and sized inside the same FX task: a later pulse (the window's own resize arriving
    // late under load) must not add its draw, nor lay the viewer out again, before the checks
    double[] seen =
        WaitForAsyncUtils.asyncFx(
                () -> {
                  drawn[0] = 0;
                  viewer.resize(viewer.getWidth() - 50, viewer.getHeight() - 40);
                  viewer.layout();
                  return new double[] {
                    drawn[0],
                    viewer.getWidth(),
                    viewer.getCanvas().getWidth(),
                    viewer.getHeight(),
                    viewer.getCanvas().getHeight()
                  };
                })
            .get();
    assertEquals(1, seen[0], "width and height changed together: one draw at the final size");
    assertEquals(seen[1], seen[2], "the canvas has the viewer's width");
    assertEquals(seen[3], seen[4], "the canvas has the viewer's height");
  }

  @Test
  void theCacheAnswersPerFontAndStringWithACopy() {
    MeasuredStrings cache = new MeasuredStrings();
    AtomicInteger calls = new AtomicInteger();
    Font plain = new Font("SansSerif", Font.PLAIN, 12);
    Font bold = new Font("SansSerif", Font.BOLD, 12);
    Rectangle2D a =
        cache.bounds(
            plain,
            "0.25",
            t -> {
              calls.incrementAndGet();
              return new Rectangle2D.Double(0, -10, 20, 12);
            });
    a.setRect(5, 5, 5, 5); // a caller moving its rectangle must not move the cached one
    Rectangle2D b =
        cache.bounds(
            plain,
            "0.25",
            t -> {
              calls.incrementAndGet();
              return new Rectangle2D.Double();
            });
    cache.bounds(
        bold,
        "0.25",
        t -> {
          calls.incrementAndGet();
          return new Rectangle2D.Double(0, -10, 22, 12);
        });
    cache.bounds(
        plain,
        "0.5",
        t -> {
          calls.incrementAndGet();
          return new Rectangle2D.Double(0, -10, 15, 12);
        });
    assertEquals(3, calls.get(), "one measurement per (font, string)");
    assertEquals(new Rectangle2D.Double(0, -10, 20, 12), b);
    assertNotSame(a, b);
    for (int i = 0; i < MeasuredStrings.CAPACITY + 10; i++) {
      cache.bounds(plain, "label " + i, t -> new Rectangle2D.Double());
    }
    assertEquals(
        MeasuredStrings.CAPACITY, cache.size(), "bounded: the least recently used strings leave");
  }
}
