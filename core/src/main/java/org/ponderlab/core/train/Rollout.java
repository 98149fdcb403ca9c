package org.ponderlab.core.train;

import org.ponderlab.core.halting.EarlyExit;
import org.ponderlab.core.halting.EvaluationRule;
import org.ponderlab.core.halting.HaltingMethod;
import org.ponderlab.core.halting.StepOutputs;
import org.ponderlab.core.model.Network;
import org.ponderlab.core.model.StepwiseNetwork;
import org.ponderlab.core.task.OutputKind;

/**
 * Runs one batch through the network: every step at once, or, when the method can stop a batch
 * early ({@link EarlyExit}) and the network can run one step at a time ({@link StepwiseNetwork}),
 * step by step until the method says the batch has enough. The outputs' {@code steps} is what the
 * code really ran; nothing after it was computed.
 */
final class Rollout {
  private Rollout() {}

  /**
   * Runs the batch in training ({@code rule} null) or under an evaluation rule; returns the outputs
   * of the steps run (views of the network's buffers).
   */
  static StepOutputs run(
      Network network,
      HaltingMethod method,
      float[] params,
      float[] x,
      int batch,
      int maxSteps,
      OutputKind kind,
      TrainingConfig config,
      EvaluationRule rule) {
    if (method instanceof EarlyExit exit
        && exit.stopsEarly(config, rule)
        && network instanceof StepwiseNetwork stepwise) {
      stepwise.begin(params, x, batch);
      int steps;
      StepOutputs soFar;
      do {
        steps = stepwise.step(params);
        soFar = outputs(network, batch, steps, kind, maxSteps);
      } while (steps < maxSteps && !exit.enough(soFar, config, rule));
      return soFar;
    }
    network.forward(params, x, batch, maxSteps);
    return outputs(network, batch, maxSteps, kind, maxSteps);
  }

  static StepOutputs outputs(Network network, int batch, int steps, OutputKind kind, int maxSteps) {
    return new StepOutputs(
        network.outputLogits(),
        network.haltingLogits(),
        network.hiddenNorms(),
        batch,
        steps,
        network.outputs(),
        kind,
        maxSteps);
  }
}
