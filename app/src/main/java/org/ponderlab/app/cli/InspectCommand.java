package org.ponderlab.app.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ponderlab.core.run.Json;
import org.ponderlab.core.run.SavedRun;
import org.ponderlab.core.task.mnist.DigitImage;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.InputInspection;
import org.ponderlab.core.train.Seeds;
import org.ponderlab.core.train.TaskKind;
import org.ponderlab.core.train.TrainingConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ponderlab inspect RUN --index I | --input "1,0,-1,…" | --image FILE.png [--q Q] [--json]}:
 * one input step by step on a saved model ({@link InputInspection}): λ_n, p_n, the cumulative p,
 * the prediction at each step with its confidence, and where each of the method's rules stops.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "One input, step by step, on a saved run's model: for n = 1..N the halting probability λ_n, p_n, the",
      "cumulative p, the prediction ŷ_n with its confidence, and where each evaluation rule of the method would stop",
      "(decided by the same code as the evaluation)."
    })
public final class InspectCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN", description = "a run folder")
  Path run;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(
        names = "--index",
        paramLabel = "I",
        description = "an input of the run's validation set (0-based)")
    Integer index;

    @Option(
        names = "--input",
        paramLabel = "VALUES",
        description =
            "your own input: a parity vector \"1,0,-1,...\" (D values) or a C-PVR list \"3,1,4,...\" (L values)")
    String input;

    @Option(
        names = "--image",
        paramLabel = "FILE.png",
        description =
            "MNIST runs: a picture of a digit (converted to 28×28 grey; a dark digit on white is inverted)")
    Path image;
  }

  @Option(
      names = "--q",
      paramLabel = "Q",
      description = "the Q-exit threshold (default: the run's q; allowed: (0, 1))")
  String q;

  @Option(
      names = "--json",
      description =
          "print a JSON object (p, lambda, cumulative, prediction, confidence, stops, ...)")
  boolean json;

  @Override
  public Integer call() {
    Cli.TrainedRun opened = Cli.openTrained(run);
    if (opened.run() == null) {
      return opened.exitStatus();
    }
    SavedRun saved = opened.run();
    TrainingConfig config = saved.configInForce();
    try {
      if (q != null) {
        config = config.with("q", q);
      }
    } catch (ConfigException e) {
      return Cli.badValue(e);
    }
    InputInspection inspection;
    InputInspection.Result result;
    java.util.List<String> notes = java.util.List.of();
    try {
      inspection = new InputInspection(config, saved.finalParameters());
      long seed = Seeds.derive(config.seed(), Seeds.EVALUATION);
      if (source.index != null) {
        result = inspection.inspectValidation(source.index, seed);
      } else if (source.input != null) {
        float[] x = inspection.parseInput(source.input);
        int[] ld = inspection.labelAndDifficulty(x);
        result = inspection.inspect(x, ld[0], ld[1], seed);
      } else {
        if (config.taskKind() != TaskKind.MNIST) {
          System.err.println(
              "error: --image is for MNIST runs; this run's task is "
                  + config.task()
                  + " (use --input or --index)");
          return Cli.BAD_VALUE;
        }
        DigitImage image = DigitImage.read(source.image);
        notes = image.notes();
        result = inspection.inspect(image.pixels(), -1, -1, seed);
      }
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return Cli.BAD_VALUE;
    }
    System.out.print(json ? json(result, notes) : table(result, config, notes));
    return 0;
  }

  static String json(InputInspection.Result r, java.util.List<String> notes) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("label", r.label() < 0 ? null : r.label());
    m.put("difficulty", r.difficulty() < 0 ? null : r.difficulty());
    m.put("steps", r.steps());
    m.put("lambda", r.lambda());
    m.put("p", r.p());
    m.put("cumulative", r.cumulative());
    m.put("prediction", r.prediction());
    m.put("confidence", r.confidence());
    m.put("expected_step", r.expectedStep());
    m.put("q", r.q());
    m.put("stops", r.stopSteps());
    Map<String, Integer> predictions = new LinkedHashMap<>();
    r.stops().forEach((rule, stop) -> predictions.put(rule, stop.prediction()));
    m.put("stop_predictions", predictions);
    if (!notes.isEmpty()) {
      m.put("image_notes", notes);
    }
    return Json.write(m);
  }

  static String table(
      InputInspection.Result r, TrainingConfig config, java.util.List<String> notes) {
    StringBuilder b = new StringBuilder();
    for (String note : notes) {
      b.append("image: ").append(note).append('\n');
    }
    b.append(
        String.format(
            Locale.ROOT,
            "%s / %s, N = %d%s%s%n",
            config.task(),
            config.method(),
            r.steps(),
            r.label() < 0 ? "" : ", label " + r.label(),
            r.difficulty() < 0 ? "" : ", difficulty " + r.difficulty()));
    b.append(
        String.format(
            Locale.ROOT,
            "%4s %8s %8s %8s %6s %6s  %s%n",
            "n",
            "lambda",
            "p_n",
            "cum p",
            "pred",
            "conf",
            "stops here"));
    for (int n = 1; n <= r.steps(); n++) {
      StringBuilder here = new StringBuilder();
      int step = n;
      r.stops()
          .forEach(
              (rule, stop) -> {
                if (stop.step() == step) {
                  here.append(here.length() == 0 ? "" : ", ").append(rule);
                }
              });
      b.append(
          String.format(
              Locale.ROOT,
              "%4d %8.4f %8.4f %8.4f %6d %6.3f  %s%n",
              n,
              r.lambda()[n - 1],
              r.p()[n - 1],
              r.cumulative()[n - 1],
              r.prediction()[n - 1],
              r.confidence()[n - 1],
              here));
    }
    b.append(String.format(Locale.ROOT, "E[n] = %.3f; q = %s%n", r.expectedStep(), r.q()));
    r.stops()
        .forEach(
            (rule, stop) ->
                b.append(
                    String.format(
                        Locale.ROOT,
                        "%-12s stops at step %d, predicts %d%s%n",
                        rule,
                        stop.step(),
                        stop.prediction(),
                        r.label() < 0
                            ? ""
                            : stop.prediction() == r.label() ? " (right)" : " (wrong)")));
    return b.toString();
  }
}
