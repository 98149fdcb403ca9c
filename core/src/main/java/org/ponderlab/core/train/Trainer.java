package org.ponderlab.core.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.ponderlab.core.halting.EvaluationRule;
import org.ponderlab.core.halting.LossParts;

/**
 * Trains one experiment on a thread of its own. Commands (play, pause, step, stop, change a
 * setting) may come from any thread and take effect before the next iteration; every {@code
 * eval-every} iterations, on every single step and at the end, the trainer evaluates and publishes
 * an immutable {@link Snapshot}. Every ND4J object or network buffer is touched only by this
 * thread.
 */
public final class Trainer {
  /** Settings that may change while the run trains: the catalogue's fields marked live. */
  public static final List<String> LIVE_SETTINGS = ConfigFields.liveNames();

  private final Experiment experiment;
  private final TrainingListener listener;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final ConcurrentLinkedQueue<Map.Entry<String, String>> pendingChanges =
      new ConcurrentLinkedQueue<>();
  private final AtomicReference<Snapshot> latest = new AtomicReference<>();
  private final List<SettingChange> changes = new ArrayList<>();
  private final Thread thread;

  private volatile TrainingConfig config;
  private volatile TrainerState state = TrainerState.READY;
  private volatile long iteration;
  private volatile double targetAccuracy = Double.NaN;
  private final Pace pace = new Pace();
  private boolean running;
  private int pendingSteps;
  private boolean pendingEvaluation;
  private boolean stopRequested;

  private TrainingCheckpoint resumeFrom;
  private int threads = 1;
  private TrainingStep step;
  private Evaluator evaluator;
  private long trainingNanos;
  private long[] iterationNanos = new long[1024];
  private int timedSinceSnapshot;
  private double recSum;
  private double regSum;
  private int lossCount;

  public Trainer(TrainingConfig config, Experiment experiment, TrainingListener listener) {
    this.config = config;
    this.targetAccuracy = config.targetAccuracy();
    this.experiment = experiment;
    this.listener = listener;
    this.thread = new Thread(this::loop, "ponderlab-trainer");
    this.thread.setDaemon(true);
    // Below the window's thread: on two cores the trainer, the JIT and the FX thread compete, and
    // the window must win. Java ignores thread priorities on Linux unless the JVM runs with
    // -XX:ThreadPriorityPolicy=1, which the launcher adds for `ponderlab lab` only (the thread then
    // runs at nice 10, the launcher's mapping of priority 1; lowering needs no privilege). On the
    // command line this changes nothing.
    this.thread.setPriority(Thread.MIN_PRIORITY);
  }

  /**
   * Continues from a saved checkpoint instead of fresh parameters (call before {@link #start()}).
   * The config given to the constructor must be the one in force at the checkpoint (the saved
   * settings with the checkpoint's changes applied); the trainer then produces exactly the numbers
   * it would have produced had it never stopped.
   */
  public Trainer resumeFrom(TrainingCheckpoint checkpoint) {
    if (thread.isAlive()) {
      throw new IllegalStateException("resumeFrom must be called before start()");
    }
    this.resumeFrom = checkpoint;
    this.iteration = checkpoint.iteration();
    return this;
  }

  /**
   * Trains on {@code threads} threads (1 or 2; call before {@link #start()}): the batch's second
   * shard then runs on a thread of its own. The numbers do not change ({@link TrainingStep}); the
   * window keeps 1 so that its own thread has a core.
   */
  public Trainer threads(int threads) {
    if (thread.isAlive()) {
      throw new IllegalStateException("threads must be set before start()");
    }
    TrainingStep.checkThreads(threads);
    this.threads = threads;
    return this;
  }

  /** Starts the trainer thread; it waits for {@link #play()} or {@link #step()}. */
  public Trainer start() {
    thread.start();
    return this;
  }

  public void play() {
    signal(() -> running = true);
  }

  public void pause() {
    signal(() -> running = false);
  }

  /** Trains exactly one iteration (when paused or ready), then evaluates. */
  public void step() {
    signal(() -> pendingSteps++);
  }

  /**
   * Evaluates the model as it is, without training, and publishes a snapshot: how a changed
   * evaluation rule or q is seen on a trained (paused) model.
   */
  public void evaluateNow() {
    signal(() -> pendingEvaluation = true);
  }

  public void stop() {
    signal(() -> stopRequested = true);
  }

  /**
   * Caps training at this many iterations per second (0: no cap), for slow demos. The trainer
   * thread waits between iterations; the caller never waits (a command still wakes it at once).
   */
  public void setMaxIterationsPerSecond(double perSecond) {
    signal(() -> pace.setMaxPerSecond(perSecond));
  }

  /** The speed cap in iterations per second, 0 when there is none. */
  public double maxIterationsPerSecond() {
    return pace.maxPerSecond();
  }

  /**
   * Stop (finished) once validation accuracy reaches this; NaN disables. The run's setting
   * (target-accuracy) is the starting value; the window changes it while the run trains.
   */
  public void setTargetAccuracy(double accuracy) {
    this.targetAccuracy = accuracy;
  }

  /**
   * Changes a live setting ({@link #LIVE_SETTINGS}: lr, beta, lambda-p, eval-rule, q) from the next
   * iteration on. Validated here, on the caller's thread: a bad value throws {@link
   * ConfigException} and changes nothing.
   */
  public void change(String name, String value) {
    if (!LIVE_SETTINGS.contains(name)) {
      throw new ConfigException(
          name, value, "only " + String.join(", ", LIVE_SETTINGS) + " can change while training");
    }
    config.with(name, value); // validates
    pendingChanges.add(Map.entry(name, value));
  }

  /** Waits for the trainer thread to end (finished, stopped or failed). */
  public void join() throws InterruptedException {
    thread.join();
  }

  /** Waits at most {@code millis} for the trainer thread to end. */
  public void join(long millis) throws InterruptedException {
    thread.join(millis);
  }

  public boolean isAlive() {
    return thread.isAlive();
  }

  public TrainerState state() {
    return state;
  }

  public long iteration() {
    return iteration;
  }

  /** The settings in force (changes included). */
  public TrainingConfig config() {
    return config;
  }

  /** The newest snapshot, or null before the first evaluation. */
  public Snapshot latest() {
    return latest.get();
  }

  private void signal(Runnable change) {
    lock.lock();
    try {
      change.run();
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    try {
      step = new TrainingStep(experiment, config, threads);
      evaluator =
          new Evaluator(
              experiment.task(),
              experiment.network(),
              experiment.method(),
              experiment.maxBatch(),
              config.maxSteps());
      if (resumeFrom != null) {
        restore(resumeFrom);
      }
      setState(TrainerState.READY, "ready");
      while (true) {
        boolean single;
        lock.lock();
        try {
          while (!running && pendingSteps == 0 && !stopRequested && !pendingEvaluation) {
            if (state == TrainerState.RUNNING) {
              setState(TrainerState.PAUSED, "paused at iteration " + iteration);
            }
            wake.await();
          }
          if (stopRequested) {
            break;
          }
          if (pendingEvaluation && !running && pendingSteps == 0) {
            pendingEvaluation = false;
            lock.unlock();
            try {
              applyChanges();
              publish();
            } finally {
              lock.lock();
            }
            continue;
          }
          pendingEvaluation = false;
          single = !running;
          if (single) {
            pendingSteps--;
          } else if (state != TrainerState.RUNNING) {
            setState(TrainerState.RUNNING, "training");
          }
        } finally {
          lock.unlock();
        }
        if (!single) {
          long wait = pace.delayBefore(System.nanoTime());
          if (wait > 0) {
            awaitPace(wait);
            continue; // whatever happened meanwhile (pause, stop, a step) is seen at the top
          }
          pace.started(System.nanoTime());
        }
        applyChanges();
        trainOne();
        if (single && state != TrainerState.PAUSED) {
          setState(TrainerState.PAUSED, "paused at iteration " + iteration);
        }
        boolean done = iteration >= config.iterations();
        if (single || done || iteration % config.evalEvery() == 0) {
          Snapshot s = publish();
          if (!Double.isNaN(targetAccuracy) && s.accuracy() >= targetAccuracy) {
            setState(
                TrainerState.FINISHED,
                String.format(
                    "reached the target accuracy %.3f at iteration %d", s.accuracy(), iteration));
            return;
          }
        }
        if (done) {
          setState(TrainerState.FINISHED, "finished " + iteration + " iterations");
          return;
        }
      }
      if (iteration > 0 && (latest.get() == null || latest.get().iteration() != iteration)) {
        publish();
      }
      setState(TrainerState.STOPPED, "stopped at iteration " + iteration);
    } catch (TrainingStep.TrainingDiverged e) {
      setState(
          TrainerState.FAILED,
          "Training stopped at iteration "
              + (iteration + 1)
              + ": "
              + e.getMessage()
              + ". Everything up to iteration "
              + iteration
              + " is kept.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      setState(TrainerState.STOPPED, "interrupted at iteration " + iteration);
    } catch (java.io.UncheckedIOException e) {
      // saving failed (a full disk): the writer's message names the folder and the cause
      setState(
          TrainerState.FAILED,
          "Training stopped at iteration " + iteration + ": " + e.getMessage());
    } catch (RuntimeException | OutOfMemoryError e) {
      setState(TrainerState.FAILED, "Training stopped at iteration " + iteration + ": " + e);
    } finally {
      if (step != null) {
        step.close();
      }
    }
  }

  /** Waits up to {@code nanos} for the speed cap, or less if a command arrives. */
  private void awaitPace(long nanos) throws InterruptedException {
    lock.lock();
    try {
      if (running && !stopRequested && pendingSteps == 0 && !pendingEvaluation) {
        wake.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }

  private void restore(TrainingCheckpoint c) {
    int count = step.parameters().length;
    if (c.parameters().length != count) {
      throw new IllegalArgumentException(
          "the saved model has "
              + c.parameters().length
              + " parameters but this setup's network has "
              + count);
    }
    step.restore(c.parameters(), c.firstMoment(), c.secondMoment(), c.iteration());
    step.optimizer().setSteps(c.optimizerSteps());
    experiment.method().restoreTrainingState(c.methodState());
    iteration = c.iteration();
    trainingNanos = c.trainingNanos();
    changes.addAll(c.changes());
  }

  private void applyChanges() {
    Map.Entry<String, String> c;
    while ((c = pendingChanges.poll()) != null) {
      String before = config.toText().get(c.getKey());
      config = config.with(c.getKey(), c.getValue());
      String after = config.toText().get(c.getKey());
      if (!before.equals(after)) {
        changes.add(new SettingChange(iteration, c.getKey(), before, after));
      }
    }
  }

  private void trainOne() {
    long t0 = System.nanoTime();
    LossParts loss = step.run(config);
    long dt = System.nanoTime() - t0;
    trainingNanos += dt;
    if (timedSinceSnapshot == iterationNanos.length) {
      iterationNanos = Arrays.copyOf(iterationNanos, timedSinceSnapshot * 2);
    }
    iterationNanos[timedSinceSnapshot++] = dt;
    recSum += loss.reconstruction();
    regSum += loss.regularisation();
    lossCount++;
    iteration++;
  }

  private Snapshot publish() {
    EvaluationRule rule = config.evaluationRule(experiment.method().rules().get(0));
    Evaluation e =
        evaluator.evaluate(
            step.parameters(),
            config,
            rule,
            Seeds.derive(config.seed(), Seeds.EVALUATION + iteration));
    long[] times = Arrays.copyOf(iterationNanos, timedSinceSnapshot);
    Arrays.sort(times);
    double ms = times.length == 0 ? Double.NaN : times[times.length / 2] / 1e6;
    Snapshot s =
        new Snapshot(
            iteration,
            trainingNanos / 1e9,
            lossCount == 0 ? Double.NaN : recSum / lossCount,
            lossCount == 0 ? Double.NaN : regSum / lossCount,
            e.accuracy(),
            e.meanSteps(),
            e.meanStepsRun(),
            rule.cliName(),
            e.haltingHistogram(),
            experiment.method().prior(config, config.maxSteps()),
            e.meanHaltingProbability(),
            e.accuracyAtStep(),
            e.accuracyByDifficulty(),
            e.meanStepsByDifficulty(),
            e.ponderRows(),
            ms,
            List.copyOf(changes),
            e.difficultyStats());
    timedSinceSnapshot = 0;
    recSum = 0;
    regSum = 0;
    lossCount = 0;
    latest.set(s);
    listener.onSnapshot(s);
    listener.onCheckpoint(
        new TrainingCheckpoint(
            iteration,
            step.optimizer().steps(),
            trainingNanos,
            step.parameters(),
            step.optimizer().firstMoment(),
            step.optimizer().secondMoment(),
            changes,
            experiment.method().trainingState()));
    return s;
  }

  private void setState(TrainerState s, String message) {
    state = s;
    listener.onStateChanged(s, message);
  }

  /** The trained parameters (trainer thread only, or after {@link #join()}). */
  public float[] parameters() {
    return step == null ? new float[0] : step.parameters();
  }
}
