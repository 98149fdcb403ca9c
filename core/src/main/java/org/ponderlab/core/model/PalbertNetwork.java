package org.ponderlab.core.model;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ponderlab.core.model.kernel.Activations;
import org.ponderlab.core.model.kernel.ColumnSums;
import org.ponderlab.core.model.kernel.Gemm;
import org.ponderlab.core.model.kernel.Layout;
import org.ponderlab.core.model.kernel.Linear;
import org.ponderlab.core.model.kernel.VectorMath;

/**
 * The PALBERT network (paper 004; HALTING.md "PALBERT variant"): a {@link GruCell} step function, a
 * linear output head ŷ_n = W_o h_n + b_o, and the Lambda head a_n = Lambda([h_n, h_{n−1}]) with h_0
 * = 0: Linear(2H → W) + tanh, 2 × (Linear(W → W) + tanh), then Linear(W → 1), W = {@code
 * lambda-width}. The Lambda head's last bias is the halting bias.
 *
 * <p>Parameter layout in the flat buffer: {@code [cell | W_o [O×H], b_o [O] | Lambda]}, the Lambda
 * head as four PyTorch {@code Linear}s in order, each {@code W [out×in]} row-major then {@code b
 * [out]}. The Lambda head is one contiguous range ({@link #lambdaHead()}), so the optimiser can
 * give it PALBERT's own learning rate ({@code lambda-lr}, via {@code Adam.setRateRatio}).
 *
 * <p>Forward runs step by step ({@link StepwiseNetwork}): each step computes its rows of both
 * heads, so PALBERT's truncated training can stop a batch. The products run on {@link Gemm}'s
 * register tiles with the Lambda weights transposed once per pass; layer 1 multiplies the two
 * halves of W₁ᵀ with the cell's state slots n and n−1, so [h_n, h_{n−1}] is never copied.
 *
 * <p>Cost: per row the Lambda head does 2H·W + 2W² + W multiply-adds forward, twice that backward,
 * against 3H·(I + H) for a GRU step. Why W is a setting and not 2H: a head as wide as its input
 * costs 12H², four times the GRU step at the parity workload (H 64: 12.9 ms per iteration against
 * PonderNet's 2.8), while in the paper's ALBERT the head reads one token of a layer that costs
 * ~12H² per token, so it is nearly free there. W = 16 keeps PALBERT within 1.25× PonderNet (README,
 * "Every halting method"); wider heads are there for the capacity study.
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

  /** ŷ_n = W_o h_n + b_o. */
  private final Linear outputHead;

  /** The Lambda head's last Linear(W → 1), whose bias is the halting bias. */
  private final Linear lambdaOut;

  /** Steps 1..normsDone of the current pass have their norms in {@link #hiddenNorms}. */
  private int normsDone;

  private int batch;
  private int steps;

  /** The network with the widest Lambda head, 2H wide (every layer as wide as its input). */
  public PalbertNetwork(int inputSize, int hiddenSize, int outputs, int maxSteps, int maxBatch) {
    this(inputSize, hiddenSize, 2 * hiddenSize, outputs, maxSteps, maxBatch);
  }

  /** {@code lambdaWidth} is the width of the Lambda head's three tanh layers. */
  public PalbertNetwork(
      int inputSize, int hiddenSize, int lambdaWidth, int outputs, int maxSteps, int maxBatch) {
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
    outputHead = new Linear(hiddenSize, outputs);
    lambdaOut = new Linear(lambdaWidth, 1);
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
    return List.of(
        new Range("cell", 0, outputOffset),
        new Range("output", outputOffset, lambdaOffset),
        lambdaHead());
  }

  /** Index of the halting bias (the Lambda head's last parameter). */
  public int haltingBiasIndex() {
    return parameterCount - 1;
  }

  /** The Lambda head's width. */
  public int lambdaWidth() {
    return width;
  }

  /**
   * Inputs of Linear {@code layer}: [h_n | h_{n−1}] for the first, the layer below's width after.
   */
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

  /**
   * Runs {@code steps} steps with their heads: {@link #begin}, then {@link #step} {@code steps}
   * times.
   */
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
      Layout.transpose(
          params, layerOffset(layer), width, fanIn(layer), weightsT, transposedOffset(layer));
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
    outputHead.forward(
        params,
        outputOffset,
        outputOffset + outputs * hidden,
        cell.hiddenArray(),
        cell.hiddenOffset(n),
        batch,
        outputLogits,
        (n - 1) * batch * outputs);
  }

  /**
   * a_n = Lambda([h_n | h_{n−1}]) for the rows of step n. The first layer reads the two halves
   * without building the concatenation: the halves of W₁ᵀ multiply the cell's state slots n and n−1
   * (slot 0 is h_0 = 0). Kept apart from {@link #step} so that C2 inlines the Vector API helpers (a
   * helper left as a real call boxes its vectors).
   */
  private void lambdaHead(float[] params, int n) {
    float[] h = cell.hiddenArray();
    int firstRow = (n - 1) * batch;
    int rowOffset = firstRow * width;
    float[] act = activations[0];
    Layout.fillRows(params, biasOffset(0), width, act, rowOffset, batch);
    Gemm.times(batch, width, hidden, h, cell.hiddenOffset(n), weightsT, 0, act, rowOffset, true);
    Gemm.times(
        batch,
        width,
        hidden,
        h,
        cell.hiddenOffset(n - 1),
        weightsT,
        hidden * width,
        act,
        rowOffset,
        true);
    VectorMath.tanh(act, rowOffset, act, rowOffset, batch * width);
    for (int layer = 1; layer < LAMBDA_TANH_LAYERS; layer++) {
      float[] in = activations[layer - 1];
      act = activations[layer];
      Layout.fillRows(params, biasOffset(layer), width, act, rowOffset, batch);
      Gemm.times(
          batch,
          width,
          width,
          in,
          rowOffset,
          weightsT,
          transposedOffset(layer),
          act,
          rowOffset,
          true);
      VectorMath.tanh(act, rowOffset, act, rowOffset, batch * width);
    }
    int last = layerOffset(LAMBDA_TANH_LAYERS);
    lambdaOut.forward(params, last, last + width, act, rowOffset, batch, haltingLogits, firstRow);
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
  public void backward(
      float[] params, float[] dOutputLogits, float[] dHaltingLogits, float[] grads) {
    int rows = steps * batch;
    float[] h = cell.hiddenArray();
    int first = cell.hiddenOffset(1);
    // output head: dW_o = dYᵀ·H, db_o = Σ dY, dL/dh_n = dY·W_o (overwrites slots 1..steps)
    outputHead.weightGradients(
        h, first, dOutputLogits, 0, rows, grads, outputOffset, outputOffset + outputs * hidden);
    outputHead.inputGradient(
        params, outputOffset, dOutputLogits, 0, rows, hiddenGrads, first, false);
    Arrays.fill(hiddenGrads, 0, first, 0f);

    // final Linear(W → 1)
    int last = layerOffset(LAMBDA_TANH_LAYERS);
    float[] top = activations[LAMBDA_TANH_LAYERS - 1];
    lambdaOut.weightGradients(top, 0, dHaltingLogits, 0, rows, grads, last, last + width);
    float[] d = delta; // dL/d(activation of the layer below)
    float[] other = deltaPrevious;
    lambdaOut.inputGradient(params, last, dHaltingLogits, 0, rows, d, 0, false);

    // tanh layers, top down: dZ = dA ⊙ (1 − A²); dW = dZᵀ·in; db = Σ dZ; d in = dZ·W
    for (int layer = LAMBDA_TANH_LAYERS - 1; layer >= 0; layer--) {
      Activations.tanhBackward(d, 0, activations[layer], 0, rows * width);
      int w = layerOffset(layer);
      ColumnSums.into(d, 0, rows, width, grads, biasOffset(layer));
      if (layer > 0) {
        float[] in = activations[layer - 1];
        Gemm.transposedTimes(width, width, rows, d, 0, in, 0, grads, w, false);
        Gemm.times(rows, width, width, d, 0, params, w, other, 0, false);
        float[] swap = d;
        d = other;
        other = swap;
      }
    }
    // layer 1's input is [h_n | h_{n−1}]: each half of W₁ gets its own product with the states,
    // and dL/d[h_n | h_{n−1}] = dZ·W₁ adds straight into the cell's state gradients, the h_n half
    // to slots 1..steps and the h_{n−1} half to slots 0..steps−1 (slot 0 is h_0, a constant: the
    // cell ignores it). W₁'s rows are 2H wide: the strided forms of the products.
    int w = layerOffset(0);
    int h0 = cell.hiddenOffset(0);
    Gemm.transposedTimes(
        width, hidden, rows, d, 0, width, h, first, hidden, grads, w, input, false);
    Gemm.transposedTimes(
        width, hidden, rows, d, 0, width, h, h0, hidden, grads, w + hidden, input, false);
    Gemm.times(
        rows, hidden, width, d, 0, width, params, w, input, hiddenGrads, first, hidden, true);
    Gemm.times(
        rows, hidden, width, d, 0, width, params, w + hidden, input, hiddenGrads, h0, hidden, true);
    cell.backward(params, 0, hiddenGrads, grads, 0, null);
  }
}
