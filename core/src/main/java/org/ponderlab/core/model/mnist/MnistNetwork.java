package org.ponderlab.core.model.mnist;

import java.util.SplittableRandom;
import org.ponderlab.core.model.Network;

/**
 * The MNIST step network of paper 000 (HALTING.md, "Tasks"): a small CNN encoder run once per
 * image ({@link ConvEncoder}), then a recurrent cell fed the encoder's features at every step
 * ({@link GruStepCell}), with an output head of {@code classes} logits and a halting head per step
 * ({@link StepHeads}).
 *
 * <p>Flat parameter layout: encoder (conv1, conv2, dense), cell, heads; see each part's javadoc.
 * Input rows are images of {@code imageSize²} grey values in [0, 1], row-major.
 *
 * <p>Buffers are sized by the largest batch seen; the output arrays are exactly {@code steps ×
 * batch} long and are reallocated only when that shape changes, so a training loop at a fixed
 * batch size allocates nothing. A forward of more than {@link #MAX_BACKWARD_BATCH} rows (a whole
 * validation split) works, in chunks, but cannot be backpropagated. ND4J runs on one thread
 * (set on first use). Not thread-safe. {@link #close()} frees the off-heap buffers at once.
 */
public final class MnistNetwork implements Network, AutoCloseable {
  /** Largest batch whose forward can be followed by {@link #backward}. */
  public static final int MAX_BACKWARD_BATCH = ConvEncoder.CHUNK;

  private final MnistNetworkShape shape;
  private final ConvEncoder encoder;
  private final StepCell cell;
  private final StepHeads heads;
  private final int cellOffset;
  private final int headsOffset;
  private final int parameterCount;
  private float[] features = new float[0];
  private float[] dFeatures = new float[0];
  private float[] states = new float[0];
  private float[] dStates = new float[0];
  private float[] outputLogits = new float[0];
  private float[] haltingLogits = new float[0];
  private float[] hiddenNorms = new float[0];
  private int batch;
  private int steps;

  /** The standard MNIST network ({@link MnistNetworkShape#standard()}). */
  public MnistNetwork() {
    this(MnistNetworkShape.standard());
  }

  public MnistNetwork(MnistNetworkShape shape) {
    this.shape = shape;
    this.encoder = new ConvEncoder(shape);
    this.cell = new GruStepCell(shape.features(), shape.hidden());
    this.heads = new StepHeads(shape.hidden(), shape.classes());
    this.cellOffset = encoder.parameterCount();
    this.headsOffset = cellOffset + cell.parameterCount();
    this.parameterCount = headsOffset + heads.parameterCount();
  }

  public MnistNetworkShape shape() {
    return shape;
  }

  /** Input values per example ({@code imageSize²}). */
  public int inputSize() {
    return shape.inputSize();
  }

  @Override
  public int parameterCount() {
    return parameterCount;
  }

  @Override
  public int outputs() {
    return shape.classes();
  }

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
    if (batch <= 0 || steps <= 0) {
      throw new IllegalArgumentException("batch " + batch + " and steps " + steps + " must be positive");
    }
    if (x.length < batch * shape.inputSize()) {
      throw new IllegalArgumentException(
          "x has " + x.length + " values, " + batch + " images need " + batch * shape.inputSize());
    }
    allocate(batch, steps);
    encoder.forward(params, 0, x, batch, features);
    cell.forward(params, cellOffset, features, batch, steps, states);
    heads.forward(params, headsOffset, states, steps * batch, outputLogits, haltingLogits, hiddenNorms);
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
  public void backward(float[] params, float[] dOutputLogits, float[] dHaltingLogits, float[] grads) {
    checkParams(params);
    checkParams(grads);
    int rows = steps * batch;
    heads.backward(params, headsOffset, states, rows, dOutputLogits, dHaltingLogits, grads, dStates);
    cell.backward(params, cellOffset, dStates, grads, dFeatures);
    encoder.backward(params, 0, features, dFeatures, grads);
  }

  private void allocate(int batch, int steps) {
    if (features.length < batch * shape.features()) {
      features = new float[batch * shape.features()];
      dFeatures = new float[features.length];
    }
    int rows = steps * batch;
    if (states.length < rows * shape.hidden()) {
      states = new float[rows * shape.hidden()];
      dStates = new float[states.length];
    }
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

  @Override
  public void close() {
    encoder.close();
  }
}
