package org.ponderlab.app.lab;

import java.util.Locale;
import java.util.Map;
import org.ponderlab.core.run.SavedRun;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.ConfigFields;
import org.ponderlab.core.train.TaskKind;
import org.ponderlab.core.train.TrainingConfig;

/** What the status bar says, in words a student understands. */
final class StatusText {
  private static final Map<String, String> METHOD_NAMES =
      Map.of(
          "pondernet",
          "PonderNet",
          "act",
          "ACT",
          "pact",
          "PACT",
          "lac",
          "LAC (L2 adaptive computation)",
          "palbert",
          "PALBERT",
          "pabee",
          "PABEE (patience-based exit)",
          "fixed",
          "fixed depth");

  private StatusText() {}

  static String methodName(String method) {
    return METHOD_NAMES.getOrDefault(method, method);
  }

  static String taskName(String task) {
    return TaskKind.ids().contains(task) ? TaskKind.of(task).displayName() : task;
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /**
   * What one evaluation cost, in words: the steps the network really ran per input against fixed
   * depth's N, and the share of compute saved ("ran 8.7 of 20 steps per input: 57 % of fixed
   * depth's compute saved"). Runs saved before steps were recorded fall back to the halting step.
   */
  static String compute(org.ponderlab.core.train.Snapshot s) {
    int n = s.steps();
    String accuracy =
        String.format(Locale.ROOT, "Accuracy %.2f %% (%s). ", 100 * s.accuracy(), s.rule());
    if (!Double.isFinite(s.meanStepsRun())) {
      return accuracy
          + String.format(Locale.ROOT, "Mean halting step %.2f of %d.", s.meanSteps(), n);
    }
    double saved = 1 - s.meanStepsRun() / n;
    return accuracy
        + String.format(
            Locale.ROOT,
            "The network ran %.2f of %d steps per input: %.0f %% of fixed depth's " + "compute %s.",
            s.meanStepsRun(),
            n,
            100 * Math.abs(saved),
            saved >= 0 ? "saved" : "added");
  }

  static String idle() {
    return "Ready. Choose a task, a halting method and its settings, then press Play (or Step to train one batch).";
  }

  static String ready(TrainingConfig c) {
    return "Ready: " + what(c) + ". Press Play to train, or Step to train one batch.";
  }

  static String running(TrainingConfig c) {
    return "Training "
        + what(c)
        + ". The charts update every "
        + count(c.evalEvery())
        + " iterations, after an evaluation on "
        // MNIST validates on the data set's test split, whatever the validation size says
        + (c.taskKind() == TaskKind.MNIST
            ? "the test digits"
            : count(c.validationSize()) + " fixed validation inputs")
        + ".";
  }

  static String paused(long iteration) {
    return "Paused at iteration "
        + count(iteration)
        + ". Play continues, Step trains one batch, Reset starts over with fresh weights and the same seed.";
  }

  static String reset(TrainingConfig c) {
    return "Reset: the next Play starts from fresh weights with the same seed"
        + (c == null ? "" : " (" + c.seed() + ")")
        + ".";
  }

  /** "finished 20000 iterations" becomes "Finished 20000 iterations. Reset to train again." */
  static String finished(String message) {
    return sentence(message == null ? "finished" : message) + " Reset to train again.";
  }

  static String stopped(String message) {
    return sentence(message == null ? "stopped" : message);
  }

  private static String sentence(String s) {
    String t = s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    return t.endsWith(".") ? t : t + ".";
  }

  private static String what(TrainingConfig c) {
    String task =
        c.taskKind() == TaskKind.PARITY
            ? "parity of " + c.bits() + " bits"
            : c.taskKind().displayName();
    return task + " with " + methodName(c.method()) + " (seed " + c.seed() + ")";
  }

  /**
   * A trainer's failure message, explained: NaN or infinity means the numbers blew up, which a
   * smaller learning rate or β usually fixes; the charts keep what was recorded.
   */
  static String failed(String message) {
    String m = message == null ? "training failed" : message;
    boolean blewUp = m.contains("NaN") || m.contains("infinite");
    if (!blewUp) {
      return m + " The charts keep everything recorded up to then; press Reset to start over.";
    }
    String numbers =
        m.contains("NaN") ? "NaN (\"not a number\": the arithmetic broke down)" : "infinite";
    String where =
        m.startsWith("Training stopped at iteration")
            ? m.substring(0, m.indexOf(':'))
            : "Training stopped";
    String what = m.contains("gradient became") ? "the gradient" : "the loss";
    return where
        + " because "
        + what
        + " became "
        + numbers
        + ". This usually means the training steps were too big: lower the learning rate (or β), then press Reset."
        + " The charts keep everything recorded before it went wrong.";
  }

  /**
   * Why a run could not start: a setting the experiment refused (its field, value and what is
   * allowed).
   */
  static String cannotStart(ConfigException e) {
    String label;
    try {
      label = ConfigFields.get(e.field()).label();
    } catch (ConfigException unknown) {
      label = e.field();
    }
    return "Can't start: "
        + label
        + " '"
        + e.value()
        + "' does not work here: "
        + e.allowed()
        + ".";
  }

  /** What a task's difficulty counts (as its Task says), without building the task. */
  static String difficultyName(TrainingConfig config) {
    return TaskKind.ids().contains(config.task())
        ? config.taskKind().difficultyName(config)
        : "difficulty";
  }

  /** A saved run just opened: what it is, how it ended, and what Play does with it. */
  static String opened(SavedRun run) {
    String how =
        switch (run.status()) {
          case FINISHED -> "finished";
          case STOPPED -> "stopped";
          case FAILED -> "failed";
          case INCOMPLETE -> "incomplete (its training was killed)";
          case RUNNING -> "being trained by another process right now";
        };
    String message = run.statusMessage() == null ? "" : run.statusMessage().strip();
    String what =
        message.isEmpty()
            ? how
            : message.toLowerCase(Locale.ROOT).startsWith(run.status().label())
                ? message
                : how + ": " + message;
    String next =
        switch (run.status()) {
          case RUNNING -> " It can be viewed here, not continued.";
          case FINISHED -> " To continue it, raise Iterations and press Play.";
          default -> " Play continues it from its last saved snapshot.";
        };
    return "Opened run "
        + run.name()
        + " ("
        + count(run.iteration())
        + " iterations, "
        + run.snapshots().size()
        + " snapshots): "
        + what
        + (what.endsWith(".") ? "" : ".")
        + next;
  }
}
