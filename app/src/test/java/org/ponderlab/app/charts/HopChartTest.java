package org.ponderlab.app.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.ponderlab.core.train.Snapshot;

/** C-PVR's per-hop chart: trained hops and unseen hops apart, the unseen ones on a shaded band. */
class HopChartTest {
  /** A C-PVR-like snapshot: index = hop count 0..9 (0 unused), trained on 1..4. */
  static Snapshot hops() {
    double[] acc = {Double.NaN, 0.99, 0.97, 0.95, 0.9, 0.7, 0.5, 0.4, 0.3, 0.2};
    double[] depth = {Double.NaN, 2, 3, 4, 5, 5.5, 6, 6.2, 6.3, 6.4};
    return new Snapshot(
        100,
        1,
        0.5,
        0.01,
        0.6,
        4.5,
        3.0,
        "sample",
        new int[] {1, 2, 3},
        new double[] {0.5, 0.3, 0.2},
        new double[] {0.5, 0.3, 0.2},
        new double[] {0.5, 0.6, 0.7},
        acc,
        depth,
        List.of(),
        1,
        List.of());
  }

  @Test
  void hopsAboveTheTrainingRangeAreDrawnApartOnAShadedBand() {
    DifficultyChart chart = new DifficultyChart(ChartStyle.LIGHT);
    chart.show(hops(), "hops", 4);
    assertTrue(
        chart.chart().getTitle().getText().startsWith("Per hop count"),
        chart.chart().getTitle().getText());
    XYPlot top = ((CombinedDomainXYPlot) chart.chart().getPlot()).getSubplots().get(0);
    XYSeriesCollection bars = (XYSeriesCollection) top.getDataset();
    assertEquals(List.of(1.0, 2.0, 3.0, 4.0), xs(bars, 0));
    assertEquals(List.of(5.0, 6.0, 7.0, 8.0, 9.0), xs(bars, 1));
    assertEquals(5.0, bars.getSeries(0).getY(3).doubleValue(), "mean depth at 4 hops");
    IntervalMarker band =
        (IntervalMarker)
            top.getDomainMarkers(org.jfree.chart.ui.Layer.BACKGROUND).iterator().next();
    assertEquals(4.5, band.getStartValue());
    assertEquals(9.5, band.getEndValue());

    chart.show(hops(), "non-zeros"); // another task: one series, no band
    assertEquals(9, bars.getSeries(0).getItemCount());
    assertEquals(0, bars.getSeries(1).getItemCount());
    assertTrue(
        top.getDomainMarkers(org.jfree.chart.ui.Layer.BACKGROUND) == null
            || top.getDomainMarkers(org.jfree.chart.ui.Layer.BACKGROUND).isEmpty());
  }

  private static List<Double> xs(XYSeriesCollection c, int series) {
    return c.getSeries(series).getItems().stream()
        .map(i -> ((org.jfree.data.xy.XYDataItem) i).getXValue())
        .toList();
  }
}
