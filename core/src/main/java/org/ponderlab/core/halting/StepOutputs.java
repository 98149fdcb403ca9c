package org.ponderlab.core.halting;

import org.ponderlab.core.task.OutputKind;

/**
 * What a halting method sees of one forward pass: the per-step logits of a batch (views of the
 * network's buffers, valid until its next forward).
 *
 * @param outputLogits  index {@code ((n-1) * batch + b) * outputs + o}
 * @param haltingLogits a_n, index {@code (n-1) * batch + b}
 * @param hiddenNorms   ‖h_n‖ per example, index {@code (n-1) * batch + b}
 */
public record StepOutputs(
    float[] outputLogits,
    float[] haltingLogits,
    float[] hiddenNorms,
    int batch,
    int steps,
    int outputs,
    OutputKind kind) {

  public float output(int n, int b, int o) {
    return outputLogits[((n - 1) * batch + b) * outputs + o];
  }

  public float halting(int n, int b) {
    return haltingLogits[(n - 1) * batch + b];
  }
}
