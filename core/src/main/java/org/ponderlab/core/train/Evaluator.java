package org.ponderlab.core.train;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.ponderlab.core.halting.EvaluationRule;
import org.ponderlab.core.halting.HaltingMethod;
import org.ponderlab.core.halting.StepDecider;
import org.ponderlab.core.halting.StepOutputs;
import org.ponderlab.core.halting.TaskLoss;
import org.ponderlab.core.model.Network;
import org.ponderlab.core.model.StepwiseNetwork;
import org.ponderlab.core.task.Batch;
import org.ponderlab.core.task.Task;

/**
 * Evaluates a network on its task's fixed validation set under an evaluation rule, in chunks the
 * network's buffers can hold. Runs on the trainer thread.
 *
 * <p>Two passes per chunk when the rule decides step by step ({@link StepDecider}: sample, q-exit,
 * threshold, ACT, patience, per-example LAC, last step) and the network runs one step at a time:
 * the <em>inference</em> pass ({@link PerExampleExit}) stops every example at its halting step and
 * gives the accuracy, the halting steps and {@code meanStepsRun}, the network steps it really ran
 * (equal to {@code meanSteps}); then a <em>diagnostics</em> pass runs all N steps for the teaching
 * charts (p_n, accuracy if halted at n, ponder rows) and is not counted as the model's compute.
 *
 * <p>Otherwise one pass: rules that need every step (mode, expectation) run all N ({@code
 * meanStepsRun} = N), and per-batch LAC stops each chunk once its decision halts ({@link Rollout});
 * the diagnostics then cover the steps a chunk ran (accuracy at step n over the examples whose
 * chunk ran step n, NaN if none).
 */
public final class Evaluator {
  /** Ponder-map rows shown per evaluation. */
  public static final int PONDER_ROWS = 64;

  private final Task task;
  private final Network network;
  private final HaltingMethod method;
  private final int chunk;
  private final int[] rowIndices;
  private final float[] chunkInputs;
  private final int[] haltStep;
  private final int[] prediction;
  private final float[] p;
  private final PerExampleExit perExampleExit;

  public Evaluator(Task task, Network network, HaltingMethod method, int chunk, int maxSteps) {
    this.task = task;
    this.network = network;
    this.method = method;
    this.chunk = chunk;
    this.rowIndices = ponderRowIndices(task.validation(), PONDER_ROWS);
    this.chunkInputs = new float[chunk * task.inputSize()];
    this.haltStep = new int[chunk];
    this.prediction = new int[chunk];
    this.p = new float[chunk * maxSteps];
    this.perExampleExit = new PerExampleExit(chunk);
  }

  /** Evenly spaced inputs over the validation set sorted by difficulty (stable: ties by index). */
  static int[] ponderRowIndices(Batch validation, int rows) {
    Integer[] order = IntStream.range(0, validation.size()).boxed().toArray(Integer[]::new);
    Arrays.sort(
        order,
        Comparator.comparingInt((Integer i) -> validation.difficulty()[i])
            .thenComparingInt(i -> i));
    int count = Math.min(rows, validation.size());
    int[] picked = new int[count];
    for (int r = 0; r < count; r++) {
      picked[r] = order[(int) ((long) r * validation.size() / count)];
    }
    return picked;
  }

  public Evaluation evaluate(
      float[] params, TrainingConfig config, EvaluationRule rule, long evalSeed) {
    Batch val = task.validation();
    int steps = config.maxSteps();
    int inputSize = task.inputSize();
    SplittableRandom rng = new SplittableRandom(evalSeed);
    int maxDifficulty = Arrays.stream(val.difficulty(), 0, val.size()).max().orElse(0);
    int[] histogram = new int[steps];
    double[] meanP = new double[steps];
    double[] correctAtStep = new double[steps];
    double[] correctByDifficulty = new double[maxDifficulty + 1];
    double[] stepsByDifficulty = new double[maxDifficulty + 1];
    int[] countByDifficulty = new int[maxDifficulty + 1];
    PonderRow[] rows = new PonderRow[rowIndices.length];
    int[] ranStep = new int[steps];
    boolean[] exampleCorrect = new boolean[val.size()];
    double[] perExampleSteps = new double[val.size()];
    double correct = 0;
    double stepSum = 0;
    double stepsRunSum = 0;
    StepDecider decider = method.stepDecider(rule, config);
    StepwiseNetwork stepwise = decider != null && network instanceof StepwiseNetwork s ? s : null;
    for (int start = 0; start < val.size(); start += chunk) {
      int n = Math.min(chunk, val.size() - start);
      System.arraycopy(val.inputs(), start * inputSize, chunkInputs, 0, n * inputSize);
      StepOutputs out;
      if (stepwise != null) {
        stepsRunSum +=
            perExampleExit.run(
                stepwise,
                decider,
                params,
                chunkInputs,
                n,
                steps,
                task.outputKind(),
                rng,
                haltStep,
                prediction);
        network.forward(params, chunkInputs, n, steps); // the diagnostics pass
        out = Rollout.outputs(network, n, steps, task.outputKind(), steps);
      } else {
        out =
            Rollout.run(
                network, method, params, chunkInputs, n, steps, task.outputKind(), config, rule);
        method.decide(out, rule, config, rng, haltStep, prediction);
        stepsRunSum += (double) out.steps() * n;
      }
      int run = out.steps();
      method.haltingProbabilities(out, config, p);
      for (int b = 0; b < n; b++) {
        int i = start + b;
        int label = val.labels()[i];
        int d = val.difficulty()[i];
        boolean ok = prediction[b] == label;
        double exampleSteps =
            rule == EvaluationRule.EXPECTATION ? expectedSteps(b, n, run) : haltStep[b];
        correct += ok ? 1 : 0;
        stepSum += exampleSteps;
        exampleCorrect[i] = ok;
        perExampleSteps[i] = exampleSteps;
        histogram[haltStep[b] - 1]++;
        countByDifficulty[d]++;
        correctByDifficulty[d] += ok ? 1 : 0;
        stepsByDifficulty[d] += exampleSteps;
        for (int s = 1; s <= run; s++) {
          meanP[s - 1] += p[(s - 1) * n + b];
          if (TaskLoss.predict(out, s, b) == label) {
            correctAtStep[s - 1]++;
          }
        }
      }
      for (int s = 1; s <= run; s++) {
        ranStep[s - 1] += n;
      }
      fillRows(rows, start, n, run, steps, out);
    }
    int size = val.size();
    for (int s = 0; s < steps; s++) {
      meanP[s] /= size;
      correctAtStep[s] = ranStep[s] == 0 ? Double.NaN : correctAtStep[s] / ranStep[s];
    }
    for (int d = 0; d <= maxDifficulty; d++) {
      int c = countByDifficulty[d];
      correctByDifficulty[d] = c == 0 ? Double.NaN : correctByDifficulty[d] / c;
      stepsByDifficulty[d] = c == 0 ? Double.NaN : stepsByDifficulty[d] / c;
    }
    DifficultyStats stats =
        DifficultyStats.of(
            config.seenUpTo(),
            val.difficulty(),
            exampleCorrect,
            perExampleSteps,
            size,
            maxDifficulty);
    return new Evaluation(
        correct / size,
        stepSum / size,
        histogram,
        meanP,
        correctAtStep,
        correctByDifficulty,
        stepsByDifficulty,
        List.of(rows),
        stepsRunSum / size,
        stats);
  }

  private double expectedSteps(int b, int n, int steps) {
    double e = 0;
    for (int s = 1; s <= steps; s++) {
      e += s * p[(s - 1) * n + b];
    }
    return e;
  }

  /**
   * The ponder-map rows in this chunk; p_n of steps the chunk did not run ({@code run} &lt; N) is
   * 0.
   */
  private void fillRows(PonderRow[] rows, int start, int n, int run, int steps, StepOutputs out) {
    Batch val = task.validation();
    int inputSize = task.inputSize();
    for (int r = 0; r < rowIndices.length; r++) {
      int i = rowIndices[r];
      if (i < start || i >= start + n) {
        continue;
      }
      int b = i - start;
      double[] probs = new double[steps];
      for (int s = 1; s <= run; s++) {
        probs[s - 1] = p[(s - 1) * n + b];
      }
      float[] input = Arrays.copyOfRange(val.inputs(), i * inputSize, (i + 1) * inputSize);
      rows[r] =
          new PonderRow(
              i, val.difficulty()[i], input, val.labels()[i], prediction[b], haltStep[b], probs);
    }
  }

  /** Indices of the ponder-map rows (sorted by difficulty). */
  public int[] ponderRowIndices() {
    return rowIndices.clone();
  }
}
