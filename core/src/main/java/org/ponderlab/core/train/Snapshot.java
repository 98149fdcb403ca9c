package org.ponderlab.core.train;

import java.util.List;

/**
 * What the trainer publishes every {@code eval-every} iterations: plain Java arrays and values only
 * (never an INDArray), immutable by convention — nobody writes into a published snapshot's arrays —
 * so the window, the run writer and tests may read it from any thread.
 *
 * @param iteration iterations trained so far
 * @param elapsedSeconds training wall time so far (evaluations excluded)
 * @param reconstructionLoss mean training L_rec since the previous snapshot
 * @param regularisationLoss mean training regulariser (β·KL, τ·ρ, ...) since the previous snapshot
 * @param accuracy validation accuracy under the evaluation rule
 * @param meanSteps validation mean halting step under the rule (E[n] for expectation): each example
 *     counted at its own halting step
 * @param meanStepsRun network steps the evaluation's inference pass really ran per example ({@link
 *     Evaluation#meanStepsRun()}); NaN when not recorded
 * @param rule the evaluation rule's name
 * @param haltingHistogram validation examples halting at step n (index n−1); sums to the set size
 * @param prior the method's prior over steps, or null
 * @param meanHaltingProbability mean p_n over the validation set per step
 * @param accuracyAtStep validation accuracy if every example halted at step n
 * @param accuracyByDifficulty accuracy per difficulty value (index = difficulty; NaN where none)
 * @param meanStepsByDifficulty mean halting step per difficulty value (NaN where none)
 * @param ponderRows fixed validation inputs, sorted by difficulty
 * @param msPerIteration median training time per iteration since the previous snapshot
 * @param changes every mid-run setting change so far
 * @param difficultyStats per difficulty: input counts, quartiles of the per-input steps, which
 *     difficulties training never saw, and accuracy / mean steps over the seen and the unseen ones
 *     (charts shade the unseen range)
 */
public record Snapshot(
    long iteration,
    double elapsedSeconds,
    double reconstructionLoss,
    double regularisationLoss,
    double accuracy,
    double meanSteps,
    double meanStepsRun,
    String rule,
    int[] haltingHistogram,
    double[] prior,
    double[] meanHaltingProbability,
    double[] accuracyAtStep,
    double[] accuracyByDifficulty,
    double[] meanStepsByDifficulty,
    List<PonderRow> ponderRows,
    double msPerIteration,
    List<SettingChange> changes,
    DifficultyStats difficultyStats) {

  /**
   * A snapshot without {@link DifficultyStats} detail (as code written before it built them): the
   * stats are derived from the per-difficulty means, every difficulty counted as seen.
   */
  public Snapshot(
      long iteration,
      double elapsedSeconds,
      double reconstructionLoss,
      double regularisationLoss,
      double accuracy,
      double meanSteps,
      double meanStepsRun,
      String rule,
      int[] haltingHistogram,
      double[] prior,
      double[] meanHaltingProbability,
      double[] accuracyAtStep,
      double[] accuracyByDifficulty,
      double[] meanStepsByDifficulty,
      List<PonderRow> ponderRows,
      double msPerIteration,
      List<SettingChange> changes) {
    this(
        iteration,
        elapsedSeconds,
        reconstructionLoss,
        regularisationLoss,
        accuracy,
        meanSteps,
        meanStepsRun,
        rule,
        haltingHistogram,
        prior,
        meanHaltingProbability,
        accuracyAtStep,
        accuracyByDifficulty,
        meanStepsByDifficulty,
        ponderRows,
        msPerIteration,
        changes,
        DifficultyStats.fromMeans(Integer.MAX_VALUE, accuracyByDifficulty, meanStepsByDifficulty));
  }

  /** This snapshot without its ponder rows (older history keeps only the small arrays). */
  public Snapshot withoutPonderRows() {
    return new Snapshot(
        iteration,
        elapsedSeconds,
        reconstructionLoss,
        regularisationLoss,
        accuracy,
        meanSteps,
        meanStepsRun,
        rule,
        haltingHistogram,
        prior,
        meanHaltingProbability,
        accuracyAtStep,
        accuracyByDifficulty,
        meanStepsByDifficulty,
        List.of(),
        msPerIteration,
        changes,
        difficultyStats);
  }

  public double totalLoss() {
    return reconstructionLoss + regularisationLoss;
  }

  /** Number of steps N the histogram covers. */
  public int steps() {
    return haltingHistogram.length;
  }
}
