package org.ponderlab.app.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.ponderlab.core.run.RunEvaluations;
import org.ponderlab.core.run.RunFolderException;
import org.ponderlab.core.run.RunReader;
import org.ponderlab.core.run.SavedRun;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.TrainingConfig;

/**
 * Rule and q stay live on a finished or reopened run: the saved model is evaluated again under the
 * form's rule and q (as {@code ./ponderlab evaluate} does, through {@link RunEvaluations}) through
 * {@link BackgroundWork}, without training and without writing into the run folder; the result
 * joins the {@link RunHistory} as one more snapshot of the same iteration.
 */
final class SavedModelEvaluation {
  private final SetupModel setup;
  private final StatusLine status;
  private final RunHistory history;
  private final BackgroundWork work;

  SavedModelEvaluation(
      SetupModel setup, StatusLine status, RunHistory history, BackgroundWork work) {
    this.setup = setup;
    this.status = status;
    this.history = history;
    this.work = work;
  }

  /**
   * Evaluates the model of the opened run, or of the finished run saved in {@code folder}, under
   * the form's rule and q, in the background.
   *
   * @param config the run's settings (which rules its method allows)
   * @return whether an evaluation started (false: the form shows why, or the status bar does)
   */
  boolean start(SavedRun opened, Path folder, TrainingConfig config) {
    FieldModel rule = setup.field("eval-rule");
    FieldModel q = setup.field("q");
    if (rule.getError() != null || q.getError() != null) {
      return false;
    }
    String ruleName = rule.getText().trim();
    String qText = q.getText().trim();
    if (config != null
        && !ruleName.equals("default")
        && !SetupModel.rulesOf(config.method()).contains(ruleName)) {
      return false; // the form shows why
    }
    if (opened == null && (folder == null || !Files.isDirectory(folder))) {
      status.fail(
          "This run was kept in memory only, so its model can't be re-evaluated; save runs (Runs ▸ Save runs in…) to do that.");
      return false;
    }
    status.say(
        "Evaluating the trained model under rule "
            + ruleName
            + (ruleName.equals("q-exit") ? " (q = " + qText + ")" : "")
            + "… (nothing is retrained)");
    work.run(
        "Evaluating the trained model under rule " + ruleName + "…",
        () -> {
          SavedRun run =
              opened != null ? opened : RunReader.open(folder); // a finished run, as saved
          return RunEvaluations.evaluate(run, ruleName, qText);
        },
        result -> {
          history.addEvaluation(result.snapshot());
          status.fail(null);
          status.say(describe(result));
        },
        e -> status.fail(whyNot(e, ruleName)));
    return true;
  }

  private static String whyNot(Throwable e, String rule) {
    if (e instanceof RunFolderException) {
      return "Can't re-evaluate the run: " + e.getMessage();
    }
    if (e instanceof ConfigException c) {
      return "Can't re-evaluate the run: " + StatusText.cannotStart(c);
    }
    return "Can't re-evaluate the run under "
        + rule
        + ": "
        + (e.getMessage() == null ? e.toString() : e.getMessage());
  }

  /** The status line for a finished evaluation. */
  static String describe(RunEvaluations.Result r) {
    return String.format(
        Locale.ROOT,
        "The trained model (iteration %,d) under rule %s: accuracy %.3f, mean halting step %.2f, steps run %.2f per input."
            + " Nothing was retrained; the run folder is untouched.",
        r.iteration(),
        r.label().replace(" (evaluation)", ""),
        r.accuracy(),
        r.meanSteps(),
        r.meanStepsRun());
  }
}
