package org.ponderlab.core.lesson;

import org.ponderlab.core.halting.EvaluationRule;
import org.ponderlab.core.train.Evaluation;
import org.ponderlab.core.train.Evaluator;
import org.ponderlab.core.train.Experiment;
import org.ponderlab.core.train.Experiments;
import org.ponderlab.core.train.Seeds;
import org.ponderlab.core.train.Snapshot;
import org.ponderlab.core.train.TrainingConfig;

/**
 * What a lesson's claim is checked on: the run's settings in force, its final snapshot and its
 * trained parameters (for claims that evaluate the same weights under another rule).
 *
 * @param config the settings in force at the end
 * @param last the final snapshot
 * @param params the final parameters
 */
public record LessonRun(TrainingConfig config, Snapshot last, float[] params) {
  /**
   * A saved run as a lesson run (the window checks its lesson's claim this way, off the FX thread,
   * on the run folder it saved): its settings in force, last snapshot and final parameters.
   *
   * @throws IllegalArgumentException if the run has no snapshot or no saved model yet
   */
  public static LessonRun of(org.ponderlab.core.run.SavedRun run) {
    if (run.last() == null || run.finalParameters() == null) {
      throw new IllegalArgumentException(
          "the run in " + run.folder() + " has no snapshot and model yet");
    }
    return new LessonRun(run.configInForce(), run.last(), run.finalParameters());
  }

  /**
   * The final model evaluated under another rule (and q), as {@code ponderlab evaluate} does: a
   * network of its own, on the calling thread, with the run's evaluation seed.
   */
  public Evaluation evaluate(String rule, double q) {
    TrainingConfig c = config.with("eval-rule", rule).with("q", Double.toString(q));
    Experiment e = Experiments.create(c);
    EvaluationRule r = c.evaluationRule(e.method().rules().get(0));
    Evaluator ev = new Evaluator(e.task(), e.network(), e.method(), e.maxBatch(), c.maxSteps());
    return ev.evaluate(params, c, r, Seeds.derive(c.seed(), Seeds.EVALUATION + last.iteration()));
  }

  /** E[n] of the method's prior over 1..N (NaN when the method has none). */
  public double priorExpectedStep() {
    double[] g = last.prior();
    if (g == null) {
      return Double.NaN;
    }
    double e = 0;
    double sum = 0;
    for (int n = 1; n <= g.length; n++) {
      e += n * g[n - 1];
      sum += g[n - 1];
    }
    return e / sum;
  }

  /** E[n] of the model's mean halting distribution, Σ n·mean p_n. */
  public double modelExpectedStep() {
    double[] p = last.meanHaltingProbability();
    double e = 0;
    for (int n = 1; n <= p.length; n++) {
      e += n * p[n - 1];
    }
    return e;
  }
}
