package org.ponderlab.core.halting;

import org.ponderlab.core.task.OutputKind;

/**
 * What a halting method sees of one forward pass: the per-step logits of a batch (views of the
 * network's buffers, valid until its next forward).
 *
 * <p>{@code steps} is how many steps ran; {@code maxSteps} is N. They differ only when a method
 * stopped the batch early ({@link EarlyExit}): then step {@code steps} is not a forced last halt,
 * and the steps after it were never run.
 *
 * @param outputLogits index {@code ((n-1) * batch + b) * outputs + o}
 * @param haltingLogits a_n, index {@code (n-1) * batch + b}
 * @param hiddenNorms ‖h_n‖ per example, index {@code (n-1) * batch + b}
 * @param steps steps run, 1..maxSteps
 * @param maxSteps N, the step that always halts
 */
public record StepOutputs(
    float[] outputLogits,
    float[] haltingLogits,
    float[] hiddenNorms,
    int batch,
    int steps,
    int outputs,
    OutputKind kind,
    int maxSteps) {

  public StepOutputs {
    if (steps < 1 || steps > maxSteps) {
      throw new IllegalArgumentException("steps must be in 1.." + maxSteps + ": " + steps);
    }
  }

  /** Outputs of a pass that ran every step ({@code maxSteps = steps}). */
  public StepOutputs(
      float[] outputLogits,
      float[] haltingLogits,
      float[] hiddenNorms,
      int batch,
      int steps,
      int outputs,
      OutputKind kind) {
    this(outputLogits, haltingLogits, hiddenNorms, batch, steps, outputs, kind, steps);
  }

  /** Whether the pass stopped before N, so that its last step run is not a forced halt. */
  public boolean stoppedEarly() {
    return steps < maxSteps;
  }

  public float output(int n, int b, int o) {
    return outputLogits[((n - 1) * batch + b) * outputs + o];
  }

  public float halting(int n, int b) {
    return haltingLogits[(n - 1) * batch + b];
  }
}
