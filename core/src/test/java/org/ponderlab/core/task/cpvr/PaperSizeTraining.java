package org.ponderlab.core.task.cpvr;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ponderlab.core.halting.LossParts;
import org.ponderlab.core.model.transformer.TransformerKernel;
import org.ponderlab.core.model.transformer.TransformerMemory;
import org.ponderlab.core.run.PresetLibrary;
import org.ponderlab.core.train.Experiment;
import org.ponderlab.core.train.Experiments;
import org.ponderlab.core.train.TrainingConfig;
import org.ponderlab.core.train.TrainingStep;

/**
 * Child-process main of {@link PaperSizeMemoryTest}: builds the shipped 003-cpvr preset's
 * experiment (paper 003's C-PVR: L 100, N 32, batch 128) and trains {@code args[1]} iterations,
 * then prints the kernel's memory policy, its buffers and the heap in use.
 */
public final class PaperSizeTraining {
  private PaperSizeTraining() {}

  public static void main(String[] args) throws Exception {
    Path user = Files.createTempDirectory("ponderlab-presets");
    TrainingConfig config = new PresetLibrary(Path.of(args[0]), user).load("003-cpvr").config();
    int iterations = Integer.parseInt(args[1]);
    Experiment experiment = Experiments.create(config);
    TransformerKernel kernel = (TransformerKernel) experiment.network();
    TrainingStep step = new TrainingStep(experiment, config);
    double loss = Double.NaN;
    for (int i = 0; i < iterations; i++) {
      LossParts parts = step.run(config);
      loss = parts.total();
    }
    System.gc();
    Runtime rt = Runtime.getRuntime();
    System.out.println(
        "length "
            + kernel.spec().length()
            + " steps "
            + kernel.spec().maxSteps()
            + " batch "
            + config.batch()
            + " maxBatch "
            + experiment.maxBatch());
    System.out.println("storesEveryStep " + kernel.storesEveryStep());
    System.out.println("policy " + kernel.policy());
    System.out.println("kernelBytes " + 4 * kernel.allocatedFloats());
    System.out.println(
        "formulaBytes " + TransformerMemory.bytes(kernel.spec(), experiment.maxBatch()));
    System.out.println(
        "heapUsed " + (rt.totalMemory() - rt.freeMemory()) + " heapMax " + rt.maxMemory());
    System.out.println("trained " + step.iteration() + " loss " + loss);
  }
}
