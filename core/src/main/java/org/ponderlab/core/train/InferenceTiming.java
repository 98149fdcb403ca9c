package org.ponderlab.core.train;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ponderlab.core.halting.EvaluationRule;
import org.ponderlab.core.halting.StepDecider;
import org.ponderlab.core.halting.StepOutputs;
import org.ponderlab.core.model.StepwiseNetwork;
import org.ponderlab.core.task.Batch;

/**
 * Times inference on a task's validation set two ways with the same weights: every input run to its
 * halting step and dropped from its batch ({@link PerExampleExit}), and every input run for all N
 * steps as a fixed-depth network would (then decided under the same rule). What the saved steps are
 * worth in wall time. Both ways get an untimed warm-up pass, and the order alternates between
 * repeats, so neither is penalised for going first. Runs on the calling thread.
 */
public final class InferenceTiming {
  /**
   * One measurement: medians over the repeats of the whole validation set, in milliseconds, and the
   * network steps per input of each way.
   */
  public record Result(
      EvaluationRule rule,
      int inputs,
      double earlyExitMs,
      double allStepsMs,
      double stepsPerInput,
      int maxSteps,
      double accuracyEarlyExit,
      double accuracyAllSteps) {}

  private InferenceTiming() {}

  /**
   * Null when the method's rule cannot decide step by step or the network cannot run one step at a
   * time.
   */
  public static Result measure(Experiment e, TrainingConfig config, float[] params, int repeats) {
    EvaluationRule rule = config.evaluationRule(e.method().rules().get(0));
    StepDecider decider = e.method().stepDecider(rule, config);
    if (decider == null || !(e.network() instanceof StepwiseNetwork net)) {
      return null;
    }
    int n = config.maxSteps();
    Pass pass = new Pass(e, net, decider, params, n);
    // warm-up: one untimed pass each way, so neither way pays for the JIT and the first touch of
    // memory
    pass.early();
    pass.full();
    double[] early = new double[repeats];
    double[] full = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      // alternate which way goes first, so a way is never always the one timed right after the
      // other
      if (r % 2 == 0) {
        early[r] = pass.early();
        full[r] = pass.full();
      } else {
        full[r] = pass.full();
        early[r] = pass.early();
      }
    }
    Batch val = e.task().validation();
    return new Result(
        rule,
        val.size(),
        median(early),
        median(full),
        (double) pass.ran / val.size(),
        n,
        (double) pass.correctEarly / val.size(),
        (double) pass.correctFull / val.size());
  }

  /** One pass over the validation set either way, timed; keeps its buffers and its last counts. */
  private static final class Pass {
    private final Experiment e;
    private final StepwiseNetwork net;
    private final StepDecider decider;
    private final float[] params;
    private final int n;
    private final Batch val;
    private final int chunk;
    private final int in;
    private final float[] x;
    private final int[] chunkHalt;
    private final int[] chunkPrediction;
    private final PerExampleExit exit;
    long ran;
    int correctEarly;
    int correctFull;

    Pass(Experiment e, StepwiseNetwork net, StepDecider decider, float[] params, int n) {
      this.e = e;
      this.net = net;
      this.decider = decider;
      this.params = params;
      this.n = n;
      this.val = e.task().validation();
      this.chunk = e.maxBatch();
      this.in = val.inputSize();
      this.x = new float[chunk * in];
      this.chunkHalt = new int[chunk];
      this.chunkPrediction = new int[chunk];
      this.exit = new PerExampleExit(chunk);
    }

    /** Every input run to its halting step; milliseconds. */
    double early() {
      long t0 = System.nanoTime();
      ran = 0;
      correctEarly = 0;
      for (int start = 0; start < val.size(); start += chunk) {
        int rows = Math.min(chunk, val.size() - start);
        System.arraycopy(val.inputs(), start * in, x, 0, rows * in);
        ran +=
            exit.run(
                net,
                decider,
                params,
                x,
                rows,
                n,
                e.task().outputKind(),
                new SplittableRandom(start),
                chunkHalt,
                chunkPrediction);
        for (int b = 0; b < rows; b++) {
          correctEarly += chunkPrediction[b] == val.labels()[start + b] ? 1 : 0;
        }
      }
      return (System.nanoTime() - t0) / 1e6;
    }

    /** Every input run for all N steps, then decided under the same rule; milliseconds. */
    double full() {
      long t0 = System.nanoTime();
      correctFull = 0;
      for (int start = 0; start < val.size(); start += chunk) {
        int rows = Math.min(chunk, val.size() - start);
        System.arraycopy(val.inputs(), start * in, x, 0, rows * in);
        net.forward(params, x, rows, n);
        StepOutputs out = Rollout.outputs(net, rows, n, e.task().outputKind(), n);
        StepDecider.decideAll(
            decider, out, new SplittableRandom(start), chunkHalt, chunkPrediction);
        for (int b = 0; b < rows; b++) {
          correctFull += chunkPrediction[b] == val.labels()[start + b] ? 1 : 0;
        }
      }
      return (System.nanoTime() - t0) / 1e6;
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
