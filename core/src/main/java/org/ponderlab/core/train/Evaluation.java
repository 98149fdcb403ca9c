package org.ponderlab.core.train;

import java.util.List;

/** The validation metrics of one evaluation (see {@link Snapshot} for each field's meaning). */
public record Evaluation(
    double accuracy,
    double meanSteps,
    int[] haltingHistogram,
    double[] meanHaltingProbability,
    double[] accuracyAtStep,
    double[] accuracyByDifficulty,
    double[] meanStepsByDifficulty,
    List<PonderRow> ponderRows) {}
