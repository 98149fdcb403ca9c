package org.ponderlab.core.train;

import java.util.List;

/**
 * Everything a run needs to continue exactly where it was: the parameters, Adam's moments and step
 * count, the iteration, the training time so far and the mid-run setting changes. The trainer hands
 * one to {@link TrainingListener#onCheckpoint} after every snapshot, and {@link Trainer#resumeFrom}
 * takes one back.
 *
 * <p>The arrays a trainer passes to a listener are its live buffers, valid only during that call: a
 * listener copies or writes them before returning and never modifies them.
 *
 * @param iteration iterations trained so far
 * @param optimizerSteps Adam's step count (bias correction); equals the iteration for Adam runs
 * @param trainingNanos training wall time so far, evaluations excluded
 * @param parameters the network's flat parameter buffer
 * @param firstMoment Adam's first moment, same length
 * @param secondMoment Adam's second moment, same length
 * @param changes every mid-run setting change up to this iteration
 * @param methodState the halting method's own training state ({@link
 *     org.ponderlab.core.halting.HaltingMethod#trainingState()}; usually empty)
 */
public record TrainingCheckpoint(
    long iteration,
    long optimizerSteps,
    long trainingNanos,
    float[] parameters,
    float[] firstMoment,
    float[] secondMoment,
    List<SettingChange> changes,
    double[] methodState) {

  public TrainingCheckpoint {
    if (firstMoment.length != parameters.length || secondMoment.length != parameters.length) {
      throw new IllegalArgumentException(
          "parameters and moments differ in length: "
              + parameters.length
              + ", "
              + firstMoment.length
              + ", "
              + secondMoment.length);
    }
    changes = List.copyOf(changes);
  }
}
