package org.ponderlab.core.model;

import java.util.SplittableRandom;

/**
 * The output head (ŷ_n, {@code outputs} logits) and the halting head (a_n, one logit) of a
 * PonderNet, both linear, applied to every step's state at once: one product over
 * [steps·batch × H] instead of one per step.
 *
 * <p>Parameter layout, one PyTorch {@code Linear(H → outputs+1)}: {@code W [(outputs+1)×H]}
 * row-major, then {@code b [outputs+1]}; rows 0..outputs−1 are the output logits, row
 * {@code outputs} is the halting logit.
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

  public LinearHeads(int hiddenSize, int outputs, int maxSteps, int maxBatch) {
    if (hiddenSize < 1 || outputs < 1 || maxSteps < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("hiddenSize, outputs, maxSteps, maxBatch must be >= 1: "
          + hiddenSize + ", " + outputs + ", " + maxSteps + ", " + maxBatch);
    }
    this.hiddenSize = hiddenSize;
    this.outputs = outputs;
    this.maxSteps = maxSteps;
    this.maxBatch = maxBatch;
    outputLogits = new float[maxSteps * maxBatch * outputs];
    haltingLogits = new float[maxSteps * maxBatch];
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
   * Computes both heads for steps 1..steps: hidden state of step n, row b is at
   * {@code hidden[hiddenOffset + ((n−1)·batch + b)·H ..]} (the layout of
   * {@link GruCell#hiddenArray()} with {@code hiddenOffset = cell.hiddenOffset(1)}).
   */
  public void forward(float[] params, int offset, float[] hidden, int hiddenOffset, int batch,
      int steps) {
    checkSizes(batch, steps);
    int rows = steps * batch;
    int h = hiddenSize;
    int bias = offset + (outputs + 1) * h;
    for (int m = 0; m < rows; m++) {
      System.arraycopy(params, bias, outputLogits, m * outputs, outputs);
      haltingLogits[m] = params[bias + outputs];
    }
    Matmul.multiplyTransposedB(rows, outputs, h, hidden, hiddenOffset, h, params, offset, h,
        outputLogits, 0, outputs, true);
    Matmul.multiplyTransposedB(rows, 1, h, hidden, hiddenOffset, h, params, offset + outputs * h,
        h, haltingLogits, 0, 1, true);
  }

  /**
   * Computes both heads for step n alone, into its rows of the all-steps layout (index
   * {@code (n−1)·batch + b}), from step n's states at {@code hidden[stepHiddenOffset + b·H ..]};
   * the rows of other steps are left as they are. Lets a stepwise pass read step n's logits before
   * it decides to run step n+1; n such calls equal one {@link #forward} over n steps.
   */
  public void forwardStep(float[] params, int offset, float[] hidden, int stepHiddenOffset, int batch, int n) {
    checkSizes(batch, n);
    int h = hiddenSize;
    int bias = offset + (outputs + 1) * h;
    int firstRow = (n - 1) * batch;
    for (int m = firstRow; m < firstRow + batch; m++) {
      System.arraycopy(params, bias, outputLogits, m * outputs, outputs);
      haltingLogits[m] = params[bias + outputs];
    }
    Matmul.multiplyTransposedB(batch, outputs, h, hidden, stepHiddenOffset, h, params, offset, h,
        outputLogits, firstRow * outputs, outputs, true);
    Matmul.multiplyTransposedB(batch, 1, h, hidden, stepHiddenOffset, h, params, offset + outputs * h,
        h, haltingLogits, firstRow, 1, true);
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
  public void backward(float[] params, int offset, float[] hidden, int hiddenOffset, int batch,
      int steps, float[] dOutputLogits, float[] dHaltingLogits, float[] grads, int gradOffset,
      float[] dHidden) {
    checkSizes(batch, steps);
    int rows = steps * batch;
    int h = hiddenSize;
    int o = outputs;
    // dL/dh = dY · W_out + dA · w_halt
    Matmul.multiply(rows, h, o, dOutputLogits, 0, o, 1, params, offset, h,
        dHidden, hiddenOffset, h, false);
    Matmul.multiply(rows, h, 1, dHaltingLogits, 0, 1, 1, params, offset + o * h, h,
        dHidden, hiddenOffset, h, true);
    // dW_out = dYᵀ · H, dw_halt = dAᵀ · H over all steps and rows
    Matmul.multiply(o, h, rows, dOutputLogits, 0, 1, o, hidden, hiddenOffset, h,
        grads, gradOffset, h, false);
    Matmul.multiply(1, h, rows, dHaltingLogits, 0, 1, 1, hidden, hiddenOffset, h,
        grads, gradOffset + o * h, h, false);
    int bias = gradOffset + (o + 1) * h;
    for (int k = 0; k < o; k++) {
      float sum = 0f;
      for (int m = 0; m < rows; m++) {
        sum += dOutputLogits[m * o + k];
      }
      grads[bias + k] = sum;
    }
    float sum = 0f;
    for (int m = 0; m < rows; m++) {
      sum += dHaltingLogits[m];
    }
    grads[bias + o] = sum;
  }

  private void checkSizes(int batch, int steps) {
    if (batch < 1 || batch > maxBatch || steps < 1 || steps > maxSteps) {
      throw new IllegalArgumentException("batch must be in 1.." + maxBatch + " and steps in 1.."
          + maxSteps + ": " + batch + ", " + steps);
    }
  }
}
