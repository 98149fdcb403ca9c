package org.ponderlab.core.train;

import java.io.IOException;
import java.nio.file.Path;
import org.ponderlab.core.halting.HaltingMethod;
import org.ponderlab.core.halting.HaltingMethods;
import org.ponderlab.core.model.Network;
import org.ponderlab.core.model.PalbertNetwork;
import org.ponderlab.core.model.PonderNetwork;
import org.ponderlab.core.model.mnist.MnistCell;
import org.ponderlab.core.model.mnist.MnistNetwork;
import org.ponderlab.core.model.mnist.MnistNetworkShape;
import org.ponderlab.core.model.transformer.TransformerKernel;
import org.ponderlab.core.model.transformer.TransformerMemory;
import org.ponderlab.core.model.transformer.TransformerSpec;
import org.ponderlab.core.task.Task;
import org.ponderlab.core.task.cpvr.CpvrTask;
import org.ponderlab.core.task.mnist.MnistData;
import org.ponderlab.core.task.mnist.MnistTask;

/** Builds the task, network and halting method a config names. */
public final class Experiments {
  /** Evaluation runs the validation set in chunks of at least this many examples. */
  static final int EVAL_CHUNK = 256;

  private Experiments() {}

  /**
   * Builds the experiment after checking that it fits in memory ({@link MemoryEstimate#check}); the
   * task's data is loaded and checked against the network first (MNIST: image shape, non-empty
   * splits).
   */
  public static Experiment create(TrainingConfig config) {
    MemoryEstimate.check(config);
    Task task = task(config);
    int maxBatch = Math.max(config.batch(), EVAL_CHUNK);
    HaltingMethod method = method(config.method());
    Network network = network(config, task, maxBatch);
    return new Experiment(task, network, method, maxBatch);
  }

  static Network network(TrainingConfig config, Task task, int maxBatch) {
    if (task instanceof MnistTask) {
      return new MnistNetwork(mnistShape(config), config.maxSteps(), maxBatch);
    }
    if (task instanceof CpvrTask cpvr && !"gru".equals(config.model())) {
      return cpvrNetwork(config, cpvr, maxBatch);
    }
    if ("palbert".equals(config.method())) {
      return new PalbertNetwork(
          task.inputSize(),
          config.hidden(),
          config.lambdaWidth(),
          task.outputSize(),
          config.maxSteps(),
          maxBatch);
    }
    return new PonderNetwork(
        task.inputSize(), config.hidden(), task.outputSize(), config.maxSteps(), maxBatch);
  }

  /**
   * Training's second batch-shard network ({@link TrainingStep}): as {@link #network} for {@code
   * rows} rows, but a transformer kernel keeps the memory policy of the experiment's network (for
   * the evaluation chunk), so the shard does not keep every step's activations where the
   * experiment's network recomputes them.
   */
  static Network shardNetwork(TrainingConfig config, Task task, int rows) {
    if (task instanceof CpvrTask && !"gru".equals(config.model())) {
      TransformerSpec spec = cpvrSpec(config);
      int experimentRows = Math.max(config.batch(), EVAL_CHUNK);
      return new TransformerKernel(spec, rows, TransformerMemory.policy(spec, experimentRows));
    }
    return network(config, task, rows);
  }

  /** The standard MNIST network with the config's hidden size and cell. */
  static MnistNetworkShape mnistShape(TrainingConfig config) {
    MnistNetworkShape s = MnistNetworkShape.standard();
    MnistNetworkShape gru =
        new MnistNetworkShape(
            s.imageSize(),
            s.conv1Channels(),
            s.conv2Channels(),
            s.features(),
            config.hidden(),
            s.classes());
    return MnistCell.parse(config.cell()) == MnistCell.MLP
        ? gru.withMlpCell(config.mlpHidden())
        : gru;
  }

  static Task task(TrainingConfig config) {
    return config.taskKind().create(config);
  }

  /** A transformer kernel (transformer, ut, hyper-ut) sized from the config (MLP width 4·d). */
  static Network cpvrNetwork(TrainingConfig config, CpvrTask task, int maxBatch) {
    return new TransformerKernel(cpvrSpec(config), maxBatch);
  }

  /** The transformer a C-PVR config names (its vocabulary is the value range K, its classes L). */
  static TransformerSpec cpvrSpec(TrainingConfig config) {
    return new TransformerSpec(
        TransformerSpec.Kind.parse(config.model()),
        config.valueRange() == 0
            ? CpvrTask.defaultValueRange(
                CpvrTask.Variant.parse(config.cpvrVariant()), config.listLength())
            : config.valueRange(),
        config.listLength(),
        config.modelDim(),
        config.heads(),
        TransformerSpec.MLP_RATIO * config.modelDim(),
        config.listLength(),
        config.maxSteps(),
        config.poolSize(),
        TransformerSpec.defaultModuleDim(config.modelDim()));
  }

  /**
   * The shipped subset, or the IDX folder the user named; a bad folder is a bad value of --data.
   */
  static MnistData mnistData(TrainingConfig config) {
    String where = config.data().isEmpty() ? "(shipped subset)" : config.data();
    MnistData data;
    try {
      data = config.data().isEmpty() ? MnistData.shipped() : MnistData.load(Path.of(config.data()));
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("data", where, "cannot load MNIST: " + e.getMessage());
    }
    checkMnistShape(data, where);
    return data;
  }

  /**
   * The MNIST network takes 28×28 images and learns from at least one training image; evaluation
   * needs at least one test image (an empty test split would report accuracy NaN). Checked at load,
   * before a run folder exists.
   */
  static void checkMnistShape(MnistData data, String where) {
    int side = MnistNetworkShape.standard().imageSize();
    var images = data.train().images();
    if (images.rows() != side || images.cols() != side) {
      throw new ConfigException(
          "data",
          where,
          "its images are "
              + images.rows()
              + "x"
              + images.cols()
              + "; the MNIST network takes "
              + side
              + "x"
              + side
              + " images");
    }
    if (data.train().size() == 0) {
      throw new ConfigException("data", where, "its training split holds no images");
    }
    if (data.test().size() == 0) {
      throw new ConfigException(
          "data", where, "its test split holds no images, so nothing could be evaluated");
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
