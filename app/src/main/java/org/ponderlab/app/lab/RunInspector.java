package org.ponderlab.app.lab;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.ponderlab.core.train.InputInspection;
import org.ponderlab.core.train.Seeds;
import org.ponderlab.core.train.TrainingConfig;

/**
 * The window's {@link InputInspector}: the core {@link InputInspection} of one trained model, built
 * and used on a thread of its own ("ponderlab-inspector"), so its network never meets the FX thread
 * or the trainer's. The stochastic rule (sample) draws from the run's evaluation seed, as {@code
 * ./ponderlab inspect} does, so the window and the command line show the same stops.
 */
final class RunInspector implements InputInspector {
  private final TrainingConfig config;
  private final float[] params;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "ponderlab-inspector");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
          });

  /** Built on the worker at first use, then used there only. */
  private InputInspection inspection;

  /**
   * @param config the run's settings in force (its q is the q-exit threshold shown)
   * @param params the trained parameters (a copy the inspector keeps)
   */
  RunInspector(TrainingConfig config, float[] params) {
    this.config = config;
    this.params = params.clone();
  }

  @Override
  public String task() {
    return config.task();
  }

  @Override
  public String typedExample() {
    return switch (config.task()) {
      case "parity" -> config.bits() + " values, each 1, 0 or -1, e.g. 1,0,-1,0,…";
      case "cpvr" ->
          config.listLength()
              + " whole numbers in 0.."
              + (config.valueRange() - 1)
              + ", e.g. 3,1,4,1,5,…";
      default -> "";
    };
  }

  @Override
  public CompletableFuture<Inspected> validation(int index) {
    return submit(i -> i.inspectValidation(index, seed()));
  }

  @Override
  public CompletableFuture<Inspected> typed(String text) {
    return submit(
        i -> {
          float[] x = i.parseInput(text == null ? "" : text);
          int[] labelAndDifficulty = i.labelAndDifficulty(x);
          return i.inspect(x, labelAndDifficulty[0], labelAndDifficulty[1], seed());
        });
  }

  @Override
  public CompletableFuture<Inspected> drawn(float[] pixels) {
    return submit(i -> i.inspect(pixels.clone(), -1, -1, seed()));
  }

  private long seed() {
    return Seeds.derive(config.seed(), Seeds.EVALUATION);
  }

  private CompletableFuture<Inspected> submit(
      Function<InputInspection, InputInspection.Result> work) {
    return CompletableFuture.supplyAsync(
        () -> {
          if (inspection == null) {
            inspection = new InputInspection(config, params);
          }
          return convert(config.task(), work.apply(inspection));
        },
        worker);
  }

  static Inspected convert(String task, InputInspection.Result r) {
    Map<String, Integer> stops = new LinkedHashMap<>();
    Map<String, Integer> predictions = new LinkedHashMap<>();
    r.stops()
        .forEach(
            (rule, stop) -> {
              stops.put(rule, stop.step());
              predictions.put(rule, stop.prediction());
            });
    return new Inspected(
        task,
        r.input(),
        r.label(),
        r.difficulty(),
        r.lambda(),
        r.p(),
        r.cumulative(),
        r.prediction(),
        r.confidence(),
        r.expectedStep(),
        r.q(),
        stops,
        predictions);
  }

  /** Ends the worker thread (a new run or model replaces this inspector). */
  void close() {
    worker.shutdown();
  }
}
