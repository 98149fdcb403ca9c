package org.ponderlab.core.train;

import org.ponderlab.core.halting.HaltingMethod;
import org.ponderlab.core.halting.PonderNet;
import org.ponderlab.core.model.Network;
import org.ponderlab.core.model.PonderNetwork;
import org.ponderlab.core.task.ParityTask;
import org.ponderlab.core.task.Task;

/** Builds the task, network and halting method a config names. */
public final class Experiments {
  /** Evaluation runs the validation set in chunks of at least this many examples. */
  static final int EVAL_CHUNK = 256;

  private Experiments() {}

  public static Experiment create(TrainingConfig config) {
    Task task = task(config);
    int maxBatch = Math.max(config.batch(), EVAL_CHUNK);
    HaltingMethod method = method(config.method());
    Network network = new PonderNetwork(task.inputSize(), config.hidden(), task.outputSize(), config.maxSteps(), maxBatch);
    return new Experiment(task, network, method, maxBatch);
  }

  static Task task(TrainingConfig config) {
    long validationSeed = Seeds.derive(config.seed(), Seeds.VALIDATION);
    return switch (config.task()) {
      case "parity" -> new ParityTask(config.bits(), ParityTask.Label.parse(config.parityLabel()),
          config.validationSize(), validationSeed);
      default -> throw new ConfigException("task", config.task(), "not available in this build; available: parity");
    };
  }

  static HaltingMethod method(String name) {
    return switch (name) {
      case "pondernet" -> new PonderNet();
      default -> throw new ConfigException("method", name, "not available in this build; available: pondernet");
    };
  }
}
