package org.ponderlab.core.model;

import java.util.SplittableRandom;
import org.ponderlab.core.model.kernel.Linear;

/**
 * The output head (ŷ_n, {@code outputs} logits) and the halting head (a_n, one logit) of a
 * PonderNet, both linear, applied to every step's state at once: one product over [steps·batch × H]
 * instead of one per step.
 *
 * <p>Parameter layout, one PyTorch {@code Linear(H → outputs+1)}: {@code W [(outputs+1)×H]}
 * row-major, then {@code b [outputs+1]}; rows 0..outputs−1 are the output logits, row {@code
 * outputs} is the halting logit.
 *
 * <p>Buffers are sized for maxSteps × maxBatch at construction; nothing is allocated per call.
 */
public final class LinearHeads {

  private final int hiddenSize;
  private final int outputs;
  private final int maxSteps;
  private final int maxBatch;
  private final float[] outputLogits;
  private final float[] haltingLogits;

  /** Rows 0..outputs−1 of the weight block with the first {@code outputs} biases. */
  private final Linear outputHead;

  /** Row {@code outputs} of the weight block with the last bias. */
  private final Linear haltingHead;

  public LinearHeads(int hiddenSize, int outputs, int maxSteps, int maxBatch) {
    if (hiddenSize < 1 || outputs < 1 || maxSteps < 1 || maxBatch < 1) {
      throw new IllegalArgumentException(
          "hiddenSize, outputs, maxSteps, maxBatch must be >= 1: "
              + hiddenSize
              + ", "
              + outputs
              + ", "
              + maxSteps
              + ", "
              + maxBatch);
    }
    this.hiddenSize = hiddenSize;
    this.outputs = outputs;
    this.maxSteps = maxSteps;
    this.maxBatch = maxBatch;
    outputLogits = new float[maxSteps * maxBatch * outputs];
    haltingLogits = new float[maxSteps * maxBatch];
    outputHead = new Linear(hiddenSize, outputs);
    haltingHead = new Linear(hiddenSize, 1);
  }

  public int hiddenSize() {
    return hiddenSize;
  }

  public int outputs() {
    return outputs;
  }

  public int parameterCount() {
    return (outputs + 1) * (hiddenSize + 1);
  }

  /** Offset of the halting bias within this head's parameters. */
  public int haltingBiasIndex() {
    return (outputs + 1) * hiddenSize + outputs;
  }

  /**
   * PyTorch's default {@code Linear} init, U(−1/√H, 1/√H) for every weight and bias (drawn in
   * buffer order), then the halting bias is set to {@code haltingBias}.
   */
  public void initialize(float[] params, int offset, SplittableRandom rng, float haltingBias) {
    double bound = 1.0 / Math.sqrt(hiddenSize);
    for (int i = 0; i < parameterCount(); i++) {
      params[offset + i] = (float) rng.nextDouble(-bound, bound);
    }
    params[offset + haltingBiasIndex()] = haltingBias;
  }

  /**
   * Computes both heads for steps 1..steps: hidden state of step n, row b is at {@code
   * hidden[hiddenOffset + ((n−1)·batch + b)·H ..]} (the layout of {@link GruCell#hiddenArray()}
   * with {@code hiddenOffset = cell.hiddenOffset(1)}).
   */
  public void forward(
      float[] params, int offset, float[] hidden, int hiddenOffset, int batch, int steps) {
    checkSizes(batch, steps);
    headsOnRows(params, offset, hidden, hiddenOffset, steps * batch, 0);
  }

  /**
   * Computes both heads for step n alone, into its rows of the all-steps layout (index {@code
   * (n−1)·batch + b}), from step n's states at {@code hidden[stepHiddenOffset + b·H ..]}; the rows
   * of other steps are left as they are. Lets a stepwise pass read step n's logits before it
   * decides to run step n+1; n such calls equal one {@link #forward} over n steps.
   */
  public void forwardStep(
      float[] params, int offset, float[] hidden, int stepHiddenOffset, int batch, int n) {
    checkSizes(batch, n);
    headsOnRows(params, offset, hidden, stepHiddenOffset, batch, (n - 1) * batch);
  }

  /**
   * Both heads on {@code rows} states from {@code hidden[hiddenOffset ..]}, into logit rows
   * firstRow...
   */
  private void headsOnRows(
      float[] params, int offset, float[] hidden, int hiddenOffset, int rows, int firstRow) {
    int weights = offset;
    int biases = offset + (outputs + 1) * hiddenSize;
    outputHead.forward(
        params, weights, biases, hidden, hiddenOffset, rows, outputLogits, firstRow * outputs);
    haltingHead.forward(
        params,
        weights + outputs * hiddenSize,
        biases + outputs,
        hidden,
        hiddenOffset,
        rows,
        haltingLogits,
        firstRow);
  }

  /** Output logits of the last forward: index ((n−1)·batch + b)·outputs + o. */
  public float[] outputLogits() {
    return outputLogits;
  }

  /** Halting logits a_n of the last forward: index (n−1)·batch + b. */
  public float[] haltingLogits() {
    return haltingLogits;
  }

  /**
   * Backward of {@link #forward} for the given dL/d outputLogits and dL/d haltingLogits (same
   * layouts as the logits).
   *
   * <p>Overwrites this head's parameter gradients at {@code grads[gradOffset ..]} and
   * <b>overwrites</b> dL/dh_n into {@code dHidden[hiddenOffset ..]} for n = 1..steps (same layout
   * as {@code hidden}); nothing else in dHidden is touched.
   */
  public void backward(
      float[] params,
      int offset,
      float[] hidden,
      int hiddenOffset,
      int batch,
      int steps,
      float[] dOutputLogits,
      float[] dHaltingLogits,
      float[] grads,
      int gradOffset,
      float[] dHidden) {
    checkSizes(batch, steps);
    int rows = steps * batch;
    int haltingWeights = offset + outputs * hiddenSize;
    // dL/dh = dY · W_out + dA · w_halt
    outputHead.inputGradient(params, offset, dOutputLogits, 0, rows, dHidden, hiddenOffset, false);
    haltingHead.inputGradient(
        params, haltingWeights, dHaltingLogits, 0, rows, dHidden, hiddenOffset, true);
    // dW_out = dYᵀ · H, dw_halt = dAᵀ · H over all steps and rows; biases: column sums
    int gradBiases = gradOffset + (outputs + 1) * hiddenSize;
    outputHead.weightGradients(
        hidden, hiddenOffset, dOutputLogits, 0, rows, grads, gradOffset, gradBiases);
    haltingHead.weightGradients(
        hidden,
        hiddenOffset,
        dHaltingLogits,
        0,
        rows,
        grads,
        gradOffset + outputs * hiddenSize,
        gradBiases + outputs);
  }

  private void checkSizes(int batch, int steps) {
    if (batch < 1 || batch > maxBatch || steps < 1 || steps > maxSteps) {
      throw new IllegalArgumentException(
          "batch must be in 1.."
              + maxBatch
              + " and steps in 1.."
              + maxSteps
              + ": "
              + batch
              + ", "
              + steps);
    }
  }
}
