package org.ponderlab.core.train;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ponderlab.core.halting.EvaluationRule;
import org.ponderlab.core.halting.StepDecider;
import org.ponderlab.core.halting.StepOutputs;
import org.ponderlab.core.model.StepwiseNetwork;
import org.ponderlab.core.task.Batch;

/**
 * Times inference on a task's validation set two ways with the same weights: every input run to
 * its halting step and dropped from its batch ({@link PerExampleExit}), and every input run for all
 * N steps as a fixed-depth network would (then decided under the same rule). What the saved steps
 * are worth in wall time. Runs on the calling thread.
 */
public final class InferenceTiming {
  /**
   * One measurement: medians over the repeats of the whole validation set, in milliseconds, and
   * the network steps per input of each way.
   */
  public record Result(EvaluationRule rule, int inputs, double earlyExitMs, double allStepsMs, double stepsPerInput,
      int maxSteps, double accuracyEarlyExit, double accuracyAllSteps) {}

  private InferenceTiming() {}

  /** Null when the method's rule cannot decide step by step or the network cannot run one step at a time. */
  public static Result measure(Experiment e, TrainingConfig config, float[] params, int repeats) {
    EvaluationRule rule = config.evaluationRule(e.method().rules().get(0));
    StepDecider decider = e.method().stepDecider(rule, config);
    if (decider == null || !(e.network() instanceof StepwiseNetwork net)) {
      return null;
    }
    Batch val = e.task().validation();
    int chunk = e.maxBatch();
    int n = config.maxSteps();
    int in = val.inputSize();
    float[] x = new float[chunk * in];
    int[] chunkHalt = new int[chunk];
    int[] chunkPrediction = new int[chunk];
    PerExampleExit exit = new PerExampleExit(chunk);
    double[] early = new double[repeats];
    double[] full = new double[repeats];
    long ran = 0;
    int correctEarly = 0;
    int correctFull = 0;
    for (int r = 0; r < repeats; r++) {
      long t0 = System.nanoTime();
      ran = 0;
      correctEarly = 0;
      for (int start = 0; start < val.size(); start += chunk) {
        int rows = Math.min(chunk, val.size() - start);
        System.arraycopy(val.inputs(), start * in, x, 0, rows * in);
        ran += exit.run(net, decider, params, x, rows, n, e.task().outputKind(), new SplittableRandom(start),
            chunkHalt, chunkPrediction);
        for (int b = 0; b < rows; b++) {
          correctEarly += chunkPrediction[b] == val.labels()[start + b] ? 1 : 0;
        }
      }
      long t1 = System.nanoTime();
      correctFull = 0;
      for (int start = 0; start < val.size(); start += chunk) {
        int rows = Math.min(chunk, val.size() - start);
        System.arraycopy(val.inputs(), start * in, x, 0, rows * in);
        net.forward(params, x, rows, n);
        StepOutputs out = Rollout.outputs(net, rows, n, e.task().outputKind(), n);
        StepDecider.decideAll(decider, out, new SplittableRandom(start), chunkHalt, chunkPrediction);
        for (int b = 0; b < rows; b++) {
          correctFull += chunkPrediction[b] == val.labels()[start + b] ? 1 : 0;
        }
      }
      long t2 = System.nanoTime();
      early[r] = (t1 - t0) / 1e6;
      full[r] = (t2 - t1) / 1e6;
    }
    return new Result(rule, val.size(), median(early), median(full), (double) ran / val.size(), n,
        (double) correctEarly / val.size(), (double) correctFull / val.size());
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
