package org.ponderlab.core.model.mnist;

import java.util.SplittableRandom;
import org.ponderlab.core.model.GruCell;
import org.ponderlab.core.model.LinearHeads;
import org.ponderlab.core.model.MlpCell;
import org.ponderlab.core.model.RecurrentCell;
import org.ponderlab.core.model.StepwiseNetwork;

/**
 * The MNIST step network of paper 000 (HALTING.md, "Tasks"): a small CNN encoder run once per image
 * ({@link ConvEncoder}), then a recurrent cell fed the encoder's features e at every step (the
 * shape's {@link MnistCell}: the project's GRU kernel {@link GruCell}, or {@link MlpCell}, h_n =
 * tanh(W₂·relu(W₁·[e; h_{n−1}] + b₁) + b₂)), with {@link LinearHeads} (an output head of {@code
 * classes} logits and a halting logit per step). The cell's input gradient (summed over the steps)
 * is the encoder's output gradient.
 *
 * <p>Flat parameter layout: encoder (conv1, conv2, dense), cell (PyTorch {@code GRUCell} order, or
 * the MLP's two {@code Linear} layers), heads (one PyTorch {@code Linear(H → classes+1)}, halting
 * bias last); see each part's javadoc. Input rows are images of {@code imageSize²} grey values in
 * [0, 1], row-major.
 *
 * <p>Buffers are sized for {@code maxSteps × maxBatch} at construction (the encoder's for {@code
 * maxBatch} images); the output arrays are exactly {@code steps × batch} long and are reallocated
 * only when that shape changes, so a training loop at a fixed batch size allocates nothing. A
 * forward of more than {@link #maxBatch()} rows (a whole test split) works, in chunks, but cannot
 * be backpropagated. Plain arrays on the Java heap, one thread. Not thread-safe.
 */
public final class MnistNetwork implements StepwiseNetwork {
  /** Maximum steps of {@link #MnistNetwork(MnistNetworkShape)}: the lab's default N. */
  public static final int DEFAULT_MAX_STEPS = 20;

  /** Maximum batch of {@link #MnistNetwork(MnistNetworkShape)}: the trainer's evaluation chunk. */
  public static final int DEFAULT_MAX_BATCH = 256;

  private final MnistNetworkShape shape;
  private final int maxSteps;
  private final int maxBatch;
  private final ConvEncoder encoder;
  private final RecurrentCell cell;
  private final LinearHeads heads;
  private final int cellOffset;
  private final int headsOffset;
  private final int parameterCount;

  /** dL/dh_n in the cell's state layout; written by the heads, consumed by the cell. */
  private final float[] hiddenGrads;

  /** One chunk's features when a forward is larger than maxBatch (the cell reads from index 0). */
  private final float[] chunkFeatures;

  private float[] features = new float[0];
  private float[] dFeatures = new float[0];
  private float[] outputLogits = new float[0];
  private float[] haltingLogits = new float[0];
  private float[] hiddenNorms = new float[0];
  private int batch;
  private int steps;
  private boolean chunked;

  /** The standard MNIST network ({@link MnistNetworkShape#standard()}) with the default sizes. */
  public MnistNetwork() {
    this(MnistNetworkShape.standard());
  }

  /** {@link #DEFAULT_MAX_STEPS} steps, batches up to {@link #DEFAULT_MAX_BATCH}. */
  public MnistNetwork(MnistNetworkShape shape) {
    this(shape, DEFAULT_MAX_STEPS, DEFAULT_MAX_BATCH);
  }

  /**
   * @param maxSteps largest N a forward may run
   * @param maxBatch largest batch a forward can be backpropagated from (larger forwards are
   *     chunked)
   */
  public MnistNetwork(MnistNetworkShape shape, int maxSteps, int maxBatch) {
    if (maxSteps < 1 || maxBatch < 1) {
      throw new IllegalArgumentException(
          "maxSteps " + maxSteps + " and maxBatch " + maxBatch + " must be positive");
    }
    this.shape = shape;
    this.maxSteps = maxSteps;
    this.maxBatch = maxBatch;
    this.encoder = new ConvEncoder(shape, maxBatch);
    this.cell = shape.cell().create(shape, maxSteps, maxBatch);
    this.heads = new LinearHeads(shape.hidden(), shape.classes(), maxSteps, maxBatch);
    this.cellOffset = encoder.parameterCount();
    this.headsOffset = cellOffset + cell.parameterCount();
    this.parameterCount = headsOffset + heads.parameterCount();
    this.hiddenGrads = new float[cell.hiddenCapacity()];
    this.chunkFeatures = new float[maxBatch * shape.features()];
  }

  public MnistNetworkShape shape() {
    return shape;
  }

  /** Input values per example ({@code imageSize²}). */
  public int inputSize() {
    return shape.inputSize();
  }

  /** Largest batch whose forward can be followed by {@link #backward}. */
  public int maxBatch() {
    return maxBatch;
  }

  public int maxSteps() {
    return maxSteps;
  }

  @Override
  public int parameterCount() {
    return parameterCount;
  }

  @Override
  public int outputs() {
    return shape.classes();
  }

  /** Encoder, cell and heads from one {@code SplittableRandom(seed)}, in that order. */
  @Override
  public void initialize(float[] params, long seed, float haltingBias) {
    checkParams(params);
    SplittableRandom rng = new SplittableRandom(seed);
    encoder.initialize(params, 0, rng);
    cell.initialize(params, cellOffset, rng);
    heads.initialize(params, headsOffset, rng, haltingBias);
  }

  @Override
  public void forward(float[] params, float[] x, int batch, int steps) {
    checkParams(params);
    if (batch <= 0 || steps <= 0 || steps > maxSteps) {
      throw new IllegalArgumentException(
          "batch " + batch + " must be positive and steps " + steps + " in 1.." + maxSteps);
    }
    if (x.length < batch * shape.inputSize()) {
      throw new IllegalArgumentException(
          "x has " + x.length + " values, " + batch + " images need " + batch * shape.inputSize());
    }
    allocate(batch, steps);
    encoder.forward(params, 0, x, batch, features);
    chunked = batch > maxBatch;
    if (!chunked) {
      runCell(params, features, 0, batch);
      return;
    }
    int width = shape.features();
    for (int start = 0; start < batch; start += maxBatch) {
      int n = Math.min(maxBatch, batch - start);
      System.arraycopy(features, start * width, chunkFeatures, 0, n * width);
      runCell(params, chunkFeatures, start, n);
    }
  }

  /**
   * Starts a step-by-step pass (at most maxBatch rows): the encoder runs once, as in {@link
   * #forward}; then each {@link #step} runs the cell and both heads for one step, so a rule that
   * stops examples or the batch early saves the cell's steps (the encoder's cost is paid once).
   */
  @Override
  public void begin(float[] params, float[] x, int batch) {
    checkParams(params);
    if (batch <= 0 || batch > maxBatch) {
      throw new IllegalArgumentException(
          "a stepwise pass takes 1.." + maxBatch + " rows: " + batch);
    }
    if (x.length < batch * shape.inputSize()) {
      throw new IllegalArgumentException(
          "x has " + x.length + " values, " + batch + " images need " + batch * shape.inputSize());
    }
    allocate(batch, maxSteps);
    encoder.forward(params, 0, x, batch, features);
    chunked = false;
    cell.begin(params, cellOffset, features, batch);
    steps = 0;
  }

  @Override
  public int step(float[] params) {
    int n = cell.step();
    heads.forwardStep(params, headsOffset, cell.hiddenArray(), cell.hiddenOffset(n), batch, n);
    copyStep(n, batch, 0, batch);
    steps = n;
    return n;
  }

  @Override
  public int stepsRun() {
    return steps;
  }

  @Override
  public void keepRows(int[] rows, int count) {
    cell.keepRows(rows, count);
    batch = count;
  }

  /**
   * Cell and heads on {@code n} rows of features; copies their outputs to rows start.. of this
   * forward.
   */
  private void runCell(float[] params, float[] rowFeatures, int start, int n) {
    cell.begin(params, cellOffset, rowFeatures, n);
    for (int s = 0; s < steps; s++) {
      cell.step();
    }
    float[] hidden = cell.hiddenArray();
    heads.forward(params, headsOffset, hidden, cell.hiddenOffset(1), n, steps);
    for (int s = 1; s <= steps; s++) {
      copyStep(s, n, start, batch);
    }
  }

  /**
   * Step s of the cell's {@code n} rows (heads' logits and state norms) into rows {@code start..}
   * of step s of this pass, whose rows per step are {@code passBatch}.
   */
  private void copyStep(int s, int n, int start, int passBatch) {
    int classes = shape.classes();
    int h = shape.hidden();
    float[] hidden = cell.hiddenArray();
    int from = (s - 1) * n;
    int to = (s - 1) * passBatch + start;
    System.arraycopy(heads.outputLogits(), from * classes, outputLogits, to * classes, n * classes);
    System.arraycopy(heads.haltingLogits(), from, haltingLogits, to, n);
    int base = cell.hiddenOffset(s);
    for (int b = 0; b < n; b++) {
      double squares = 0;
      int row = base + b * h;
      for (int j = 0; j < h; j++) {
        squares += hidden[row + j] * hidden[row + j];
      }
      hiddenNorms[to + b] = (float) Math.sqrt(squares);
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

  @Override
  public float[] hiddenNorms() {
    return hiddenNorms;
  }

  @Override
  public void backward(
      float[] params, float[] dOutputLogits, float[] dHaltingLogits, float[] grads) {
    checkParams(params);
    checkParams(grads);
    if (chunked) {
      throw new IllegalStateException(
          "the last forward had "
              + batch
              + " rows, run in chunks of "
              + maxBatch
              + "; backward needs at most "
              + maxBatch);
    }
    heads.backward(
        params,
        headsOffset,
        cell.hiddenArray(),
        cell.hiddenOffset(1),
        batch,
        steps,
        dOutputLogits,
        dHaltingLogits,
        grads,
        headsOffset,
        hiddenGrads);
    cell.backward(params, cellOffset, hiddenGrads, grads, cellOffset, dFeatures);
    encoder.backward(params, 0, features, dFeatures, grads);
  }

  private void allocate(int batch, int steps) {
    if (features.length < batch * shape.features()) {
      features = new float[batch * shape.features()];
      dFeatures = new float[features.length];
    }
    int rows = steps * batch;
    if (outputLogits.length != rows * shape.classes()) {
      outputLogits = new float[rows * shape.classes()];
      haltingLogits = new float[rows];
      hiddenNorms = new float[rows];
    }
    this.batch = batch;
    this.steps = steps;
  }

  private void checkParams(float[] params) {
    if (params.length != parameterCount) {
      throw new IllegalArgumentException(
          "parameter array has " + params.length + " values, this network has " + parameterCount);
    }
  }
}
