package org.ponderlab.core.model.mnist;

import java.util.SplittableRandom;

/**
 * The recurrent part of the MNIST network: a cell run for {@code steps} steps from a zero state,
 * reading the same input (the encoder's features) at every step. Kept behind this small interface
 * so the plain-Java {@link GruStepCell} can be replaced by the project's fast GRU kernel without
 * touching the encoder or the heads.
 */
interface StepCell {
  int parameterCount();

  int inputSize();

  int hiddenSize();

  /** Writes this cell's initial parameters at {@code offset}. */
  void initialize(float[] params, int offset, SplittableRandom rng);

  /**
   * Runs the cell: {@code x} is {@code [batch, inputSize]}; writes h_n for n = 1..steps to {@code
   * states} at {@code ((n-1) * batch + b) * hiddenSize}.
   */
  void forward(float[] params, int offset, float[] x, int batch, int steps, float[] states);

  /**
   * Backpropagates through time after {@link #forward}: {@code dStates} is the loss gradient with
   * respect to every h_n (layout of {@code states}; may be overwritten). Overwrites the cell's
   * slice of {@code grads} at {@code offset}, and {@code dx} ({@code [batch, inputSize]}) with the
   * gradient with respect to the input, summed over the steps.
   */
  void backward(float[] params, int offset, float[] dStates, float[] grads, float[] dx);
}
