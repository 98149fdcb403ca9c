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
      TrainingConfig c =
          TrainingConfig.fromText(
              Map.of(
                  "iterations",
                  "90",
                  "eval-every",
                  "30",
                  "hidden",
                  "8",
                  "max-steps",
                  "5",
                  "batch",
                  "16",
                  "validation-size",
                  "128",
                  "lambda-p",
                  lambda));
      RunSession.create(runs.resolve("l" + lambda), c, List.of(), new TrainingListener() {})
          .start()
          .await(i -> {}, 50);
    }
    saved = List.of(RunReader.open(runs.resolve("l0.1")), RunReader.open(runs.resolve("l0.5")));
  }

  @Test
  void everyKindRendersAPngOfTheAskedSize() throws Exception {
    for (String kind : List.of("curves", "losses", "halting", "difficulty")) {
      Path png = tmp.resolve(kind + ".png");
      Result r =
          TrainCommandTest.run(
              "plot",
              runs.resolve("l0.1").toString(),
              runs.resolve("l0.5").toString(),
              "--chart",
              kind,
              "--width",
              "640",
              "--height",
              "400",
              "--out",
              png.toString());
      assertEquals(0, r.status(), r.err());
      BufferedImage image = ImageIO.read(png.toFile());
      assertEquals(640, image.getWidth());
      assertEquals(400, image.getHeight());
      assertTrue(SweepCommandTest.distinctColours(image) > 20, kind);
    }
    Result bad =
        TrainCommandTest.run(
            "plot",
            runs.resolve("l0.1").toString(),
            "--chart",
            "pie",
            "--out",
            tmp.resolve("p.png").toString());
    assertEquals(2, bad.status());
    assertTrue(
        bad.err()
            .contains(
                "--chart: 'pie' is not allowed; allowed: curves, losses, halting, difficulty"),
        bad.err());
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
      assertEquals(
          last.haltingHistogram()[n - 1] / 128.0, plot.getDataset(0).getYValue(1, n - 1), 1e-12);
      assertEquals(last.prior()[n - 1], plot.getDataset(1).getYValue(1, n - 1), 1e-12);
    }
    // normalised geometric prior with λ_p = 0.5 over 5 steps: 0.5^n / (1 − 0.5^5)
    assertEquals(0.5 / (1 - Math.pow(0.5, 5)), plot.getDataset(1).getYValue(1, 0), 1e-6);
  }

  @Test
  void theHaltingHistoryIsEverySnapshotsHistogramAsSharesOverIterations() throws Exception {
    SavedRun run = saved.get(0);
    XYPlot plot =
        RunCharts.build(RunCharts.Kind.HALTING_HISTORY, List.of(run), List.of("a")).getXYPlot();
    org.jfree.data.xy.XYZDataset heat = (org.jfree.data.xy.XYZDataset) plot.getDataset(0);
    assertEquals(3 * 5, heat.getItemCount(0)); // 3 snapshots (iterations 30, 60, 90) × N = 5
    for (int c = 0; c < 3; c++) {
      Snapshot s = run.snapshots().get(c);
      double columnSum = 0;
      for (int n = 1; n <= 5; n++) {
        int item = c * 5 + n - 1;
        assertEquals(30.0 * (c + 1), heat.getXValue(0, item));
        assertEquals(n, heat.getYValue(0, item));
        assertEquals(s.haltingHistogram()[n - 1] / 128.0, heat.getZValue(0, item), 1e-12);
        columnSum += heat.getZValue(0, item);
      }
      assertEquals(1.0, columnSum, 1e-9);
      assertEquals(s.meanSteps(), plot.getDataset(1).getYValue(0, c), 1e-12); // the mean-step line
    }
    Path png = tmp.resolve("history.png");
    Result r =
        TrainCommandTest.run(
            "plot",
            runs.resolve("l0.1").toString(),
            "--chart",
            "halting-history",
            "--width",
            "640",
            "--height",
            "400",
            "--out",
            png.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(SweepCommandTest.distinctColours(ImageIO.read(png.toFile())) > 20);
    Result two =
        TrainCommandTest.run(
            "plot",
            runs.resolve("l0.1").toString(),
            runs.resolve("l0.5").toString(),
            "--chart",
            "halting-history",
            "--out",
            png.toString());
    assertEquals(2, two.status());
    assertTrue(two.err().contains("halting-history draws one run"), two.err());
  }

  @Test
  void aLongHistoryIsThinnedToEvenlySpacedColumnsKeepingTheEnds() {
    List<Snapshot> many = new java.util.ArrayList<>();
    Snapshot s = saved.get(0).last();
    for (int i = 1; i <= 1000; i++) {
      many.add(
          new Snapshot(
              i * 10L,
              0,
              0,
              0,
              0,
              0,
              0,
              "sample",
              s.haltingHistogram(),
              null,
              new double[0],
              new double[0],
              new double[0],
              new double[0],
              List.of(),
              0,
              List.of()));
    }
    org.ponderlab.app.charts.HaltingHistory h =
        org.ponderlab.app.charts.HaltingHistory.of(many, 400);
    assertEquals(400, h.columns());
    assertEquals(10, h.iterations()[0]);
    assertEquals(10_000, h.iterations()[399]);
    assertEquals(0, h.starts()[0]);
    for (int c = 1; c < 400; c++) {
      assertEquals(h.iterations()[c - 1], h.starts()[c]); // columns tile the iteration axis
    }
  }
}
