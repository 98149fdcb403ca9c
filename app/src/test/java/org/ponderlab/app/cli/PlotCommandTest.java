package org.ponderlab.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.app.cli.TrainCommandTest.Result;
import org.ponderlab.core.run.RunReader;
import org.ponderlab.core.run.RunSession;
import org.ponderlab.core.run.SavedRun;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.TrainingConfig;
import org.ponderlab.core.train.TrainingListener;

class PlotCommandTest {
  @TempDir static Path runs;
  @TempDir Path tmp;
  static List<SavedRun> saved;

  @BeforeAll
  static void train() throws Exception {
    for (String lambda : List.of("0.1", "0.5")) {
      TrainingConfig c = TrainingConfig.fromText(Map.of("iterations", "90", "eval-every", "30", "hidden", "8",
          "max-steps", "5", "batch", "16", "validation-size", "128", "lambda-p", lambda));
      RunSession.create(runs.resolve("l" + lambda), c, List.of(), new TrainingListener() {}).start().await(i -> {}, 50);
    }
    saved = List.of(RunReader.open(runs.resolve("l0.1")), RunReader.open(runs.resolve("l0.5")));
  }

  @Test
  void everyKindRendersAPngOfTheAskedSize() throws Exception {
    for (String kind : List.of("curves", "losses", "halting", "difficulty")) {
      Path png = tmp.resolve(kind + ".png");
      Result r = TrainCommandTest.run("plot", runs.resolve("l0.1").toString(), runs.resolve("l0.5").toString(),
          "--chart", kind, "--width", "640", "--height", "400", "--out", png.toString());
      assertEquals(0, r.status(), r.err());
      BufferedImage image = ImageIO.read(png.toFile());
      assertEquals(640, image.getWidth());
      assertEquals(400, image.getHeight());
      assertTrue(SweepCommandTest.distinctColours(image) > 20, kind);
    }
    Result bad = TrainCommandTest.run("plot", runs.resolve("l0.1").toString(), "--chart", "pie", "--out", tmp.resolve("p.png").toString());
    assertEquals(2, bad.status());
    assertTrue(bad.err().contains("--chart: 'pie' is not allowed; allowed: curves, losses, halting, difficulty"), bad.err());
  }

  @Test
  void theCurvesHoldEachRunsSnapshots() {
    JFreeChart chart = RunCharts.build(RunCharts.Kind.CURVES, saved, List.of("a", "b"));
    List<XYPlot> panels = ((CombinedDomainXYPlot) chart.getXYPlot()).getSubplots();
    XYDataset accuracy = panels.get(0).getDataset();
    XYDataset steps = panels.get(1).getDataset();
    assertEquals(2, accuracy.getSeriesCount());
    for (int run = 0; run < 2; run++) {
      List<Snapshot> s = saved.get(run).snapshots();
      assertEquals(3, accuracy.getItemCount(run));
      for (int i = 0; i < 3; i++) {
        assertEquals(30.0 * (i + 1), accuracy.getXValue(run, i));
        assertEquals(s.get(i).accuracy(), accuracy.getYValue(run, i));
        assertEquals(s.get(i).meanSteps(), steps.getYValue(run, i));
      }
    }
  }

  @Test
  void theHaltingChartIsTheLastHistogramAsFractionsWithThePrior() {
    XYPlot plot = RunCharts.build(RunCharts.Kind.HALTING, saved, List.of("a", "b")).getXYPlot();
    Snapshot last = saved.get(1).last();
    for (int n = 1; n <= 5; n++) {
      assertEquals(last.haltingHistogram()[n - 1] / 128.0, plot.getDataset(0).getYValue(1, n - 1), 1e-12);
      assertEquals(last.prior()[n - 1], plot.getDataset(1).getYValue(1, n - 1), 1e-12);
    }
    // normalised geometric prior with λ_p = 0.5 over 5 steps: 0.5^n / (1 − 0.5^5)
    assertEquals(0.5 / (1 - Math.pow(0.5, 5)), plot.getDataset(1).getYValue(1, 0), 1e-6);
  }
}
