package org.ponderlab.core.model;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The PALBERT network (paper 004; HALTING.md "PALBERT variant"): a {@link GruCell} step function,
 * a linear output head ŷ_n = W_o h_n + b_o, and the Lambda head a_n = Lambda([h_n, h_{n−1}]) with
 * h_0 = 0: 3 × (Linear(2H → 2H) + tanh), then Linear(2H → 1). The Lambda head's last bias is the
 * halting bias.
 *
 * <p>Parameter layout in the flat buffer: {@code [cell | W_o [O×H], b_o [O] | Lambda]}, the
 * Lambda head as four PyTorch {@code Linear}s in order, each {@code W [out×in]} row-major then
 * {@code b [out]}. The Lambda head is one contiguous range ({@link #lambdaHead()}), so the
 * optimiser can give it PALBERT's own learning rate ({@code lambda-lr}, via {@code
 * Adam.setRateRatio}).
 *
 * <p>Backward: the gradient of a_n reaches both halves of its input, dh_n and dh_{n−1}; both are
 * added to the cell's dL/dh before the backprop through time (h_0 is a constant). All buffers are
 * sized for maxSteps × maxBatch at construction; a training iteration allocates nothing. Not
 * thread-safe: one trainer thread owns a network.
 */
public final class PalbertNetwork implements Network {
  /** Tanh layers of the Lambda head before its final Linear (PALBERT's num_lambda_layers = 3). */
  static final int LAMBDA_TANH_LAYERS = 3;

  /** A named range [from, to) of the flat parameter buffer. */
  public record Range(String name, int from, int to) {}

  private final GruCell cell;
  private final int hidden;
  private final int outputs;
  private final int maxSteps;
  private final int width; // 2H: the Lambda head's input and hidden width
  private final int outputOffset;
  private final int lambdaOffset;
  private final int parameterCount;

  private final float[] outputLogits;
  private final float[] haltingLogits;
  private final float[] hiddenNorms;
  /** Lambda input rows [h_n | h_{n−1}], row (n−1)·batch + b. */
  private final float[] lambdaInput;
  /** tanh activations of the Lambda head's layers, same row layout. */
  private final float[][] activations;
  private final float[] delta;
  private final float[] deltaPrevious;
  private final float[] hiddenGrads;
  private boolean normsStale = true;
  private int batch;
  private int steps;

  public PalbertNetwork(int inputSize, int hiddenSize, int outputs, int maxSteps, int maxBatch) {
    if (outputs < 1) {
      throw new IllegalArgumentException("outputs must be >= 1: " + outputs);
    }
    cell = new GruCell(inputSize, hiddenSize, maxSteps, maxBatch);
    this.hidden = hiddenSize;
    this.outputs = outputs;
    this.maxSteps = maxSteps;
    this.width = 2 * hiddenSize;
    outputOffset = cell.parameterCount();
    lambdaOffset = outputOffset + outputs * hiddenSize + outputs;
    parameterCount = lambdaOffset + LAMBDA_TANH_LAYERS * (width * width + width) + width + 1;
    int rows = maxSteps * maxBatch;
    outputLogits = new float[rows * outputs];
    haltingLogits = new float[rows];
    hiddenNorms = new float[rows];
    lambdaInput = new float[rows * width];
    activations = new float[LAMBDA_TANH_LAYERS][rows * width];
    delta = new float[rows * width];
    deltaPrevious = new float[rows * width];
    hiddenGrads = new float[cell.hiddenCapacity()];
  }

  @Override
  public int parameterCount() {
    return parameterCount;
  }

  @Override
  public int outputs() {
    return outputs;
  }

  /** The Lambda head's parameters, for its own learning rate. */
  public Range lambdaHead() {
    return new Range("lambda", lambdaOffset, parameterCount);
  }

  /** Every parameter group in buffer order: the GRU cell, the output head, the Lambda head. */
  public List<Range> parameterRanges() {
    return List.of(new Range("cell", 0, outputOffset), new Range("output", outputOffset, lambdaOffset), lambdaHead());
  }

  /** Index of the halting bias (the Lambda head's last parameter). */
  public int haltingBiasIndex() {
    return parameterCount - 1;
  }

  private int layerOffset(int layer) {
    return lambdaOffset + layer * (width * width + width);
  }

  /**
   * PyTorch's default init from {@code new SplittableRandom(seed)}: the cell, then every Linear
   * U(−1/√fan_in, 1/√fan_in) in buffer order; then the halting bias.
   */
  @Override
  public void initialize(float[] params, long seed, float haltingBias) {
    SplittableRandom rng = new SplittableRandom(seed);
    cell.initialize(params, 0, rng);
    double outputBound = 1.0 / Math.sqrt(hidden);
    for (int i = outputOffset; i < lambdaOffset; i++) {
      params[i] = (float) rng.nextDouble(-outputBound, outputBound);
    }
    double lambdaBound = 1.0 / Math.sqrt(width);
    for (int i = lambdaOffset; i < parameterCount; i++) {
      params[i] = (float) rng.nextDouble(-lambdaBound, lambdaBound);
    }
    params[haltingBiasIndex()] = haltingBias;
  }

  @Override
  public void forward(float[] params, float[] x, int batch, int steps) {
    if (steps < 1 || steps > maxSteps) {
      throw new IllegalArgumentException("steps must be in 1.." + maxSteps + ": " + steps);
    }
    cell.begin(params, 0, x, batch);
    for (int n = 0; n < steps; n++) {
      cell.step();
    }
    this.batch = batch;
    this.steps = steps;
    this.normsStale = true;
    int rows = steps * batch;
    float[] h = cell.hiddenArray();
    int first = cell.hiddenOffset(1);
    // output head: ŷ = h W_oᵀ + b_o
    int bias = outputOffset + outputs * hidden;
    for (int m = 0; m < rows; m++) {
      System.arraycopy(params, bias, outputLogits, m * outputs, outputs);
    }
    Matmul.multiplyTransposedB(rows, outputs, hidden, h, first, hidden, params, outputOffset, hidden,
        outputLogits, 0, outputs, true);
    // Lambda input [h_n | h_{n−1}]; slot 0 of the cell's states is h_0 = 0
    for (int n = 1; n <= steps; n++) {
      for (int b = 0; b < batch; b++) {
        int row = ((n - 1) * batch + b) * width;
        System.arraycopy(h, cell.hiddenOffset(n) + b * hidden, lambdaInput, row, hidden);
        System.arraycopy(h, cell.hiddenOffset(n - 1) + b * hidden, lambdaInput, row + hidden, hidden);
      }
    }
    float[] in = lambdaInput;
    for (int layer = 0; layer < LAMBDA_TANH_LAYERS; layer++) {
      float[] act = activations[layer];
      int w = layerOffset(layer);
      for (int m = 0; m < rows; m++) {
        System.arraycopy(params, w + width * width, act, m * width, width);
      }
      Matmul.multiplyTransposedB(rows, width, width, in, 0, width, params, w, width, act, 0, width, true);
      VectorMath.tanh(act, 0, act, 0, rows * width);
      in = act;
    }
    int last = layerOffset(LAMBDA_TANH_LAYERS);
    Arrays.fill(haltingLogits, 0, rows, params[last + width]);
    Matmul.multiplyTransposedB(rows, 1, width, in, 0, width, params, last, width, haltingLogits, 0, 1, true);
  }

  @Override
  public float[] outputLogits() {
    return outputLogits;
  }

  @Override
  public float[] haltingLogits() {
    return haltingLogits;
  }

  /** ‖h_n‖ per example, computed on first request after a forward. */
  @Override
  public float[] hiddenNorms() {
    if (normsStale) {
      float[] h = cell.hiddenArray();
      for (int n = 1; n <= steps; n++) {
        int base = cell.hiddenOffset(n);
        for (int b = 0; b < batch; b++) {
          double sum = 0;
          int row = base + b * hidden;
          for (int j = 0; j < hidden; j++) {
            sum += h[row + j] * h[row + j];
          }
          hiddenNorms[(n - 1) * batch + b] = (float) Math.sqrt(sum);
        }
      }
      normsStale = false;
    }
    return hiddenNorms;
  }

  @Override
  public void backward(float[] params, float[] dOutputLogits, float[] dHaltingLogits, float[] grads) {
    int rows = steps * batch;
    float[] h = cell.hiddenArray();
    int first = cell.hiddenOffset(1);
    // output head: dW_o = dYᵀ·H, db_o = Σ dY, dL/dh_n = dY·W_o (overwrites slots 1..steps)
    Matmul.multiply(outputs, hidden, rows, dOutputLogits, 0, 1, outputs, h, first, hidden,
        grads, outputOffset, hidden, false);
    columnSums(dOutputLogits, rows, outputs, grads, outputOffset + outputs * hidden);
    Matmul.multiply(rows, hidden, outputs, dOutputLogits, 0, outputs, 1, params, outputOffset, hidden,
        hiddenGrads, first, hidden, false);
    Arrays.fill(hiddenGrads, 0, first, 0f);

    // final Linear(2H → 1)
    int last = layerOffset(LAMBDA_TANH_LAYERS);
    float[] top = activations[LAMBDA_TANH_LAYERS - 1];
    Matmul.multiply(1, width, rows, dHaltingLogits, 0, 1, 1, top, 0, width, grads, last, width, false);
    double biasSum = 0;
    for (int m = 0; m < rows; m++) {
      biasSum += dHaltingLogits[m];
    }
    grads[last + width] = (float) biasSum;
    float[] d = delta; // dL/d(activation of the layer below)
    float[] other = deltaPrevious;
    Matmul.multiply(rows, width, 1, dHaltingLogits, 0, 1, 1, params, last, width, d, 0, width, false);

    // tanh layers, top down: dZ = dA ⊙ (1 − A²); dW = dZᵀ·in; db = Σ dZ; d in = dZ·W
    for (int layer = LAMBDA_TANH_LAYERS - 1; layer >= 0; layer--) {
      float[] act = activations[layer];
      for (int i = 0; i < rows * width; i++) {
        d[i] *= 1f - act[i] * act[i];
      }
      float[] in = layer == 0 ? lambdaInput : activations[layer - 1];
      int w = layerOffset(layer);
      Matmul.multiply(width, width, rows, d, 0, 1, width, in, 0, width, grads, w, width, false);
      columnSums(d, rows, width, grads, w + width * width);
      Matmul.multiply(rows, width, width, d, 0, width, 1, params, w, width, other, 0, width, false);
      float[] swap = d;
      d = other;
      other = swap;
    }

    // d holds dL/d[h_n | h_{n−1}]: the first half to h_n, the second to h_{n−1} (h_0 is constant)
    for (int n = 1; n <= steps; n++) {
      for (int b = 0; b < batch; b++) {
        int row = ((n - 1) * batch + b) * width;
        int current = cell.hiddenOffset(n) + b * hidden;
        for (int j = 0; j < hidden; j++) {
          hiddenGrads[current + j] += d[row + j];
        }
        if (n > 1) {
          int previous = cell.hiddenOffset(n - 1) + b * hidden;
          for (int j = 0; j < hidden; j++) {
            hiddenGrads[previous + j] += d[row + hidden + j];
          }
        }
      }
    }
    cell.backward(params, 0, hiddenGrads, grads, 0, null);
  }

  /** out[outOff + c] = Σ_m src[m·cols + c], summed in double. */
  private static void columnSums(float[] src, int rows, int cols, float[] out, int outOff) {
    for (int c = 0; c < cols; c++) {
      double sum = 0;
      for (int m = 0; m < rows; m++) {
        sum += src[m * cols + c];
      }
      out[outOff + c] = (float) sum;
    }
  }
}
