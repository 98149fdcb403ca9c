package org.ponderlab.core.train;

import java.util.SplittableRandom;
import org.ponderlab.core.halting.StepDecider;
import org.ponderlab.core.halting.StepOutputs;
import org.ponderlab.core.model.StepwiseNetwork;
import org.ponderlab.core.task.OutputKind;

/**
 * Inference that stops each example at its own halting step: the network runs one step at a time,
 * the rule's {@link StepDecider} looks at each still-running example, and the examples that halted
 * are dropped from the batch ({@link StepwiseNetwork#keepRows}) before the next step. An example
 * halting at step k costs exactly k steps of network compute; the batch ends when its last example
 * halts. Buffers are sized once for the largest batch.
 */
final class PerExampleExit {
  private final int[] active;
  private final int[] keep;

  PerExampleExit(int maxBatch) {
    active = new int[maxBatch];
    keep = new int[maxBatch];
  }

  /**
   * Runs {@code batch} rows of x to their halting steps; fills {@code haltStep} and {@code
   * prediction} (indexed by row) and returns the example-steps the network really ran.
   */
  long run(
      StepwiseNetwork network,
      StepDecider decider,
      float[] params,
      float[] x,
      int batch,
      int maxSteps,
      OutputKind kind,
      SplittableRandom rng,
      int[] haltStep,
      int[] prediction) {
    decider.begin(batch, rng);
    network.begin(params, x, batch);
    int count = batch;
    for (int i = 0; i < batch; i++) {
      active[i] = i;
    }
    long ran = 0;
    for (int n = 1; ; n++) {
      network.step(params);
      ran += count;
      StepOutputs out =
          new StepOutputs(
              network.outputLogits(),
              network.haltingLogits(),
              network.hiddenNorms(),
              count,
              n,
              network.outputs(),
              kind,
              maxSteps);
      boolean last = n == maxSteps;
      int kept = 0;
      for (int i = 0; i < count; i++) {
        int b = active[i];
        if (decider.halts(out, n, i, b, last)) {
          haltStep[b] = n;
          prediction[b] = decider.prediction(b);
        } else {
          keep[kept] = i;
          active[kept] = b; // kept ≤ i: this slot has been read
          kept++;
        }
      }
      if (kept == 0) {
        return ran;
      }
      if (last) {
        throw new IllegalStateException(
            "the " + decider.getClass().getSimpleName() + " did not halt at the last step");
      }
      if (kept < count) {
        network.keepRows(keep, kept);
      }
      count = kept;
    }
  }
}
