package org.ponderlab.app.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeries;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ponderlab.core.train.Snapshot;

/**
 * The chart builders on a real run's snapshots: the data they draw, one redraw per update, PNG
 * output.
 */
class ChartBuildersTest {
  static List<Snapshot> history;
  static Snapshot last;
  static final Path PREVIEWS = Path.of("target", "chart-previews");

  @BeforeAll
  static void train() throws Exception {
    history = TrainedSnapshots.get();
    last = history.get(history.size() - 1);
    Files.createDirectories(PREVIEWS);
  }

  static double sumY(XYSeries s) {
    double sum = 0;
    for (int i = 0; i < s.getItemCount(); i++) {
      sum += s.getY(i).doubleValue();
    }
    return sum;
  }

  static int changeEvents(JFreeChart chart, Runnable update) {
    AtomicInteger events = new AtomicInteger();
    chart.addChangeListener(e -> events.incrementAndGet());
    update.run();
    return events.get();
  }

  static void png(JFreeChart chart, String name) throws Exception {
    File f = PREVIEWS.resolve(name + ".png").toFile();
    Charts.savePng(chart, f, 1000, 620);
    BufferedImage img = ImageIO.read(f);
    assertEquals(1000, img.getWidth());
    assertEquals(620, img.getHeight());
  }

  @Test
  void haltingDistributionShowsFractionsAndPriorWithTheirExpectedValues() throws Exception {
    HaltingDistributionChart c = new HaltingDistributionChart(ChartStyle.LIGHT);
    assertEquals(
        1,
        changeEvents(c.chart(), () -> c.show(last, "λ_p = 0.2, β = 0.02")),
        "one redraw per update");
    assertEquals(10, c.modelSeries().getItemCount());
    assertEquals(1.0, sumY(c.modelSeries()), 1e-12);
    assertEquals(1.0, sumY(c.priorSeries()), 1e-9);
    for (int i = 0; i < 10; i++) {
      assertEquals(
          (double) last.haltingHistogram()[i] / TrainedSnapshots.CONFIG.validationSize(),
          c.modelSeries().getY(i).doubleValue(),
          1e-12);
    }
    // normalized geometric prior, λ_p = 0.2, N = 10: Σ n g_n / Σ g_n (computed independently)
    double num = 0;
    double den = 0;
    for (int n = 1; n <= 10; n++) {
      double g = 0.2 * Math.pow(0.8, n - 1);
      num += n * g;
      den += g;
    }
    assertEquals(num / den, c.priorExpected(), 1e-9);
    assertEquals(
        last.meanSteps(),
        c.modelExpected(),
        1e-9,
        "E[n] of the histogram is the mean halting step");
    png(c.chart(), "halting");
  }

  @Test
  void learningCurvesKeepRawAndSmoothedAndMarkChanges() throws Exception {
    LearningCurvesChart c = new LearningCurvesChart(ChartStyle.LIGHT);
    assertEquals(1, changeEvents(c.chart(), () -> c.show(history, 0.6, false)));
    assertEquals(history.size(), c.totalLossSeries(false).getItemCount());
    assertEquals(history.size(), c.totalLossSeries(true).getItemCount());
    assertEquals(
        last.totalLoss(), c.totalLossSeries(false).getY(history.size() - 1).doubleValue(), 1e-12);
    assertEquals(
        history.get(0).totalLoss(),
        c.totalLossSeries(true).getY(0).doubleValue(),
        1e-12,
        "the debiased EMA starts at the first value");
    assertEquals(3, c.markerCount(), "the β change is marked on all three panels");
    assertEquals("β 0.01 → 0.02", LearningCurvesChart.label(last.changes().get(0)));
    c.show(history, 0.6, true);
    assertTrue(c.isLog());
    int i = c.nearest(last.iteration() - 3);
    assertEquals(history.size() - 1, i);
    assertTrue(c.describe(i).startsWith("iteration 300:"), c.describe(i));
    c.crosshair(i);
    png(c.chart(), "curves");
  }

  @Test
  void ponderMapHasOneCellPerRowAndStep() throws Exception {
    PonderMapChart c = new PonderMapChart(ChartStyle.LIGHT);
    assertEquals(1, changeEvents(c.chart(), () -> c.show(last, "non-zeros")));
    assertEquals(64, c.rowCount());
    assertEquals(640, c.plot().getDataset(0).getItemCount(0));
    String hover = c.describe(2, 63, "non-zeros");
    assertTrue(hover.contains("non-zeros: 8") && hover.contains("p_2 = "), hover);
    png(c.chart(), "ponder-map");
  }

  @Test
  void diagnosticsCompareMeanPWithThePrior() throws Exception {
    StepDiagnosticsChart steps = new StepDiagnosticsChart(ChartStyle.LIGHT);
    assertEquals(1, changeEvents(steps.chart(), () -> steps.show(last)));
    assertEquals(1.0, sumY(steps.meanPSeries()), 1e-5);
    assertEquals(1.0, sumY(steps.priorSeries()), 1e-9);
    png(steps.chart(), "steps");
    DifficultyChart difficulty = new DifficultyChart(new ChartStyle(true, true));
    difficulty.show(last, "non-zeros");
    assertEquals(8, difficulty.stepsSeries().getItemCount(), "parity-8 has difficulties 1..8");
    png(difficulty.chart(), "difficulty-dark-presentation");
  }
}
