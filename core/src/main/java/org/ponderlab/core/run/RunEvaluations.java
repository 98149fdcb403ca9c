package org.ponderlab.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.ponderlab.core.halting.EvaluationRule;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.Evaluation;
import org.ponderlab.core.train.Evaluator;
import org.ponderlab.core.train.Experiment;
import org.ponderlab.core.train.Experiments;
import org.ponderlab.core.train.Seeds;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.TrainingConfig;

/**
 * Evaluates a saved run's model under any rule its method allows, without training: the same {@link
 * Evaluator} on the same validation set with the same evaluation seed as the run's own snapshot at
 * that iteration, so evaluating under the run's own rule reproduces its final numbers. The result
 * is written beside the run in {@code evaluations/<rule>.json} ({@code
 * evaluations/q-exit-q<q>.json} for Q-exit); nothing else in the folder — model.bin, metrics.csv,
 * the training history — is touched.
 */
public final class RunEvaluations {
  /** The folder, inside a run, holding its evaluations. */
  public static final String DIR = "evaluations";

  private RunEvaluations() {}

  /**
   * One evaluation of a saved model.
   *
   * @param run the run folder
   * @param iteration the model's iteration
   * @param rule the rule's command-line name
   * @param q the Q-exit threshold (meaningful for q-exit)
   * @param snapshot the evaluation as a snapshot (losses NaN: nothing was trained)
   * @param file where it was saved (null before {@link #save})
   */
  public record Result(
      Path run, long iteration, String rule, double q, Snapshot snapshot, Path file) {
    public double accuracy() {
      return snapshot.accuracy();
    }

    public double meanSteps() {
      return snapshot.meanSteps();
    }

    public double meanStepsRun() {
      return snapshot.meanStepsRun();
    }

    /** A label for tables: "q-exit q=0.3 (evaluation)". */
    public String label() {
      return rule
          + (EvaluationRule.Q_EXIT.cliName().equals(rule) ? " q=" + q : "")
          + " (evaluation)";
    }
  }

  /**
   * Evaluates the run's final model under {@code rule} ("default": the method's own) and, for
   * q-exit, threshold {@code q} (null: the run's). Runs on the calling thread (it builds its own
   * network); a bad rule or q throws {@link ConfigException} naming it.
   */
  public static Result evaluate(SavedRun run, String rule, String q) {
    if (run.finalParameters() == null) {
      throw new ConfigException(
          "run",
          run.folder().toString(),
          "has no saved model yet (model.bin comes with the first snapshot)");
    }
    TrainingConfig config = run.configInForce().with("eval-rule", rule);
    if (q != null) {
      config = config.with("q", q);
    }
    Experiment e = Experiments.create(config);
    EvaluationRule r = config.evaluationRule(e.method().rules().get(0));
    if (!e.method().rules().contains(r)) {
      throw new ConfigException(
          "eval-rule", rule, config.method() + " allows " + e.method().rules());
    }
    long iteration = run.checkpoint().iteration();
    Evaluator evaluator =
        new Evaluator(e.task(), e.network(), e.method(), e.maxBatch(), config.maxSteps());
    Evaluation ev =
        evaluator.evaluate(
            run.finalParameters(),
            config,
            r,
            Seeds.derive(config.seed(), Seeds.EVALUATION + iteration));
    Snapshot s =
        new Snapshot(
            iteration,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            ev.accuracy(),
            ev.meanSteps(),
            ev.meanStepsRun(),
            r.cliName(),
            ev.haltingHistogram(),
            e.method().prior(config, config.maxSteps()),
            ev.meanHaltingProbability(),
            ev.accuracyAtStep(),
            ev.accuracyByDifficulty(),
            ev.meanStepsByDifficulty(),
            ev.ponderRows(),
            Double.NaN,
            List.of(),
            ev.difficultyStats());
    return new Result(run.folder(), iteration, r.cliName(), config.q(), s, null);
  }

  /** The file name an evaluation is saved under: {@code sample.json}, {@code q-exit-q0.3.json}. */
  public static String fileName(String rule, double q) {
    return rule + (EvaluationRule.Q_EXIT.cliName().equals(rule) ? "-q" + q : "") + ".json";
  }

  /** Whether a file in the evaluations folder is one PonderLab writes ({@link #fileName}). */
  static boolean isEvaluationFile(String name) {
    for (EvaluationRule rule : EvaluationRule.values()) {
      String prefix = rule.cliName();
      if (name.equals(prefix + ".json")
          || (rule == EvaluationRule.Q_EXIT
              && name.startsWith(prefix + "-q")
              && name.endsWith(".json"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Writes the result to the run's evaluations folder (replacing the same rule and q); returns it
   * with its file. An evaluations folder that is a link is refused: nothing is written outside a
   * run.
   */
  public static Result save(Result r) throws IOException, RunFolderException {
    RunFolder.checkInside(r.run());
    Path dir = r.run().resolve(DIR);
    Files.createDirectories(dir);
    Path file = dir.resolve(fileName(r.rule(), r.q()));
    Snapshot s = r.snapshot();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("rule", r.rule());
    doc.put("q", r.q());
    doc.put("iteration", r.iteration());
    doc.put("accuracy", s.accuracy());
    doc.put("mean_steps", s.meanSteps());
    doc.put("mean_steps_run", Double.isFinite(s.meanStepsRun()) ? s.meanStepsRun() : null);
    doc.put("steps_max", s.steps());
    if (s.difficultyStats().hasSplit()) {
      doc.put("seen_up_to", s.difficultyStats().seenUpTo());
      doc.put("seen", RunWriter.group(s.difficultyStats().seen()));
      doc.put("unseen", RunWriter.group(s.difficultyStats().unseen()));
    }
    doc.put("halting_histogram", s.haltingHistogram());
    doc.put("per_difficulty", RunWriter.perDifficulty(s));
    doc.put("evaluated_at", Instant.now().toString());
    AtomicFiles.write(file, Json.write(doc));
    return new Result(r.run(), r.iteration(), r.rule(), r.q(), s, file);
  }

  /**
   * A saved evaluation as listed beside its run (the Compare tab's "evaluations of this run").
   *
   * @param file its file
   * @param rule the rule
   * @param q the Q-exit threshold
   * @param iteration the model's iteration
   * @param accuracy validation accuracy
   * @param meanSteps mean halting step
   * @param meanStepsRun network steps run per input (NaN if not recorded)
   */
  public record Saved(
      Path file,
      String rule,
      double q,
      long iteration,
      double accuracy,
      double meanSteps,
      double meanStepsRun) {
    public String label() {
      return rule + (EvaluationRule.Q_EXIT.cliName().equals(rule) ? " q=" + q : "");
    }
  }

  /** The evaluations saved beside a run, by file name; unreadable files are skipped. */
  public static List<Saved> list(Path runFolder) {
    Path dir = runFolder.resolve(DIR);
    List<Saved> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f :
          files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
        try {
          JsonNode n = Json.MAPPER.readTree(f.toFile());
          out.add(
              new Saved(
                  f,
                  n.path("rule").asText(),
                  n.path("q").asDouble(),
                  n.path("iteration").asLong(),
                  n.path("accuracy").asDouble(Double.NaN),
                  n.path("mean_steps").asDouble(Double.NaN),
                  n.path("mean_steps_run").isNumber()
                      ? n.path("mean_steps_run").asDouble()
                      : Double.NaN));
        } catch (IOException | RuntimeException e) {
          // a damaged or foreign file is not an evaluation; the run itself is unaffected
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  /** One line for the command line: rule, accuracy, mean halting step, steps run. */
  public static String describe(Result r) {
    Snapshot s = r.snapshot();
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%s at iteration %d, rule %s%s: accuracy %.4f, mean halting step %.3f, steps run %.3f per input (of %d)",
                r.run().getFileName(),
                r.iteration(),
                r.rule(),
                EvaluationRule.Q_EXIT.cliName().equals(r.rule()) ? " (q " + r.q() + ")" : "",
                s.accuracy(),
                s.meanSteps(),
                s.meanStepsRun(),
                s.steps()));
    if (s.difficultyStats().hasSplit()) {
      b.append(
          String.format(
              Locale.ROOT,
              "%n  seen (difficulty ≤ %d): accuracy %.4f, mean steps %.3f; unseen: accuracy %.4f, mean steps %.3f",
              s.difficultyStats().seenUpTo(),
              s.difficultyStats().seen().accuracy(),
              s.difficultyStats().seen().meanSteps(),
              s.difficultyStats().unseen().accuracy(),
              s.difficultyStats().unseen().meanSteps()));
    }
    return b.toString();
  }
}
