package org.ponderlab.core.model;

import java.util.SplittableRandom;

/**
 * The PonderNet network: a {@link GruCell} step function and {@link LinearHeads} (output logits ŷ_n
 * and halting logit a_n per step, HALTING.md "Step recurrence"), over one flat parameter buffer
 * laid out {@code [cell | heads]}.
 *
 * <p>{@link #forward} runs every step and then both heads over all of them at once; the stepwise
 * pass ({@link #begin}, {@link #step}) runs the heads step by step, so a halting method that stops
 * early (LAC) really stops.
 */
public final class PonderNetwork implements StepwiseNetwork {

  private final GruCell cell;
  private final LinearHeads heads;

  /** dL/dh_n in the cell's state layout; written by the heads, consumed by the cell. */
  private final float[] hiddenGrads;

  private final int outputs;
  private final float[] hiddenNorms;

  /** Steps 1..normsDone of the current pass have their norms in {@link #hiddenNorms}. */
  private int normsDone;

  private int batch;
  private int steps;

  public PonderNetwork(int inputSize, int hiddenSize, int outputs, int maxSteps, int maxBatch) {
    cell = new GruCell(inputSize, hiddenSize, maxSteps, maxBatch);
    heads = new LinearHeads(hiddenSize, outputs, maxSteps, maxBatch);
    hiddenGrads = new float[cell.hiddenCapacity()];
    this.outputs = outputs;
    this.hiddenNorms = new float[maxSteps * maxBatch];
  }

  @Override
  public int outputs() {
    return outputs;
  }

  /**
   * ‖h_n‖ per example, computed on first request for the steps not yet done (only LAC and charts
   * need it).
   */
  @Override
  public float[] hiddenNorms() {
    cell.stateNorms(normsDone + 1, steps, hiddenNorms);
    normsDone = steps;
    return hiddenNorms;
  }

  @Override
  public void backward(
      float[] params, float[] dOutputLogits, float[] dHaltingLogits, float[] grads) {
    backward(params, dOutputLogits, dHaltingLogits, grads, null);
  }

  @Override
  public int parameterCount() {
    return cell.parameterCount() + heads.parameterCount();
  }

  /** Offset of the heads' parameters in the flat buffer (the cell's start at 0). */
  public int headsOffset() {
    return cell.parameterCount();
  }

  /**
   * PyTorch default init of cell and heads from {@code new SplittableRandom(seed)} (cell first),
   * then the halting bias set to {@code haltingBias}.
   */
  public void initialize(float[] params, long seed, float haltingBias) {
    SplittableRandom rng = new SplittableRandom(seed);
    cell.initialize(params, 0, rng);
    heads.initialize(params, headsOffset(), rng, haltingBias);
  }

  /** Runs {@code steps} GRU steps on x ([batch×inputSize]), then both heads on all steps. */
  @Override
  public void forward(float[] params, float[] x, int batch, int steps) {
    cell.begin(params, 0, x, batch);
    for (int n = 0; n < steps; n++) {
      cell.step();
    }
    heads.forward(params, headsOffset(), cell.hiddenArray(), cell.hiddenOffset(1), batch, steps);
    this.batch = batch;
    this.steps = steps;
    this.normsDone = 0;
  }

  @Override
  public void begin(float[] params, float[] x, int batch) {
    cell.begin(params, 0, x, batch);
    this.batch = batch;
    this.steps = 0;
    this.normsDone = 0;
  }

  @Override
  public int step(float[] params) {
    int n = cell.step();
    heads.forwardStep(params, headsOffset(), cell.hiddenArray(), cell.hiddenOffset(n), batch, n);
    steps = n;
    return n;
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

  /** As {@link LinearHeads#outputLogits()}. */
  public float[] outputLogits() {
    return heads.outputLogits();
  }

  /** As {@link LinearHeads#haltingLogits()}. */
  public float[] haltingLogits() {
    return heads.haltingLogits();
  }

  public GruCell cell() {
    return cell;
  }

  public LinearHeads heads() {
    return heads;
  }

  /**
   * Backward of the last {@link #forward}: overwrites all parameter gradients in {@code grads}
   * (same layout as params) and, if {@code dx} is not null, writes dL/dx [batch×inputSize].
   */
  public void backward(
      float[] params, float[] dOutputLogits, float[] dHaltingLogits, float[] grads, float[] dx) {
    heads.backward(
        params,
        headsOffset(),
        cell.hiddenArray(),
        cell.hiddenOffset(1),
        batch,
        steps,
        dOutputLogits,
        dHaltingLogits,
        grads,
        headsOffset(),
        hiddenGrads);
    cell.backward(params, 0, hiddenGrads, grads, 0, dx);
  }
}
