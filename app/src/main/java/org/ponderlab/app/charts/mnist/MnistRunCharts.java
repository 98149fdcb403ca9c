package org.ponderlab.app.charts.mnist;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.ponderlab.core.run.Json;
import org.ponderlab.core.run.RunFolder;
import org.ponderlab.core.run.RunFolderException;
import org.ponderlab.core.run.RunReader;
import org.ponderlab.core.train.PonderRow;

/**
 * The MNIST charts of a run folder written by {@code ponderlab train --task mnist}: the last
 * evaluation's ponder rows (with their digits' pixels, as the run folder keeps them) and the
 * per-class numbers of summary.json. {@link #main} writes both PNGs; this is how the README's
 * picture is made from a trained run.
 */
final class MnistRunCharts {
  /** File names {@link #main} writes into its output folder. */
  public static final String PONDER_MAP_PNG = "mnist-ponder-map.png";

  public static final String CLASS_STEPS_PNG = "mnist-class-steps.png";

  private MnistRunCharts() {}

  /** The ponder map of the run's last evaluation. */
  public static DigitPonderMap ponderMap(Path run) throws IOException, RunFolderException {
    JsonNode settings = settings(run);
    JsonNode summary = summary(run);
    // the run folder keeps each evaluation's ponder rows with their inputs (the digits' pixels)
    List<PonderRow> rows = RunReader.openHistory(run).last().ponderRows();
    return new DigitPonderMap(rows, summary.path("steps_max").asInt(), describe(settings, summary));
  }

  /** Mean halting step per class of the run's last evaluation. */
  public static JFreeChart classSteps(Path run) throws IOException {
    JsonNode settings = settings(run);
    JsonNode summary = summary(run);
    double[] steps = values(summary.path("mean_steps_by_difficulty"));
    double[] accuracy = values(summary.path("accuracy_by_difficulty"));
    return ClassStepsChart.create(
        steps,
        accuracy,
        summary.path("steps_max").asInt(),
        summary.path("mean_steps").asDouble(),
        describe(settings, summary));
  }

  private static String describe(JsonNode settings, JsonNode summary) {
    return String.format(
        Locale.ROOT,
        "%s, λ_p %s, β %s, lr %s, seed %s, %d iterations, rule %s: accuracy %.2f%%, "
            + "mean steps %.2f of %d",
        settings.path("method").asText(),
        settings.path("lambda-p").asText(),
        settings.path("beta").asText(),
        settings.path("lr").asText(),
        settings.path("seed").asText(),
        summary.path("iterations").asLong(),
        summary.path("rule").asText(),
        100 * summary.path("accuracy").asDouble(),
        summary.path("mean_steps").asDouble(),
        summary.path("steps_max").asInt());
  }

  private static double[] values(JsonNode array) {
    double[] v = new double[array.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = array.get(i).isNull() ? Double.NaN : array.get(i).asDouble();
    }
    return v;
  }

  private static JsonNode settings(Path run) throws IOException {
    return Json.read(run, run.resolve(RunFolder.CONFIG)).path("settings");
  }

  private static JsonNode summary(Path run) throws IOException {
    Path file = run.resolve(RunFolder.SUMMARY);
    if (!Files.exists(file)) {
      throw new IOException(run + " has no " + RunFolder.SUMMARY + " (the run has not ended)");
    }
    return Json.read(run, file);
  }

  /** {@code MnistRunCharts RUN_DIR OUT_DIR}: writes both PNGs of a finished MNIST run. */
  public static void main(String[] args) throws IOException, RunFolderException {
    if (args.length != 2) {
      System.err.println("usage: MnistRunCharts RUN_DIR OUT_DIR");
      System.exit(2);
    }
    Path run = Path.of(args[0]);
    Path out = Path.of(args[1]);
    ponderMap(run).writePng(out.resolve(PONDER_MAP_PNG), 960, 440);
    ClassStepsChart.writePng(classSteps(run), out.resolve(CLASS_STEPS_PNG), 800, 420);
    System.out.println(
        "wrote " + out.resolve(PONDER_MAP_PNG) + " and " + out.resolve(CLASS_STEPS_PNG));
  }
}
