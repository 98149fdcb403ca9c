package org.ponderlab.core.train;

import java.util.SplittableRandom;
import org.ponderlab.core.halting.LossParts;
import org.ponderlab.core.halting.StepOutputs;
import org.ponderlab.core.model.PalbertNetwork;
import org.ponderlab.core.optim.Adam;
import org.ponderlab.core.task.Batch;

/**
 * One training iteration — fresh batch, forward over N steps (or fewer, if the method stops the
 * batch early: {@link Rollout}), the method's loss and its gradient, backward over the steps run,
 * Adam with clipping — over buffers allocated once. Records the time of each phase for the
 * benchmark. Used by the {@link Trainer} thread and by the bench command.
 *
 * <p>The network work always runs as two batch shards ({@link ShardedNetwork}): shard 0 on the
 * experiment's network, shard 1 on a second network of the same kind. With 2 threads shard 1 runs
 * on a second, long-lived thread of this step's own ({@link #close} ends it); the numbers are the
 * same bits with 1 thread or 2. The loss, clipping and Adam stay whole-batch on the caller.
 */
public final class TrainingStep implements AutoCloseable {
  /** The thread counts a training step may use. */
  public static final int MIN_THREADS = 1;

  public static final int MAX_THREADS = 2;

  private final Experiment experiment;
  private final ShardedNetwork network;
  private final float[] params;
  private final float[] grads;
  private final float[] dOutput;
  private final float[] dHalting;
  private final Batch batch;
  private final Adam adam;
  private final long dataSeed;
  private final long noiseSeed;
  private long iteration;
  private long forwardNanos;
  private long lossNanos;
  private long backwardNanos;
  private long updateNanos;
  private double lastGradientNorm;
  private int stepsRun;
  private float lambdaRatio = 1f;

  /** A step on one thread. */
  public TrainingStep(Experiment experiment, TrainingConfig config) {
    this(experiment, config, 1);
  }

  /**
   * A step whose two batch shards run on {@code threads} threads (1 or 2): the results do not
   * depend on it.
   */
  public TrainingStep(Experiment experiment, TrainingConfig config, int threads) {
    checkThreads(threads);
    this.experiment = experiment;
    int count = experiment.network().parameterCount();
    this.params = new float[count];
    this.grads = new float[count];
    experiment
        .network()
        .initialize(params, Seeds.derive(config.seed(), Seeds.INIT), (float) config.haltingBias());
    int maxBatch = experiment.maxBatch();
    this.dOutput = new float[config.maxSteps() * maxBatch * experiment.network().outputs()];
    this.dHalting = new float[config.maxSteps() * maxBatch];
    this.batch = Batch.allocate(config.batch(), experiment.task().inputSize());
    this.adam = new Adam(count);
    this.dataSeed = Seeds.derive(config.seed(), Seeds.TRAIN_DATA);
    this.noiseSeed = Seeds.derive(config.seed(), Seeds.METHOD_NOISE);
    int secondRows = config.batch() - ShardedNetwork.firstRows(config.batch());
    this.network =
        ShardedNetwork.of(
            experiment.network(),
            Experiments.shardNetwork(config, experiment.task(), Math.max(1, secondRows)),
            experiment.task().inputSize(),
            config.maxSteps(),
            config.batch(),
            ShardRunner.forThreads(threads, "ponderlab-trainer-shard-1"));
  }

  /**
   * Refuses a thread count outside 1..2, naming the field {@code threads}.
   *
   * @throws ConfigException for any other count
   */
  public static void checkThreads(int threads) {
    if (threads < MIN_THREADS || threads > MAX_THREADS) {
      throw new ConfigException(
          "threads",
          Integer.toString(threads),
          "allowed range " + MIN_THREADS + " to " + MAX_THREADS);
    }
  }

  /** Threads this step's shards run on. */
  public int threads() {
    return network.threads();
  }

  /** Ends the second thread, if any. */
  @Override
  public void close() {
    network.runner.close();
  }

  /**
   * Trains one batch with the given (possibly just changed) settings; returns the batch's loss.
   * Iteration i draws its batch and noise from streams seeded by (run seed, i), so a run resumed
   * from saved parameters and optimiser state continues with exactly the numbers it would have had.
   */
  public LossParts run(TrainingConfig config) {
    SplittableRandom dataRng = new SplittableRandom(Seeds.derive(dataSeed, iteration));
    SplittableRandom noiseRng = new SplittableRandom(Seeds.derive(noiseSeed, iteration));
    experiment.task().sample(dataRng, batch);
    long t0 = System.nanoTime();
    StepOutputs out =
        Rollout.run(
            network,
            experiment.method(),
            params,
            batch.inputs(),
            batch.size(),
            config.maxSteps(),
            experiment.task().outputKind(),
            config,
            null);
    stepsRun = out.steps();
    long t1 = System.nanoTime();
    LossParts loss =
        experiment.method().loss(out, batch.labels(), config, noiseRng, dOutput, dHalting);
    long t2 = System.nanoTime();
    if (!loss.isFinite()) {
      throw new TrainingDiverged(loss, Double.NaN);
    }
    network.backward(params, dOutput, dHalting, grads);
    long t3 = System.nanoTime();
    applyLambdaLearningRate(config);
    lastGradientNorm = adam.step(params, grads, config.lr(), config.clip());
    long t4 = System.nanoTime();
    if (!Double.isFinite(lastGradientNorm)) {
      throw new TrainingDiverged(loss, lastGradientNorm);
    }
    iteration++;
    forwardNanos = t1 - t0;
    lossNanos = t2 - t1;
    backwardNanos = t3 - t2;
    updateNanos = t4 - t3;
    return loss;
  }

  /**
   * PALBERT's Lambda head learns at lambda-lr: a rate ratio on its parameter range (lr may change
   * mid-run).
   */
  private void applyLambdaLearningRate(TrainingConfig config) {
    if (experiment.network() instanceof PalbertNetwork palbert) {
      float ratio = (float) (config.lambdaLr() / config.lr());
      if (ratio != lambdaRatio) {
        adam.setRateRatio(palbert.lambdaHead().from(), palbert.lambdaHead().to(), ratio);
        lambdaRatio = ratio;
      }
    }
  }

  /** Iterations trained so far. */
  public long iteration() {
    return iteration;
  }

  /**
   * Continues from a saved state: parameters, Adam moments and step count, iteration. The task's
   * sampling is replayed for the iterations already trained (batches drawn, nothing trained), so a
   * task that keeps a position — MNIST walks shuffled epochs — is where it was; for parity this
   * costs milliseconds, for MNIST about 20 µs per iteration replayed.
   */
  public void restore(
      float[] savedParams, float[] firstMoment, float[] secondMoment, long iterations) {
    for (long i = iteration; i < iterations; i++) {
      experiment.task().sample(new SplittableRandom(Seeds.derive(dataSeed, i)), batch);
    }
    System.arraycopy(savedParams, 0, params, 0, params.length);
    System.arraycopy(firstMoment, 0, adam.firstMoment(), 0, params.length);
    System.arraycopy(secondMoment, 0, adam.secondMoment(), 0, params.length);
    adam.setSteps(iterations);
    this.iteration = iterations;
  }

  public float[] parameters() {
    return params;
  }

  public Adam optimizer() {
    return adam;
  }

  public long forwardNanos() {
    return forwardNanos;
  }

  public long lossNanos() {
    return lossNanos;
  }

  public long backwardNanos() {
    return backwardNanos;
  }

  public long updateNanos() {
    return updateNanos;
  }

  /**
   * Steps the last iteration's forward (and backward) really ran: N, or fewer when the method
   * stopped the batch early (LAC; PALBERT's truncation).
   */
  public int stepsRun() {
    return stepsRun;
  }

  public double lastGradientNorm() {
    return lastGradientNorm;
  }

  /** The loss or the gradient stopped being a finite number. */
  public static final class TrainingDiverged extends RuntimeException {
    public TrainingDiverged(LossParts loss, double gradientNorm) {
      super(describe(loss, gradientNorm));
    }

    private static String describe(LossParts loss, double gradientNorm) {
      if (!loss.isFinite()) {
        return "the loss became "
            + (Double.isNaN(loss.total()) ? "NaN" : "infinite")
            + " (reconstruction "
            + loss.reconstruction()
            + ", regularisation "
            + loss.regularisation()
            + "); try a smaller learning rate or β";
      }
      return "the gradient became "
          + (Double.isNaN(gradientNorm) ? "NaN" : "infinite")
          + "; try a smaller learning rate or gradient clipping";
    }
  }
}
