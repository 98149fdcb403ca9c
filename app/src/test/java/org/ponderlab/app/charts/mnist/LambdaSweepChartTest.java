package org.ponderlab.app.charts.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LambdaSweepChartTest {
  @TempDir Path tmp;

  /** Means of the normalized geometric over 1..15, computed independently (Python, exact sums). */
  @Test
  void priorMeanMatchesHandComputedValues() {
    assertEquals(7.051882058, LambdaSweepChart.priorMean(0.05, 15), 1e-8);
    assertEquals(4.452988150, LambdaSweepChart.priorMean(0.2, 15), 1e-8);
    assertEquals(3.261780208, LambdaSweepChart.priorMean(0.3, 15), 1e-8);
    assertEquals(1.25, LambdaSweepChart.priorMean(0.8, 15), 1e-8);
  }

  @Test
  void readsTheSweepCsvAndRendersBothPanelsWithThePapersPoint() throws IOException {
    Path csv = tmp.resolve("sweep.csv");
    Files.writeString(
        csv,
        """
        lambda_p,accuracy,mean_steps,expected_steps,seed
        0.4,0.9700,2.4,2.45,1
        0.05,0.9710,7.0,7.10,1
        0.1,0.9705,5.9,5.95,1
        """);
    List<LambdaSweepChart.Point> points = LambdaSweepChart.readCsv(csv);
    assertEquals(3, points.size());
    assertEquals(new LambdaSweepChart.Point(0.05, 0.971, 7.0, 7.1), points.get(1));
    JFreeChart chart = LambdaSweepChart.create(points, 15, "test");
    CombinedDomainXYPlot plot = (CombinedDomainXYPlot) chart.getPlot();
    List<XYPlot> panels = plot.getSubplots();
    assertEquals(2, panels.size());
    assertEquals(3, panels.get(0).getDataset().getItemCount(0)); // accuracy per λ_p
    // x = log2(λ_p / 0.05), sorted by λ_p, labelled with λ_p
    assertEquals(0.0, panels.get(0).getDataset().getXValue(0, 0), 1e-12);
    assertEquals(1.0, panels.get(0).getDataset().getXValue(0, 1), 1e-12);
    assertEquals(3.0, panels.get(0).getDataset().getXValue(0, 2), 1e-12);
    var scale = new LambdaSweepChart.DoublingScale(0.05);
    assertEquals("0.05", scale.format(0.0));
    assertEquals("0.4", scale.format(3.0));
    assertEquals(
        Math.log(6) / Math.log(2),
        panels.get(1).getDataset().getXValue(3, 0),
        1e-12); // paper's 0.3
    assertEquals(4, panels.get(1).getDataset().getSeriesCount()); // steps, E[n], prior, paper
    assertEquals(11.4523, panels.get(1).getDataset().getYValue(3, 0), 1e-9);
    Path png = tmp.resolve("sweep.png");
    LambdaSweepChart.writePng(chart, png, 900, 640);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(900, image.getWidth());
    int drawn = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        drawn += (image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF ? 1 : 0;
      }
    }
    assertTrue(drawn > 900 * 640 / 50, drawn + " pixels drawn");
  }

  @Test
  void aCsvWithoutTheNeededColumnIsRefusedByName() throws IOException {
    Path csv = tmp.resolve("bad.csv");
    Files.writeString(csv, "lambda_p,accuracy\n0.1,0.9\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LambdaSweepChart.readCsv(csv));
    assertTrue(e.getMessage().contains("mean_steps"), e.getMessage());
  }
}
