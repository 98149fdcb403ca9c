package org.ponderlab.core.train;

import java.util.List;

/**
 * The validation metrics of one evaluation (see {@link Snapshot} for each field's meaning).
 *
 * @param meanStepsRun network steps the inference really ran per example: its halting step when the
 *     rule stops each example ({@link Evaluator}), its chunk's steps otherwise (N unless per-batch
 *     LAC stopped the chunk); {@code meanSteps} counts each example at its own halting step
 * @param difficultyStats counts, step quartiles and the seen/unseen split per difficulty
 */
public record Evaluation(
    double accuracy,
    double meanSteps,
    int[] haltingHistogram,
    double[] meanHaltingProbability,
    double[] accuracyAtStep,
    double[] accuracyByDifficulty,
    double[] meanStepsByDifficulty,
    List<PonderRow> ponderRows,
    double meanStepsRun,
    DifficultyStats difficultyStats) {}
