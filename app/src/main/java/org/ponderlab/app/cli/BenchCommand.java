package org.ponderlab.app.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ponderlab.core.run.SavedRun;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.ConfigFields;
import org.ponderlab.core.train.Experiment;
import org.ponderlab.core.train.Experiments;
import org.ponderlab.core.train.InferenceTiming;
import org.ponderlab.core.train.TrainingConfig;
import org.ponderlab.core.train.TrainingStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ponderlab bench}: the performance peer's workload (parity 8 bits, GRU 64, N = 20, batch
 * 128, λ_p 0.2, β 0.01, Adam, clip 1.0; one thread unless {@code --threads 2}), timed per training
 * iteration after a warm-up. Prints phase medians and, last, {@code
 * bench_median_ms_per_iter=<value>}. It prints figures and never judges them: compare against the
 * peer measured in the same session.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Time training iterations on the PyTorch peer's PonderNet-parity workload.")
public final class BenchCommand implements Callable<Integer> {
  /** The peer's settings (shared/peer/pytorch-djl README): parity-8, GRU 64, N 20, batch 128. */
  static final Map<String, String> PEER_WORKLOAD =
      Map.of(
          "task",
          "parity",
          "bits",
          "8",
          "hidden",
          "64",
          "max-steps",
          "20",
          "batch",
          "128",
          "lambda-p",
          "0.2",
          "beta",
          "0.01",
          "clip",
          "1.0",
          "lr",
          "0.0003");

  /** Settings that change how a trained model decides, not what it learned. */
  static final java.util.List<String> INFERENCE_SETTINGS =
      java.util.List.of("eval-rule", "q", "patience", "alpha", "act-epsilon");

  @Option(
      names = "--warmup",
      defaultValue = "50",
      description = "untimed iterations first (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--iterations",
      defaultValue = "300",
      description = "timed iterations (default: ${DEFAULT-VALUE})")
  int iterations;

  @Option(
      names = "--method",
      defaultValue = "pondernet",
      description = "halting method to time (default: ${DEFAULT-VALUE})")
  String method;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "threads training runs on, 1 or 2 (default: ${DEFAULT-VALUE}; the numbers are the same either way)")
  int threads;

  @Option(names = "--seed", defaultValue = "1234", description = "seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--set",
      paramLabel = "SETTING=VALUE",
      description =
          "a method setting on top of the workload, e.g. --set lambda-width=128 (repeatable)")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(
      names = "--inference",
      paramLabel = "RUN",
      description =
          "instead: time inference of a saved run's model on its validation set, stopping each input at "
              + "its halting step against running all N steps")
  Path inference;

  @Option(
      names = "--repeats",
      defaultValue = "7",
      description =
          "with --inference: passes over the validation set, the median reported (default: ${DEFAULT-VALUE})")
  int repeats;

  @Override
  public Integer call() {
    if (threads < TrainingStep.MIN_THREADS || threads > TrainingStep.MAX_THREADS) {
      return Cli.badValue(
          new ConfigException(
              "threads",
              Integer.toString(threads),
              "allowed range " + TrainingStep.MIN_THREADS + " to " + TrainingStep.MAX_THREADS));
    }
    if (inference != null) {
      if (threads != 1) {
        return Cli.badValue(
            new ConfigException(
                "threads",
                Integer.toString(threads),
                "with --inference only 1 (inference runs on one thread)"));
      }
      return inference();
    }
    if (warmup < 0 || iterations < 1) {
      return Cli.badValue(
          new ConfigException(
              "iterations", warmup + "/" + iterations, "warm-up ≥ 0 and iterations ≥ 1"));
    }
    TrainingConfig config;
    Experiment experiment;
    try {
      Map<String, String> workload = new LinkedHashMap<>(PEER_WORKLOAD);
      workload.put("method", method);
      workload.put("seed", Long.toString(seed));
      for (Map.Entry<String, String> e : settings.entrySet()) {
        workload.put(ConfigFields.get(e.getKey()).name(), e.getValue());
      }
      config = TrainingConfig.fromText(workload);
      experiment = Experiments.create(config);
    } catch (ConfigException e) {
      return Cli.badValue(e);
    }
    try (TrainingStep step = new TrainingStep(experiment, config, threads)) {
      return time(step, config);
    }
  }

  private int time(TrainingStep step, TrainingConfig config) {
    for (int i = 0; i < warmup; i++) {
      step.run(config);
    }
    long[] total = new long[iterations];
    long[] forward = new long[iterations];
    long[] loss = new long[iterations];
    long[] backward = new long[iterations];
    long[] update = new long[iterations];
    double lastLoss = 0;
    for (int i = 0; i < iterations; i++) {
      long t0 = System.nanoTime();
      lastLoss = step.run(config).total();
      total[i] = System.nanoTime() - t0;
      forward[i] = step.forwardNanos();
      loss[i] = step.lossNanos();
      backward[i] = step.backwardNanos();
      update[i] = step.updateNanos();
    }
    StringBuilder extra = new StringBuilder();
    settings.forEach((k, v) -> extra.append(' ').append(k).append('=').append(v));
    System.out.printf(
        Locale.ROOT,
        "bench method=%s%s parity bits=8 hidden=64 steps=20 batch=128 threads=%d warmup=%d iters=%d last_loss=%.4f%n",
        method,
        extra,
        threads,
        warmup,
        iterations,
        lastLoss);
    System.out.printf(
        Locale.ROOT,
        "  per-iteration ms: median=%.3f p10=%.3f p90=%.3f (includes sampling the batch)%n",
        median(total),
        percentile(total, 10),
        percentile(total, 90));
    System.out.printf(
        Locale.ROOT,
        "  phase medians (ms): forward=%.3f loss=%.3f backward=%.3f update(clip+adam)=%.3f%n",
        median(forward),
        median(loss),
        median(backward),
        median(update));
    System.out.printf(Locale.ROOT, "bench_median_ms_per_iter=%.3f%n", median(total));
    return 0;
  }

  /** {@code --inference RUN}: the saved model's inference, per-example exit against all N steps. */
  private int inference() {
    if (repeats < 1 || repeats > 1000) {
      return Cli.badValue(
          new ConfigException("repeats", Integer.toString(repeats), "allowed range 1 to 1000"));
    }
    Cli.TrainedRun opened = Cli.openTrained(inference);
    if (opened.run() == null) {
      return opened.exitStatus();
    }
    SavedRun run = opened.run();
    TrainingConfig config = run.configInForce();
    Experiment experiment;
    try {
      // the evaluation settings may be changed on a trained model (--set eval-rule=q-exit --set
      // q=0.7); nothing else
      for (Map.Entry<String, String> e : settings.entrySet()) {
        String name = ConfigFields.get(e.getKey()).name();
        if (!INFERENCE_SETTINGS.contains(name)) {
          throw new ConfigException(
              "set",
              e.getKey() + "=" + e.getValue(),
              "with --inference only "
                  + String.join(", ", INFERENCE_SETTINGS)
                  + " may be set (the model is trained already)");
        }
        config = config.with(name, e.getValue());
      }
      experiment = Experiments.create(config);
    } catch (ConfigException e) {
      return Cli.badValue(e);
    }
    InferenceTiming.Result r =
        InferenceTiming.measure(experiment, config, run.finalParameters(), repeats);
    if (r == null) {
      System.err.println(
          "ponderlab: --inference: "
              + config.method()
              + " on "
              + config.task()
              + " under its rule "
              + "cannot stop each input at its halting step (the rule needs every step, or the network runs all steps at once)");
      return 2;
    }
    System.out.printf(
        Locale.ROOT,
        "inference run=%s method=%s rule=%s task=%s inputs=%d max_steps=%d repeats=%d threads=1%n",
        inference,
        config.method(),
        r.rule().cliName(),
        config.task(),
        r.inputs(),
        r.maxSteps(),
        repeats);
    System.out.printf(
        Locale.ROOT,
        "  each input stopped at its halting step: %.2f ms, %.2f steps per input, accuracy %.4f%n",
        r.earlyExitMs(),
        r.stepsPerInput(),
        r.accuracyEarlyExit());
    System.out.printf(
        Locale.ROOT,
        "  all %d steps for every input:          %.2f ms, %d steps per input, accuracy %.4f%n",
        r.maxSteps(),
        r.allStepsMs(),
        r.maxSteps(),
        r.accuracyAllSteps());
    System.out.printf(
        Locale.ROOT,
        "inference_ms_early_exit=%.3f%ninference_ms_all_steps=%.3f%n",
        r.earlyExitMs(),
        r.allStepsMs());
    return 0;
  }

  static double median(long[] nanos) {
    return percentile(nanos, 50);
  }

  static double percentile(long[] nanos, double pct) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    int idx = (int) Math.min(s.length - 1, Math.max(0, Math.round(pct / 100.0 * (s.length - 1))));
    return s[idx] / 1e6;
  }
}
