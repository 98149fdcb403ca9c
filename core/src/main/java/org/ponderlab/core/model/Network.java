package org.ponderlab.core.model;

/**
 * A step network run for up to N steps: per step an output head (logits) and a halting logit. Every
 * halting method trains through this contract: it turns the per-step logits into a loss and hands
 * back the loss's gradient with respect to those logits; the network backpropagates it.
 *
 * <p>A network that can also run one step at a time implements {@link StepwiseNetwork}; methods
 * that stop a batch early (LAC) then really stop it.
 *
 * <p>All parameters live in one flat {@code float[]} (so one Adam pass updates them all), and every
 * implementation preallocates its buffers for a maximum batch: a training iteration allocates
 * nothing. Not thread-safe: one trainer thread owns a network.
 */
public interface Network {
  int parameterCount();

  /** Values per step of the output head: 1 for a binary task, the class count otherwise. */
  int outputs();

  /**
   * Fills {@code params} with a seeded initialisation; the halting head's bias is set to
   * haltingBias.
   */
  void initialize(float[] params, long seed, float haltingBias);

  /**
   * Runs {@code steps} steps on {@code batch} rows of {@code x} (row-major [batch * inputSize]).
   */
  void forward(float[] params, float[] x, int batch, int steps);

  /** Output logits of the last forward, index {@code ((n-1) * batch + b) * outputs + o}. */
  float[] outputLogits();

  /** Halting logits a_n of the last forward, index {@code (n-1) * batch + b}. */
  float[] haltingLogits();

  /**
   * L2 norm of each example's hidden state after each step of the last forward, index {@code (n-1)
   * * batch + b} (LAC halts on these).
   */
  float[] hiddenNorms();

  /**
   * Backpropagates the gradient of a loss with respect to the last forward's logits (same layouts
   * as {@link #outputLogits()} and {@link #haltingLogits()}; the arrays may be used as scratch) and
   * overwrites {@code grads} (layout of params) with the parameter gradient.
   */
  void backward(float[] params, float[] dOutputLogits, float[] dHaltingLogits, float[] grads);
}
