package org.ponderlab.core.train;

import java.util.List;

/**
 * The validation metrics of one evaluation (see {@link Snapshot} for each field's meaning).
 *
 * @param meanStepsRun steps the code really ran per example (its chunk's steps; N unless the
 *     method stopped chunks early), where {@code meanSteps} counts each example at its own halting
 *     step
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
    double meanStepsRun) {}
