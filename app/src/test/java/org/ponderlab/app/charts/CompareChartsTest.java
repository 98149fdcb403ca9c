package org.ponderlab.app.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.BasicStroke;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.junit.jupiter.api.Test;
import org.ponderlab.core.train.Snapshot;

/** Runs overlaid on the same axes: one series per run, in its colour; the baseline thicker and dashed. */
class CompareChartsTest {
  @Test
  void eachRunIsOneSeriesInItsColourAndTheBaselineIsThickerAndDashed() throws Exception {
    List<Snapshot> history = TrainedSnapshots.get();
    CompareCharts charts = new CompareCharts(ChartStyle.LIGHT);
    charts.show(List.of(new CompareCharts.Run("a", Palette.BLUE, false, history),
        new CompareCharts.Run("b", Palette.ORANGE, true, history.subList(0, 3))));
    JFreeChart accuracy = charts.accuracyChart();
    assertEquals(2, accuracy.getXYPlot().getDataset().getSeriesCount());
    assertEquals(history.size(), accuracy.getXYPlot().getDataset().getItemCount(0));
    assertEquals(3, accuracy.getXYPlot().getDataset().getItemCount(1));
    XYItemRenderer r = accuracy.getXYPlot().getRenderer();
    assertEquals(Palette.ORANGE, r.getSeriesPaint(1));
    BasicStroke plain = (BasicStroke) r.getSeriesStroke(0);
    BasicStroke baseline = (BasicStroke) r.getSeriesStroke(1);
    assertTrue(baseline.getLineWidth() > plain.getLineWidth());
    assertNull(plain.getDashArray());
    assertNotNull(baseline.getDashArray());
    // the halting distributions are shares: each run's sums to 1
    var halting = charts.haltingChart().getXYPlot().getDataset();
    double sum = 0;
    for (int i = 0; i < halting.getItemCount(0); i++) {
      sum += halting.getYValue(0, i);
    }
    assertEquals(1.0, sum, 1e-9);
    Path dir = Files.createDirectories(Path.of("target", "ui-previews"));
    Charts.savePng(accuracy, dir.resolve("compare-accuracy.png").toFile(), 800, 450); // for people, not asserted
  }
}
