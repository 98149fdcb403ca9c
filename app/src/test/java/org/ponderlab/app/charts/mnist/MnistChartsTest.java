package org.ponderlab.app.charts.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.entity.CategoryItemEntity;
import org.jfree.chart.entity.ChartEntity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ponderlab.core.run.RunWriter;
import org.ponderlab.core.train.Experiment;
import org.ponderlab.core.train.Experiments;
import org.ponderlab.core.train.PonderRow;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.Trainer;
import org.ponderlab.core.train.TrainerState;
import org.ponderlab.core.train.TrainingConfig;
import org.ponderlab.core.train.TrainingListener;

/**
 * Both MNIST charts rendered headlessly to PNG from the snapshot of a real short training run, and
 * the PNGs read back and checked against the snapshot: every ponder row has its badge in its step's
 * colour, every misclassified digit (and only those) a red frame, the digits' own pixels are drawn;
 * one bar per class in its colour with heights in the ratio of the mean steps. The pictures stay in
 * target/mnist-charts/ for a look.
 */
class MnistChartsTest {
  private static final Path OUT = Path.of("target", "mnist-charts");
  private static Snapshot snapshot;
  private static TrainingConfig config;

  @BeforeAll
  static void train() throws InterruptedException {
    config =
        TrainingConfig.fromText(
            Map.of(
                "task",
                "mnist",
                "max-steps",
                "12",
                "batch",
                "64",
                "beta",
                "0.05",
                "lambda-p",
                "0.2",
                "lr",
                "0.002",
                "iterations",
                "60",
                "eval-every",
                "60",
                "seed",
                "4"));
    Experiment experiment = Experiments.create(config);
    AtomicReference<Snapshot> last = new AtomicReference<>();
    Trainer trainer =
        new Trainer(
            config,
            experiment,
            new TrainingListener() {
              @Override
              public void onSnapshot(Snapshot s) {
                last.set(s);
              }

              @Override
              public void onStateChanged(TrainerState state, String message) {}
            });
    trainer.start().play();
    trainer.join(60_000);
    assertEquals(TrainerState.FINISHED, trainer.state());
    snapshot = last.get();
    assertEquals(64, snapshot.ponderRows().size());
  }

  @Test
  void ponderMapPngShowsEveryDigitWithItsStepBadgeAndFramesTheMistakes() throws IOException {
    DigitPonderMap map = DigitPonderMap.of(snapshot);
    Path file = OUT.resolve("mnist-ponder-map.png");
    map.writePng(file, 960, 440);
    BufferedImage png = ImageIO.read(file.toFile());
    assertEquals(960, png.getWidth());
    assertEquals(440, png.getHeight());
    assertNotBlank(png);

    DigitPonderMap.Layout layout = map.layout(960, 440);
    List<DigitPonderMap.Cell> cells = layout.cells();
    assertEquals(snapshot.ponderRows().size(), cells.size());
    int badges = 0;
    int redFrames = 0;
    int wrong = 0;
    Set<Rectangle> distinct = new HashSet<>();
    for (int i = 0; i < cells.size(); i++) {
      DigitPonderMap.Cell c = cells.get(i);
      // ranked by the deterministic E[n] = Σ n·p_n, computed here from p_n, not by one sampled step
      double expected = 0;
      for (int n = 1; n <= c.row().haltingProb().length; n++) {
        expected += n * c.row().haltingProb()[n - 1];
      }
      assertEquals(expected, map.valueOf(i), 1e-9);
      if (i > 0) {
        assertTrue(map.valueOf(i - 1) >= map.valueOf(i), "sorted by E[n], most first");
      }
      Rectangle b = c.badge();
      assertTrue(c.digit().contains(b), "badge inside its digit");
      distinct.add(b);
      Color colour = map.stepColor(map.valueOf(i));
      if (close(colour, new Color(png.getRGB(b.x + 2, b.y + b.height / 2)), 3)) {
        badges++;
      }
      Rectangle d = c.digit();
      boolean red =
          close(DigitPonderMap.MISCLASSIFIED, new Color(png.getRGB(d.x, d.y + d.height / 2)), 10);
      redFrames += red ? 1 : 0;
      wrong += c.misclassified() ? 1 : 0;
      assertEquals(c.misclassified(), red, "frame of row " + c.row().index());
      assertDigitPixelsDrawn(png, c);
    }
    assertEquals(cells.size(), distinct.size(), "no two badges at the same place");
    assertEquals(snapshot.ponderRows().size(), badges, "badges in their step colour");
    assertEquals(wrong, redFrames);
    long wrongRows =
        snapshot.ponderRows().stream().filter(r -> r.prediction() != r.label()).count();
    assertEquals(wrongRows, wrong);
    // the colours span the steps in the picture: fewest = the scale's dark end, most = its bright
    // end
    double fewest = map.valueOf(cells.size() - 1);
    double most = map.valueOf(0);
    assertTrue(most > fewest, "inputs differ in E[n]");
    assertEquals(new Color(68, 1, 84), map.stepColor(fewest));
    assertEquals(new Color(253, 231, 37), map.stepColor(most));
    System.out.printf(
        "ponder map: %d digits, %d misclassified, halting steps %d..%d, written to %s%n",
        cells.size(),
        wrong,
        (int) Math.floor(fewest),
        (int) Math.ceil(most),
        file.toAbsolutePath());
  }

  /**
   * The centre 12×12 source pixels (outside the badge) are drawn with their grey values (nearest
   * neighbour).
   */
  private static void assertDigitPixelsDrawn(BufferedImage png, DigitPonderMap.Cell c) {
    Rectangle d = c.digit();
    float[] input = c.row().input();
    double scale = d.width / 28.0;
    for (int py = 8; py < 20; py++) {
      for (int px = 8; px < 20; px++) {
        int x = d.x + (int) ((px + 0.5) * scale);
        int y = d.y + (int) ((py + 0.5) * scale);
        if (c.badge().contains(x, y)) {
          continue; // the badge sits on the image's top-right corner
        }
        int grey = Math.round(255 * (1 - input[py * 28 + px]));
        Color seen = new Color(png.getRGB(x, y));
        assertTrue(
            close(new Color(grey, grey, grey), seen, 2),
            "digit #"
                + c.row().index()
                + " pixel ("
                + px
                + ","
                + py
                + "): want grey "
                + grey
                + ", see "
                + seen);
      }
    }
  }

  @Test
  void hoverTextListsEveryStepsHaltingProbability() {
    PonderRow row = snapshot.ponderRows().get(5);
    String text = DigitPonderMap.describe(row);
    double sum = 0;
    int lines = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("p_")) {
        sum += Double.parseDouble(line.substring(5, 10).trim());
        lines++;
      }
    }
    assertEquals(snapshot.steps(), lines);
    assertEquals(1.0, sum, 0.01);
    assertTrue(
        text.startsWith("digit " + row.label() + " (test image #" + row.index() + ")"), text);
    assertTrue(text.contains("the rule halted it at step " + row.haltStep()), text);
  }

  @Test
  void classBarChartPngHasOneBarPerDigitInItsStepColour() throws IOException {
    JFreeChart chart = ClassStepsChart.create(snapshot);
    Path file = OUT.resolve("mnist-class-steps.png");
    ClassStepsChart.writePng(chart, file, 800, 420);
    BufferedImage png = ImageIO.read(file.toFile());
    assertEquals(800, png.getWidth());
    assertEquals(420, png.getHeight());
    assertNotBlank(png);

    ChartRenderingInfo info = new ChartRenderingInfo();
    BufferedImage drawn = chart.createBufferedImage(800, 420, info);
    List<CategoryItemEntity> bars = new ArrayList<>();
    for (Object e : info.getEntityCollection().getEntities()) {
      if (e instanceof CategoryItemEntity bar) {
        bars.add(bar);
      }
    }
    double[] steps = snapshot.meanStepsByDifficulty();
    assertEquals(10, bars.size());
    double unit = Double.NaN;
    for (CategoryItemEntity bar : bars) {
      int digit = Integer.parseInt(bar.getColumnKey().toString());
      Rectangle r = ((ChartEntity) bar).getArea().getBounds();
      Color expected = StepColors.of(steps[digit], snapshot.steps());
      // the bar's colour beside the Q1–Q3 whisker (its caps span the middle half of the bar)
      assertTrue(
          close(expected, new Color(drawn.getRGB(r.x + r.width / 6, r.y + r.height / 2)), 3),
          "bar " + digit);
      assertTrue(
          close(expected, new Color(png.getRGB(r.x + r.width / 6, r.y + r.height / 2)), 3),
          "png bar " + digit);
      org.ponderlab.core.train.DifficultyStats stats = snapshot.difficultyStats();
      if (stats != null
          && !Double.isNaN(stats.stepsQ1()[digit])
          && stats.stepsQ3()[digit] > stats.stepsQ1()[digit]) {
        // the whisker: black on the centre line halfway between Q1 and Q3
        var plot = chart.getCategoryPlot();
        double mid = (stats.stepsQ1()[digit] + stats.stepsQ3()[digit]) / 2;
        int y =
            (int)
                Math.round(
                    plot.getRangeAxis()
                        .valueToJava2D(
                            mid, info.getPlotInfo().getDataArea(), plot.getRangeAxisEdge()));
        int x = (int) Math.round(r.getCenterX());
        boolean dark = false;
        for (int dx = -1; dx <= 1; dx++) {
          Color c = new Color(drawn.getRGB(x + dx, y));
          dark |= c.getRed() + c.getGreen() + c.getBlue() < 150;
        }
        assertTrue(dark, "whisker of digit " + digit);
      }
      double perStep = r.getHeight() / steps[digit];
      if (Double.isNaN(unit)) {
        unit = perStep;
      }
      assertEquals(
          unit,
          perStep,
          2.0 / Math.min(steps[digit], 1.0) + 0.02 * unit,
          "bar " + digit + " height");
      assertTrue(
          bar.getToolTipText().startsWith("digit " + digit + ": mean halting step"),
          bar.getToolTipText());
    }
  }

  @Test
  void aRunFoldersChartsAreTheSnapshotsCharts(@TempDir Path run) throws Exception {
    RunWriter writer = new RunWriter(run, config, Instant.now(), List.of("test"));
    writer.onSnapshot(snapshot);
    writer.onStateChanged(TrainerState.FINISHED, "finished");
    List<PonderRow> fromFolder = MnistRunCharts.ponderMap(run).rows();
    List<PonderRow> fromSnapshot = DigitPonderMap.of(snapshot).rows();
    assertEquals(fromSnapshot.size(), fromFolder.size());
    for (int i = 0; i < fromSnapshot.size(); i++) {
      PonderRow a = fromSnapshot.get(i);
      PonderRow b = fromFolder.get(i);
      assertEquals(a.index(), b.index());
      assertEquals(a.label(), b.label());
      assertEquals(a.prediction(), b.prediction());
      assertEquals(a.haltStep(), b.haltStep());
      assertArrayEquals(a.input(), b.input()); // pixels looked up in the test split by index
      assertArrayEquals(a.haltingProb(), b.haltingProb(), 1e-5);
    }
    JFreeChart chart = MnistRunCharts.classSteps(run);
    var data = ((org.jfree.chart.plot.CategoryPlot) chart.getPlot()).getDataset();
    for (int d = 0; d < 10; d++) {
      assertEquals(snapshot.meanStepsByDifficulty()[d], data.getValue(0, d).doubleValue(), 1e-12);
    }
    MnistRunCharts.main(new String[] {run.toString(), run.resolve("png").toString()});
    assertTrue(Files.size(run.resolve("png").resolve(MnistRunCharts.PONDER_MAP_PNG)) > 10_000);
    assertTrue(Files.size(run.resolve("png").resolve(MnistRunCharts.CLASS_STEPS_PNG)) > 5_000);
  }

  @Test
  void windowNodeShowsTheMapAndTellsTheHoveredDigitsProbabilities() throws Exception {
    startFx();
    AtomicReference<String> first = new AtomicReference<>();
    AtomicReference<String> outside = new AtomicReference<>();
    AtomicReference<Integer> cellsShown = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    Platform.runLater(
        () -> {
          try {
            DigitPonderMapView view = new DigitPonderMapView();
            view.show(snapshot);
            view.resize(960, 420);
            view.layout();
            DigitPonderMap.Layout layout = view.map().layout(960, 420);
            cellsShown.set(layout.cells().size());
            Rectangle d = layout.cells().get(0).digit();
            first.set(view.tooltipTextAt(d.getCenterX(), d.getCenterY()));
            outside.set(view.tooltipTextAt(2, 2));
            assertNotNull(ClassStepsChart.node(ClassStepsChart.create(snapshot)));
          } catch (Throwable t) {
            failure.set(t);
          } finally {
            done.countDown();
          }
        });
    assertTrue(done.await(30, TimeUnit.SECONDS));
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
    assertEquals(64, cellsShown.get());
    assertEquals(DigitPonderMap.describe(DigitPonderMap.of(snapshot).rows().get(0)), first.get());
    assertNull(outside.get());
  }

  private static void startFx() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    try {
      Platform.startup(started::countDown);
    } catch (IllegalStateException alreadyRunning) {
      started.countDown();
    }
    assertTrue(started.await(30, TimeUnit.SECONDS));
  }

  private static void assertNotBlank(BufferedImage png) {
    int white = 0;
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < png.getHeight(); y++) {
      for (int x = 0; x < png.getWidth(); x++) {
        int rgb = png.getRGB(x, y) & 0xFFFFFF;
        white += rgb == 0xFFFFFF ? 1 : 0;
        colours.add(rgb);
      }
    }
    double inked = 1 - (double) white / (png.getWidth() * png.getHeight());
    assertTrue(inked > 0.05, "only " + inked + " of the picture is drawn");
    assertTrue(colours.size() > 20, colours.size() + " colours");
  }

  private static boolean close(Color a, Color b, int tolerance) {
    return Math.abs(a.getRed() - b.getRed()) <= tolerance
        && Math.abs(a.getGreen() - b.getGreen()) <= tolerance
        && Math.abs(a.getBlue() - b.getBlue()) <= tolerance;
  }

  static {
    try {
      Files.createDirectories(OUT);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
