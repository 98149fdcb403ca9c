package org.ponderlab.core.model;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;

/**
 * The PALBERT network (paper 004; HALTING.md "PALBERT variant"): a {@link GruCell} step function,
 * a linear output head ŷ_n = W_o h_n + b_o, and the Lambda head a_n = Lambda([h_n, h_{n−1}]) with
 * h_0 = 0: Linear(2H → W) + tanh, 2 × (Linear(W → W) + tanh), then Linear(W → 1), W = {@code
 * lambda-width}. The Lambda head's last bias is the halting bias.
 *
 * <p>Parameter layout in the flat buffer: {@code [cell | W_o [O×H], b_o [O] | Lambda]}, the
 * Lambda head as four PyTorch {@code Linear}s in order, each {@code W [out×in]} row-major then
 * {@code b [out]}. The Lambda head is one contiguous range ({@link #lambdaHead()}), so the
 * optimiser can give it PALBERT's own learning rate ({@code lambda-lr}, via {@code
 * Adam.setRateRatio}).
 *
 * <p>Forward runs step by step ({@link StepwiseNetwork}): each step computes its rows of both
 * heads, so PALBERT's truncated training can stop a batch. The products run on {@link Matmul}'s
 * register tiles with the Lambda weights transposed once per pass; layer 1 multiplies the two
 * halves of W₁ᵀ with the cell's state slots n and n−1, so [h_n, h_{n−1}] is never copied.
 *
 * <p>Cost: per row the Lambda head does 2H·W + 2W² + W multiply-adds forward, twice that backward,
 * against 3H·(I + H) for a GRU step. Why W is a setting and not 2H: a head as wide as its input
 * costs 12H², four times the GRU step at the parity workload (H 64: 12.9 ms per iteration against
 * PonderNet's 2.8), while in the paper's ALBERT the head reads one token of a layer that costs
 * ~12H² per token, so it is nearly free there. W = 16 keeps PALBERT within 1.25× PonderNet
 * (README, "Every halting method"); wider heads are there for the capacity study.
 *
 * <p>Backward: the gradient of a_n reaches both halves of its input, dh_n and dh_{n−1}; both are
 * added to the cell's dL/dh before the backprop through time (h_0 is a constant). All buffers are
 * sized for maxSteps × maxBatch at construction; a training iteration allocates nothing. Not
 * thread-safe: one trainer thread owns a network.
 */
public final class PalbertNetwork implements StepwiseNetwork {
  /** Tanh layers of the Lambda head before its final Linear (PALBERT's num_lambda_layers = 3). */
  static final int LAMBDA_TANH_LAYERS = 3;

  /** A named range [from, to) of the flat parameter buffer. */
  public record Range(String name, int from, int to) {}

  private final GruCell cell;
  private final int hidden;
  private final int outputs;
  private final int maxSteps;
  private final int input; // 2H: the Lambda head's input, [h_n | h_{n−1}]
  private final int width; // the Lambda head's hidden width (lambda-width)
  private final int outputOffset;
  private final int lambdaOffset;
  private final int parameterCount;

  private final float[] outputLogits;
  private final float[] haltingLogits;
  private final float[] hiddenNorms;
  /** The tanh layers' weights transposed, [in×out] each, refreshed every forward. */
  private final float[] weightsT;
  /** tanh activations of the Lambda head's layers, same row layout. */
  private final float[][] activations;
  private final float[] delta;
  private final float[] deltaPrevious;
  private final float[] hiddenGrads;
  /** Steps 1..normsDone of the current pass have their norms in {@link #hiddenNorms}. */
  private int normsDone;
  private int batch;
  private int steps;

  /** The network with the widest Lambda head, 2H wide (every layer as wide as its input). */
  public PalbertNetwork(int inputSize, int hiddenSize, int outputs, int maxSteps, int maxBatch) {
    this(inputSize, hiddenSize, 2 * hiddenSize, outputs, maxSteps, maxBatch);
  }

  /** {@code lambdaWidth} is the width of the Lambda head's three tanh layers. */
  public PalbertNetwork(int inputSize, int hiddenSize, int lambdaWidth, int outputs, int maxSteps, int maxBatch) {
    if (outputs < 1) {
      throw new IllegalArgumentException("outputs must be >= 1: " + outputs);
    }
    if (lambdaWidth < 1) {
      throw new IllegalArgumentException("lambdaWidth must be >= 1: " + lambdaWidth);
    }
    cell = new GruCell(inputSize, hiddenSize, maxSteps, maxBatch);
    this.hidden = hiddenSize;
    this.outputs = outputs;
    this.maxSteps = maxSteps;
    this.input = 2 * hiddenSize;
    this.width = lambdaWidth;
    outputOffset = cell.parameterCount();
    lambdaOffset = outputOffset + outputs * hiddenSize + outputs;
    parameterCount = layerOffset(LAMBDA_TANH_LAYERS) + width + 1;
    int rows = maxSteps * maxBatch;
    outputLogits = new float[rows * outputs];
    haltingLogits = new float[rows];
    hiddenNorms = new float[rows];
    weightsT = new float[transposedOffset(LAMBDA_TANH_LAYERS)];
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

  /** The Lambda head's width. */
  public int lambdaWidth() {
    return width;
  }

  /** Inputs of Linear {@code layer}: [h_n | h_{n−1}] for the first, the layer below's width after. */
  private int fanIn(int layer) {
    return layer == 0 ? input : width;
  }

  /** Where Linear {@code layer}'s weight [out×in] starts (its bias follows it). */
  private int layerOffset(int layer) {
    int offset = lambdaOffset;
    for (int l = 0; l < layer; l++) {
      offset += width * fanIn(l) + width;
    }
    return offset;
  }

  private int biasOffset(int layer) {
    return layerOffset(layer) + width * fanIn(layer);
  }

  /** Where tanh layer {@code layer}'s transposed weight [in×out] starts in {@link #weightsT}. */
  private int transposedOffset(int layer) {
    int offset = 0;
    for (int l = 0; l < layer; l++) {
      offset += fanIn(l) * width;
    }
    return offset;
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
    for (int layer = 0; layer <= LAMBDA_TANH_LAYERS; layer++) {
      double bound = 1.0 / Math.sqrt(fanIn(layer));
      int end = layer < LAMBDA_TANH_LAYERS ? layerOffset(layer + 1) : parameterCount;
      for (int i = layerOffset(layer); i < end; i++) {
        params[i] = (float) rng.nextDouble(-bound, bound);
      }
    }
    params[haltingBiasIndex()] = haltingBias;
  }

  /** Runs {@code steps} steps with their heads: {@link #begin}, then {@link #step} {@code steps} times. */
  @Override
  public void forward(float[] params, float[] x, int batch, int steps) {
    if (steps < 1 || steps > maxSteps) {
      throw new IllegalArgumentException("steps must be in 1.." + maxSteps + ": " + steps);
    }
    begin(params, x, batch);
    for (int n = 0; n < steps; n++) {
      step(params);
    }
  }

  @Override
  public void begin(float[] params, float[] x, int batch) {
    cell.begin(params, 0, x, batch);
    for (int layer = 0; layer < LAMBDA_TANH_LAYERS; layer++) {
      transpose(params, layerOffset(layer), width, fanIn(layer), weightsT, transposedOffset(layer));
    }
    this.batch = batch;
    this.steps = 0;
    this.normsDone = 0;
  }

  /** Runs step n and both heads on its rows {@code (n−1)·batch + b} of the all-steps buffers. */
  @Override
  public int step(float[] params) {
    int n = cell.step();
    steps = n;
    outputHead(params, n);
    lambdaHead(params, n);
    return n;
  }

  /** ŷ = h_n W_oᵀ + b_o for the rows of step n. */
  private void outputHead(float[] params, int n) {
    int firstRow = (n - 1) * batch;
    int bias = outputOffset + outputs * hidden;
    for (int m = firstRow; m < firstRow + batch; m++) {
      System.arraycopy(params, bias, outputLogits, m * outputs, outputs);
    }
    Matmul.multiplyTransposedB(batch, outputs, hidden, cell.hiddenArray(), cell.hiddenOffset(n), hidden, params,
        outputOffset, hidden, outputLogits, firstRow * outputs, outputs, true);
  }

  /**
   * a_n = Lambda([h_n | h_{n−1}]) for the rows of step n. The first layer reads the two halves
   * without building the concatenation: the halves of W₁ᵀ multiply the cell's state slots n and
   * n−1 (slot 0 is h_0 = 0). Kept apart from {@link #step} so that C2 inlines the Vector API
   * helpers (a helper left as a real call boxes its vectors).
   */
  private void lambdaHead(float[] params, int n) {
    float[] h = cell.hiddenArray();
    int firstRow = (n - 1) * batch;
    int rowOffset = firstRow * width;
    float[] act = activations[0];
    fillBias(params, biasOffset(0), act, rowOffset, batch);
    Matmul.multiply(batch, width, hidden, h, cell.hiddenOffset(n), hidden, 1, weightsT, 0, width, act, rowOffset,
        width, true);
    Matmul.multiply(batch, width, hidden, h, cell.hiddenOffset(n - 1), hidden, 1, weightsT, hidden * width, width,
        act, rowOffset, width, true);
    VectorMath.tanh(act, rowOffset, act, rowOffset, batch * width);
    for (int layer = 1; layer < LAMBDA_TANH_LAYERS; layer++) {
      float[] in = activations[layer - 1];
      act = activations[layer];
      fillBias(params, biasOffset(layer), act, rowOffset, batch);
      Matmul.multiply(batch, width, width, in, rowOffset, width, 1, weightsT, transposedOffset(layer), width,
          act, rowOffset, width, true);
      VectorMath.tanh(act, rowOffset, act, rowOffset, batch * width);
    }
    int last = layerOffset(LAMBDA_TANH_LAYERS);
    Arrays.fill(haltingLogits, firstRow, firstRow + batch, params[last + width]);
    Matmul.multiplyTransposedB(batch, 1, width, act, rowOffset, width, params, last, width, haltingLogits,
        firstRow, 1, true);
  }

  @Override
  public int stepsRun() {
    return steps;
  }

  @Override
  public void keepRows(int[] rows, int count) {
    hiddenNorms(); // the norms of the steps run so far, under the batch they ran with
    cell.keepRows(rows, count);
    batch = count;
  }

  /** {@code rows} rows of {@code out} (width {@link #width}) from {@code outOff} set to the bias at {@code from}. */
  private void fillBias(float[] params, int from, float[] out, int outOff, int rows) {
    for (int m = 0; m < rows; m++) {
      System.arraycopy(params, from, out, outOff + m * width, width);
    }
  }

  /** dst[dstOff + c·rows + r] = src[srcOff + r·cols + c]: a PyTorch weight [out×in] as [in×out]. */
  private static void transpose(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff) {
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        dst[dstOff + c * rows + r] = src[srcOff + r * cols + c];
      }
    }
  }

  @Override
  public float[] outputLogits() {
    return outputLogits;
  }

  @Override
  public float[] haltingLogits() {
    return haltingLogits;
  }

  /** ‖h_n‖ per example, computed on first request for the steps not yet done. */
  @Override
  public float[] hiddenNorms() {
    cell.stateNorms(normsDone + 1, steps, hiddenNorms);
    normsDone = steps;
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
    float biasSum = 0;
    for (int m = 0; m < rows; m++) {
      biasSum += dHaltingLogits[m];
    }
    grads[last + width] = biasSum;
    float[] d = delta; // dL/d(activation of the layer below)
    float[] other = deltaPrevious;
    Matmul.multiply(rows, width, 1, dHaltingLogits, 0, 1, 1, params, last, width, d, 0, width, false);

    // tanh layers, top down: dZ = dA ⊙ (1 − A²); dW = dZᵀ·in; db = Σ dZ; d in = dZ·W
    for (int layer = LAMBDA_TANH_LAYERS - 1; layer >= 0; layer--) {
      tanhBackward(d, activations[layer], rows * width);
      int w = layerOffset(layer);
      columnSums(d, rows, width, grads, biasOffset(layer));
      if (layer > 0) {
        float[] in = activations[layer - 1];
        Matmul.multiply(width, width, rows, d, 0, 1, width, in, 0, width, grads, w, width, false);
        Matmul.multiply(rows, width, width, d, 0, width, 1, params, w, width, other, 0, width, false);
        float[] swap = d;
        d = other;
        other = swap;
      }
    }
    // layer 1's input is [h_n | h_{n−1}]: each half of W₁ gets its own product with the states,
    // and dL/d[h_n | h_{n−1}] = dZ·W₁ adds straight into the cell's state gradients, the h_n half
    // to slots 1..steps and the h_{n−1} half to slots 0..steps−1 (slot 0 is h_0, a constant: the
    // cell ignores it).
    int w = layerOffset(0);
    Matmul.multiply(width, hidden, rows, d, 0, 1, width, h, first, hidden, grads, w, input, false);
    Matmul.multiply(width, hidden, rows, d, 0, 1, width, h, cell.hiddenOffset(0), hidden, grads, w + hidden,
        input, false);
    Matmul.multiply(rows, hidden, width, d, 0, width, 1, params, w, input, hiddenGrads, first, hidden, true);
    Matmul.multiply(rows, hidden, width, d, 0, width, 1, params, w + hidden, input, hiddenGrads,
        cell.hiddenOffset(0), hidden, true);
    cell.backward(params, 0, hiddenGrads, grads, 0, null);
  }

  /** d[i] ·= 1 − a[i]² (tanh' from its output), vectorised. */
  private static void tanhBackward(float[] d, float[] a, int length) {
    int i = 0;
    for (int bound = VectorMath.SPECIES.loopBound(length); i < bound; i += VectorMath.LANES) {
      FloatVector av = FloatVector.fromArray(VectorMath.SPECIES, a, i);
      FloatVector dv = FloatVector.fromArray(VectorMath.SPECIES, d, i);
      dv.mul(av.fma(av.neg(), av.broadcast(1f))).intoArray(d, i);
    }
    for (; i < length; i++) {
      d[i] *= 1f - a[i] * a[i];
    }
  }

  /** out[outOff + c] = Σ_m src[m·cols + c]: rows added in turn, so the loop runs along c. */
  private static void columnSums(float[] src, int rows, int cols, float[] out, int outOff) {
    Arrays.fill(out, outOff, outOff + cols, 0f);
    for (int m = 0; m < rows; m++) {
      int row = m * cols;
      for (int c = 0; c < cols; c++) {
        out[outOff + c] += src[row + c];
      }
    }
  }
}
