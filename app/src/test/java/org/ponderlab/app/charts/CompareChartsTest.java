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

/**
 * Runs overlaid on the same axes: one series per run, in its colour; the baseline thicker and
 * dashed.
 */
class CompareChartsTest {
  @Test
  void eachRunIsOneSeriesInItsColourAndTheBaselineIsThickerAndDashed() throws Exception {
    List<Snapshot> history = TrainedSnapshots.get();
    CompareCharts charts = new CompareCharts(ChartStyle.LIGHT);
    charts.show(
        List.of(
            new CompareCharts.Run("a", Palette.BLUE, false, history),
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
    Charts.savePng(
        accuracy,
        dir.resolve("compare-accuracy.png").toFile(),
        800,
        450); // for people, not asserted
  }

  /**
   * A chart on screen redraws at every change event its chart sends, so one {@code show} must send
   * one event per chart, bands and all. (Seen failing without the batches: the accuracy and steps
   * charts sent 3 events each, dataset, band renderer and band dataset.)
   */
  @Test
  void showSendsOneChangeEventPerChart() throws Exception {
    List<Snapshot> one = TrainedSnapshots.withSeed(4);
    List<Snapshot> two = TrainedSnapshots.withSeed(5);
    CompareCharts charts = new CompareCharts(ChartStyle.LIGHT);
    java.util.Map<JFreeChart, int[]> events = new java.util.HashMap<>();
    for (JFreeChart c : charts.charts()) {
      int[] n = new int[1];
      events.put(c, n);
      c.addChangeListener(e -> n[0]++);
    }
    charts.show(
        List.of(
            new CompareCharts.Run("seed 4", Palette.BLUE, false, one, "setup"),
            new CompareCharts.Run("seed 5", Palette.ORANGE, true, two, "setup")));
    assertNotNull(charts.accuracyChart().getXYPlot().getDataset(1)); // a band was drawn
    for (JFreeChart c : charts.charts()) {
      assertEquals(1, events.get(c)[0], c.getTitle().getText());
    }
  }

  /**
   * Two seeds of one setup draw a band whose middle is their mean and whose half-width is their
   * sample standard deviation, |a − b|/√2 for two runs, at every iteration both evaluated; a run
   * alone in its group, or in none, draws no band.
   */
  @Test
  void runsOfOneSetupOverSeedsDrawAMeanAndStandardDeviationBand() throws Exception {
    List<Snapshot> one = TrainedSnapshots.withSeed(4);
    List<Snapshot> two = TrainedSnapshots.withSeed(5);
    CompareCharts charts = new CompareCharts(ChartStyle.LIGHT);
    charts.show(
        List.of(
            new CompareCharts.Run("parity seed 4", Palette.BLUE, false, one, "setup"),
            new CompareCharts.Run("parity seed 5", Palette.ORANGE, false, two, "setup"),
            new CompareCharts.Run("other", Palette.BLACK, false, two, "alone"),
            new CompareCharts.Run("live", Palette.VERMILLION, false, one)));
    var band =
        (org.jfree.data.xy.YIntervalSeriesCollection)
            charts.accuracyChart().getXYPlot().getDataset(1);
    assertEquals(1, band.getSeriesCount());
    assertEquals("parity seed 4: mean ± sd over 2 seeds", band.getSeriesKey(0));
    assertEquals(one.size(), band.getItemCount(0)); // same evaluation grid: every snapshot
    boolean spread = false;
    for (int i = 0; i < one.size(); i++) {
      double a = one.get(i).accuracy();
      double b = two.get(i).accuracy();
      assertEquals(one.get(i).iteration(), band.getXValue(0, i), 0);
      assertEquals((a + b) / 2, band.getYValue(0, i), 1e-12);
      assertEquals((a + b) / 2 - Math.abs(a - b) / Math.sqrt(2), band.getStartYValue(0, i), 1e-12);
      assertEquals((a + b) / 2 + Math.abs(a - b) / Math.sqrt(2), band.getEndYValue(0, i), 1e-12);
      spread |= a != b;
    }
    assertTrue(spread, "two seeds should differ somewhere, or the band says nothing");
    var steps =
        (org.jfree.data.xy.YIntervalSeriesCollection) charts.stepsChart().getXYPlot().getDataset(1);
    int last = one.size() - 1;
    assertEquals(
        (one.get(last).meanSteps() + two.get(last).meanSteps()) / 2,
        steps.getYValue(0, last),
        1e-12);
    assertEquals(Palette.BLUE, charts.accuracyChart().getXYPlot().getRenderer(1).getSeriesPaint(0));
    // shown again without the group's second run: no band left behind
    charts.show(List.of(new CompareCharts.Run("parity seed 4", Palette.BLUE, false, one, "setup")));
    assertNull(charts.accuracyChart().getXYPlot().getDataset(1));
    charts.show(
        List.of(
            new CompareCharts.Run("parity seed 4", Palette.BLUE, false, one, "setup"),
            new CompareCharts.Run("parity seed 5", Palette.ORANGE, false, two, "setup")));
    Path dir = Files.createDirectories(Path.of("target", "ui-previews"));
    Charts.savePng(
        charts.accuracyChart(),
        dir.resolve("compare-seed-band.png").toFile(),
        800,
        450); // for people
  }
}
