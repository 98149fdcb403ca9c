package org.ponderlab.core.train;

import org.ponderlab.core.model.Network;
import org.ponderlab.core.model.StepwiseNetwork;

/**
 * Training's network: the batch split into two fixed shards, rows {@code [0, ⌈B/2⌉)} and the rest,
 * each run by a network of its own over the same parameters, whatever the thread count. The
 * parameter gradient is shard 0's plus shard 1's, in that order; the logits, halting logits and
 * norms are put together in the full batch's layouts, so the halting method's loss sees one batch.
 * A {@link ShardRunner} only decides whether shard 1 runs beside shard 0 or after it: 1 and 2
 * threads do the same float operations and give bit-identical parameters.
 *
 * <p>Why fixed shards and not "split when there are threads": a weight gradient is a sum over the
 * batch's rows, and summing two halves then adding them rounds differently from one sum over all
 * rows. Splitting always is what makes the thread count pure execution (the lab window, which
 * trains on one thread, gives the numbers {@code train --threads 2} gives).
 *
 * <p>For training only: every buffer is sized for the training batch, and {@link
 * StepwiseNetwork#keepRows} (inference's early exit) is not supported. {@link #of} returns the
 * stepwise variant when both shard networks are stepwise, so LAC's and PALBERT's early stop still
 * stops both shards at the step the whole batch's rule chose. Nothing is allocated per call.
 */
class ShardedNetwork implements Network {
  final Network first;
  final Network second;
  final ShardRunner runner;
  final int inputSize;
  final int outputs;
  final int capacity;

  /** Rows b0..B of the batch, where shard 1 reads them from index 0. */
  private final float[] secondInputs;

  private final float[] outputLogits;
  private final float[] haltingLogits;
  private final float[] hiddenNorms;
  private final float[][] dOutput = new float[2][];
  private final float[][] dHalting = new float[2][];

  /** Shard 1's parameter gradient (shard 0 writes straight into the caller's). */
  private final float[] secondGrads;

  private final Runnable forward0 = () -> forwardShard(0);
  private final Runnable forward1 = () -> forwardShard(1);
  private final Runnable backward0 = () -> backwardShard(0);
  private final Runnable backward1 = () -> backwardShard(1);

  // the arguments of the call in progress, read by the shard tasks
  float[] params;
  private float[] x;
  private float[] dOutputFull;
  private float[] dHaltingFull;
  private float[] grads;
  private int requestedSteps;

  int batch;
  final int[] rows = new int[2];
  int steps;
  private int normsDone;

  ShardedNetwork(
      Network first,
      Network second,
      int inputSize,
      int maxSteps,
      int capacity,
      ShardRunner runner) {
    if (first.parameterCount() != second.parameterCount() || first.outputs() != second.outputs()) {
      throw new IllegalArgumentException("the two shards must be the same network");
    }
    this.first = first;
    this.second = second;
    this.runner = runner;
    this.inputSize = inputSize;
    this.outputs = first.outputs();
    this.capacity = capacity;
    int firstRows = firstRows(capacity);
    int secondRows = capacity - firstRows;
    this.secondInputs = new float[secondRows * inputSize];
    this.outputLogits = new float[maxSteps * capacity * outputs];
    this.haltingLogits = new float[maxSteps * capacity];
    this.hiddenNorms = new float[maxSteps * capacity];
    dOutput[0] = new float[maxSteps * firstRows * outputs];
    dOutput[1] = new float[maxSteps * secondRows * outputs];
    dHalting[0] = new float[maxSteps * firstRows];
    dHalting[1] = new float[maxSteps * secondRows];
    this.secondGrads = new float[second.parameterCount()];
  }

  /**
   * The sharded network over {@code first} and {@code second} (built alike; {@code second} needs
   * room for {@code capacity − ⌈capacity/2⌉} rows): stepwise when both are.
   *
   * @param capacity the largest batch (the training batch)
   */
  static ShardedNetwork of(
      Network first,
      Network second,
      int inputSize,
      int maxSteps,
      int capacity,
      ShardRunner runner) {
    if (first instanceof StepwiseNetwork a && second instanceof StepwiseNetwork b) {
      return new Stepwise(a, b, inputSize, maxSteps, capacity, runner);
    }
    return new ShardedNetwork(first, second, inputSize, maxSteps, capacity, runner);
  }

  /** Rows of shard 0 for a batch of {@code batch}: ⌈batch/2⌉. */
  static int firstRows(int batch) {
    return (batch + 1) / 2;
  }

  /** The networks of shard 0 and shard 1. */
  Network shard(int s) {
    return s == 0 ? first : second;
  }

  /** Threads the shards run on (1 or 2). */
  int threads() {
    return runner.threads();
  }

  @Override
  public int parameterCount() {
    return first.parameterCount();
  }

  @Override
  public int outputs() {
    return outputs;
  }

  @Override
  public void initialize(float[] params, long seed, float haltingBias) {
    first.initialize(params, seed, haltingBias);
  }

  @Override
  public void forward(float[] params, float[] x, int batch, int steps) {
    prepare(params, x, batch);
    requestedSteps = steps;
    runner.both(forward0, forward1);
    this.steps = steps;
  }

  /** Records a pass's arguments and splits its rows; no step run yet. */
  final void prepare(float[] params, float[] x, int batch) {
    if (batch < 1 || batch > capacity) {
      throw new IllegalArgumentException(
          "a sharded training batch holds 1 to " + capacity + " rows: " + batch);
    }
    this.params = params;
    this.x = x;
    this.batch = batch;
    rows[0] = firstRows(batch);
    rows[1] = batch - rows[0];
    steps = 0;
    normsDone = 0;
  }

  /** Shard s's rows of x, from index 0 (shard 0 reads the caller's array in place). */
  final float[] shardInputs(int s) {
    if (s == 0) {
      return x;
    }
    System.arraycopy(x, rows[0] * inputSize, secondInputs, 0, rows[1] * inputSize);
    return secondInputs;
  }

  private void forwardShard(int s) {
    if (rows[s] == 0) {
      return;
    }
    shard(s).forward(params, shardInputs(s), rows[s], requestedSteps);
    place(s, 1, requestedSteps);
  }

  /** Copies shard s's logits and halting logits of steps from..to into the full-batch layouts. */
  final void place(int s, int from, int to) {
    Network net = shard(s);
    float[] logits = net.outputLogits();
    float[] halting = net.haltingLogits();
    int r = rows[s];
    int offset = s == 0 ? 0 : rows[0];
    for (int n = from; n <= to; n++) {
      System.arraycopy(
          logits,
          (n - 1) * r * outputs,
          outputLogits,
          ((n - 1) * batch + offset) * outputs,
          r * outputs);
      System.arraycopy(halting, (n - 1) * r, haltingLogits, (n - 1) * batch + offset, r);
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

  /** Both shards' norms of the steps not yet gathered (a network computes them on request). */
  @Override
  public float[] hiddenNorms() {
    if (normsDone < steps) {
      for (int s = 0; s < 2; s++) {
        if (rows[s] == 0) {
          continue;
        }
        float[] norms = shard(s).hiddenNorms();
        int r = rows[s];
        int offset = s == 0 ? 0 : rows[0];
        for (int n = normsDone + 1; n <= steps; n++) {
          System.arraycopy(norms, (n - 1) * r, hiddenNorms, (n - 1) * batch + offset, r);
        }
      }
      normsDone = steps;
    }
    return hiddenNorms;
  }

  /** Each shard backpropagates its rows; then grads = g0 + g1, element by element. */
  @Override
  public void backward(
      float[] params, float[] dOutputLogits, float[] dHaltingLogits, float[] grads) {
    this.params = params;
    this.dOutputFull = dOutputLogits;
    this.dHaltingFull = dHaltingLogits;
    this.grads = grads;
    runner.both(backward0, backward1);
    if (rows[1] > 0) {
      for (int i = 0; i < grads.length; i++) {
        grads[i] += secondGrads[i];
      }
    }
  }

  private void backwardShard(int s) {
    int r = rows[s];
    if (r == 0) {
      return;
    }
    int offset = s == 0 ? 0 : rows[0];
    float[] dOut = dOutput[s];
    float[] dHalt = dHalting[s];
    for (int n = 1; n <= steps; n++) {
      System.arraycopy(
          dOutputFull,
          ((n - 1) * batch + offset) * outputs,
          dOut,
          (n - 1) * r * outputs,
          r * outputs);
      System.arraycopy(dHaltingFull, (n - 1) * batch + offset, dHalt, (n - 1) * r, r);
    }
    shard(s).backward(params, dOut, dHalt, s == 0 ? grads : secondGrads);
  }

  /**
   * The stepwise variant: {@link #begin} only records the pass; the first {@link #step} begins both
   * shards (MNIST's encoder runs there) so that each step is one hand-over to the second thread.
   */
  static final class Stepwise extends ShardedNetwork implements StepwiseNetwork {
    private final StepwiseNetwork[] nets;
    private final int[] stepRun = new int[2];
    private final Runnable step0 = () -> stepShard(0);
    private final Runnable step1 = () -> stepShard(1);
    private boolean begun;

    Stepwise(
        StepwiseNetwork first,
        StepwiseNetwork second,
        int inputSize,
        int maxSteps,
        int capacity,
        ShardRunner runner) {
      super(first, second, inputSize, maxSteps, capacity, runner);
      this.nets = new StepwiseNetwork[] {first, second};
    }

    @Override
    public void begin(float[] params, float[] x, int batch) {
      prepare(params, x, batch);
      begun = false;
    }

    @Override
    public int step(float[] params) {
      this.params = params;
      runner.both(step0, step1);
      begun = true;
      if (rows[1] > 0 && stepRun[1] != stepRun[0]) {
        throw new IllegalStateException(
            "the shards ran different steps: " + stepRun[0] + " and " + stepRun[1]);
      }
      steps = stepRun[0];
      return steps;
    }

    private void stepShard(int s) {
      if (rows[s] == 0) {
        return;
      }
      StepwiseNetwork net = nets[s];
      if (!begun) {
        net.begin(params, shardInputs(s), rows[s]);
      }
      int n = net.step(params);
      stepRun[s] = n;
      place(s, n, n);
    }

    @Override
    public int stepsRun() {
      return steps;
    }

    /** Not for training: inference runs the unsharded network. */
    @Override
    public void keepRows(int[] rows, int count) {
      throw new UnsupportedOperationException(
          "a sharded network trains; inference's early exit runs the unsharded network");
    }
  }
}
