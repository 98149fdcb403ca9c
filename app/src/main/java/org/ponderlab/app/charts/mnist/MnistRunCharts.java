package org.ponderlab.app.charts.mnist;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.ponderlab.core.run.Json;
import org.ponderlab.core.run.RunFolder;
import org.ponderlab.core.task.mnist.IdxImages;
import org.ponderlab.core.task.mnist.MnistData;
import org.ponderlab.core.train.PonderRow;

/**
 * The MNIST charts of a run folder written by {@code ponderlab train --task mnist}: the ponder rows
 * of ponder.csv (their pixels looked up in the run's test split by index, the run folder stores no
 * pixels) and the per-class numbers of summary.json. {@link #main} writes both PNGs; this is how
 * the README's picture is made from a trained run.
 */
public final class MnistRunCharts {
  /** File names {@link #main} writes into its output folder. */
  public static final String PONDER_MAP_PNG = "mnist-ponder-map.png";
  public static final String CLASS_STEPS_PNG = "mnist-class-steps.png";

  private MnistRunCharts() {}

  /** The ponder map of the run's last evaluation. */
  public static DigitPonderMap ponderMap(Path run) throws IOException {
    JsonNode settings = settings(run);
    JsonNode summary = summary(run);
    IdxImages test = data(settings).test().images();
    List<String> lines = Files.readAllLines(run.resolve(RunFolder.PONDER));
    List<PonderRow> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] v = line.split(",");
      int index = Integer.parseInt(v[0]);
      double[] p = new double[v.length - 5];
      for (int n = 0; n < p.length; n++) {
        p[n] = Double.parseDouble(v[5 + n]);
      }
      float[] pixels = new float[test.imageSize()];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = test.pixel(index, i) / 255f;
      }
      rows.add(new PonderRow(index, Integer.parseInt(v[1]), pixels, Integer.parseInt(v[2]), Integer.parseInt(v[3]),
          Integer.parseInt(v[4]), p));
    }
    return new DigitPonderMap(rows, summary.path("steps_max").asInt(), describe(settings, summary));
  }

  /** Mean halting step per class of the run's last evaluation. */
  public static JFreeChart classSteps(Path run) throws IOException {
    JsonNode settings = settings(run);
    JsonNode summary = summary(run);
    double[] steps = values(summary.path("mean_steps_by_difficulty"));
    double[] accuracy = values(summary.path("accuracy_by_difficulty"));
    return ClassStepsChart.create(steps, accuracy, summary.path("steps_max").asInt(),
        summary.path("mean_steps").asDouble(), describe(settings, summary));
  }

  private static String describe(JsonNode settings, JsonNode summary) {
    return String.format(Locale.ROOT, "%s, λ_p %s, β %s, lr %s, seed %s, %d iterations, rule %s: accuracy %.2f%%, "
            + "mean steps %.2f of %d", settings.path("method").asText(), settings.path("lambda-p").asText(),
        settings.path("beta").asText(), settings.path("lr").asText(), settings.path("seed").asText(),
        summary.path("iterations").asLong(), summary.path("rule").asText(), 100 * summary.path("accuracy").asDouble(),
        summary.path("mean_steps").asDouble(), summary.path("steps_max").asInt());
  }

  private static double[] values(JsonNode array) {
    double[] v = new double[array.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = array.get(i).isNull() ? Double.NaN : array.get(i).asDouble();
    }
    return v;
  }

  private static JsonNode settings(Path run) throws IOException {
    return Json.MAPPER.readTree(run.resolve(RunFolder.CONFIG).toFile()).path("settings");
  }

  private static JsonNode summary(Path run) throws IOException {
    Path file = run.resolve(RunFolder.SUMMARY);
    if (!Files.exists(file)) {
      throw new IOException(run + " has no " + RunFolder.SUMMARY + " (the run has not ended)");
    }
    return Json.MAPPER.readTree(file.toFile());
  }

  private static MnistData data(JsonNode settings) throws IOException {
    if (!"mnist".equals(settings.path("task").asText())) {
      throw new IOException("not an MNIST run: task " + settings.path("task").asText());
    }
    String folder = settings.path("data").asText("");
    return folder.isEmpty() ? MnistData.shipped() : MnistData.load(Path.of(folder));
  }

  /** {@code MnistRunCharts RUN_DIR OUT_DIR}: writes both PNGs of a finished MNIST run. */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: MnistRunCharts RUN_DIR OUT_DIR");
      System.exit(2);
    }
    Path run = Path.of(args[0]);
    Path out = Path.of(args[1]);
    ponderMap(run).writePng(out.resolve(PONDER_MAP_PNG), 960, 440);
    ClassStepsChart.writePng(classSteps(run), out.resolve(CLASS_STEPS_PNG), 800, 420);
    System.out.println("wrote " + out.resolve(PONDER_MAP_PNG) + " and " + out.resolve(CLASS_STEPS_PNG));
  }
}
