package org.ponderlab.core.train;

import org.ponderlab.core.halting.HaltingMethod;
import org.ponderlab.core.halting.HaltingMethods;
import org.ponderlab.core.model.PalbertNetwork;
import org.ponderlab.core.model.Network;
import org.ponderlab.core.model.PonderNetwork;
import org.ponderlab.core.model.mnist.MnistNetwork;
import org.ponderlab.core.model.mnist.MnistNetworkShape;
import org.ponderlab.core.task.mnist.MnistData;
import org.ponderlab.core.task.mnist.MnistTask;
import java.io.IOException;
import java.nio.file.Path;
import org.ponderlab.core.model.transformer.TransformerKernel;
import org.ponderlab.core.model.transformer.TransformerSpec;
import org.ponderlab.core.task.ParityTask;
import org.ponderlab.core.task.cpvr.CpvrTask;
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
    Network network = network(config, task, maxBatch);
    return new Experiment(task, network, method, maxBatch);
  }

  static Network network(TrainingConfig config, Task task, int maxBatch) {
    if (task instanceof MnistTask) {
      MnistNetworkShape s = MnistNetworkShape.standard();
      return new MnistNetwork(new MnistNetworkShape(s.imageSize(), s.conv1Channels(), s.conv2Channels(), s.features(),
          config.hidden(), s.classes()), config.maxSteps(), maxBatch);
    }
    if (task instanceof CpvrTask cpvr && !"gru".equals(config.model())) {
      return cpvrNetwork(config, cpvr, maxBatch);
    }
    if ("palbert".equals(config.method())) {
      return new PalbertNetwork(task.inputSize(), config.hidden(), config.lambdaWidth(), task.outputSize(),
          config.maxSteps(), maxBatch);
    }
    return new PonderNetwork(task.inputSize(), config.hidden(), task.outputSize(), config.maxSteps(), maxBatch);
  }

  static Task task(TrainingConfig config) {
    long validationSeed = Seeds.derive(config.seed(), Seeds.VALIDATION);
    return switch (config.task()) {
      case "parity" -> new ParityTask(config.bits(), ParityTask.Label.parse(config.parityLabel()),
          "extrapolation".equals(config.paritySplit()), config.validationSize(), validationSeed);
      case "mnist" -> new MnistTask(mnistData(config), Seeds.derive(config.seed(), Seeds.VALIDATION));
      case "cpvr" -> new CpvrTask(CpvrTask.Variant.parse(config.cpvrVariant()), config.listLength(), config.valueRange(),
          config.trainHops(), CPVR_TEST_HOPS, config.validationSize(), validationSeed);
      default -> throw new ConfigException("task", config.task(), "allowed: parity, mnist, cpvr");
    };
  }

  /** The C-PVR test split covers hop counts 1..9 (paper 003). */
  static final int CPVR_TEST_HOPS = 9;

  /** A transformer kernel (transformer, ut, hyper-ut) sized from the config (MLP width 4·d). */
  static Network cpvrNetwork(TrainingConfig config, CpvrTask task, int maxBatch) {
    TransformerSpec spec = new TransformerSpec(TransformerSpec.Kind.parse(config.model()), task.valueRange(), task.length(),
        config.modelDim(), config.heads(), TransformerSpec.MLP_RATIO * config.modelDim(), task.outputSize(),
        config.maxSteps(), config.poolSize(), TransformerSpec.defaultModuleDim(config.modelDim()));
    return new TransformerKernel(spec, maxBatch);
  }

  /** The shipped subset, or the IDX folder the user named; a bad folder is a bad value of --data. */
  static MnistData mnistData(TrainingConfig config) {
    try {
      return config.data().isEmpty() ? MnistData.shipped() : MnistData.load(Path.of(config.data()));
    } catch (IOException | RuntimeException e) {
      String where = config.data().isEmpty() ? "(shipped subset)" : config.data();
      throw new ConfigException("data", where, "cannot load MNIST: " + e.getMessage());
    }
  }

  static HaltingMethod method(String name) {
    try {
      return HaltingMethods.create(name);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("method", name, e.getMessage());
    }
  }
}
