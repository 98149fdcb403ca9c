package org.ponderlab.core.train;

import org.ponderlab.core.model.Network;

/**
 * Fault injection: a real network whose output logits turn NaN after a number of forward passes in
 * training.
 */
final class PoisonedNetwork implements Network {
  private final Network real;
  private final int healthyTrainingPasses;
  private int passes;

  PoisonedNetwork(Network real, int healthyTrainingPasses) {
    this.real = real;
    this.healthyTrainingPasses = healthyTrainingPasses;
  }

  @Override
  public int parameterCount() {
    return real.parameterCount();
  }

  @Override
  public int outputs() {
    return real.outputs();
  }

  @Override
  public void initialize(float[] params, long seed, float haltingBias) {
    real.initialize(params, seed, haltingBias);
  }

  @Override
  public void forward(float[] params, float[] x, int batch, int steps) {
    real.forward(params, x, batch, steps);
    // only training backpropagates: the forward after the last healthy training pass is poisoned
    // (training's batch shards and evaluation chunks may have the same size)
    if (passes >= healthyTrainingPasses) {
      real.outputLogits()[0] = Float.NaN;
    }
  }

  @Override
  public float[] outputLogits() {
    return real.outputLogits();
  }

  @Override
  public float[] haltingLogits() {
    return real.haltingLogits();
  }

  @Override
  public float[] hiddenNorms() {
    return real.hiddenNorms();
  }

  @Override
  public void backward(
      float[] params, float[] dOutputLogits, float[] dHaltingLogits, float[] grads) {
    real.backward(params, dOutputLogits, dHaltingLogits, grads);
    passes++;
  }
}
