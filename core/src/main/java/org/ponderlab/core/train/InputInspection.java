package org.ponderlab.core.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.ponderlab.core.halting.EvaluationRule;
import org.ponderlab.core.halting.HaltingMethod;
import org.ponderlab.core.halting.StepDecider;
import org.ponderlab.core.halting.StepOutputs;
import org.ponderlab.core.halting.TaskLoss;
import org.ponderlab.core.model.Network;
import org.ponderlab.core.task.Batch;
import org.ponderlab.core.task.OutputKind;
import org.ponderlab.core.task.ParityTask;
import org.ponderlab.core.task.Task;
import org.ponderlab.core.task.cpvr.CpvrTask;

/**
 * One input, step by step, on a trained model: for n = 1 … N the conditional halting probability
 * λ_n, the halting distribution p_n and its running sum, the prediction ŷ_n with its confidence,
 * and where every evaluation rule of the method would stop. The stops come from the very code the
 * evaluator uses ({@link HaltingMethod#decide}, hence the rule's {@link StepDecider} where it has
 * one), so they match an evaluation by construction.
 *
 * <p>Builds its own task and network (batch 1) from the config: create one per thread and use it on
 * that thread only — a background thread in the window (the network's buffers are not shared), the
 * main thread on the command line. {@code ./ponderlab inspect} prints its {@link Result}.
 */
public final class InputInspection {
  private final TrainingConfig config;
  private final float[] params;
  private final Task task;
  private final Network network;
  private final HaltingMethod method;

  /**
   * @param config the run's settings in force (its q is the q-exit threshold shown)
   * @param params the trained parameters (e.g. {@code SavedRun#finalParameters()})
   */
  public InputInspection(TrainingConfig config, float[] params) {
    this.config = config;
    this.params = params;
    this.task = Experiments.task(config);
    this.network = Experiments.network(config, task, 1);
    this.method = Experiments.method(config.method());
    if (params.length != network.parameterCount()) {
      throw new IllegalArgumentException(
          "the saved model has "
              + params.length
              + " parameters but this run's network has "
              + network.parameterCount());
    }
  }

  /** The run's task (its validation set is what {@link #inspectValidation} indexes). */
  public Task task() {
    return task;
  }

  /**
   * What one rule decided for the input.
   *
   * @param step the halting step (1-based; expectation: E[n] rounded, as the evaluator counts it)
   * @param prediction the prediction the rule makes there
   */
  public record Stop(int step, int prediction) {}

  /**
   * The inspection of one input.
   *
   * @param input the input values
   * @param label the true label, or −1 when unknown (a drawn digit)
   * @param difficulty the input's difficulty, or −1 when unknown
   * @param lambda λ_n = p_n / (1 − Σ_{j&lt;n} p_j), the chance of halting at n having reached it
   *     (σ(a_n) for PonderNet; 1 at N)
   * @param p p_n as the method defines it ({@link HaltingMethod#haltingProbabilities}); sums to 1
   * @param cumulative Σ_{j≤n} p_j
   * @param prediction ŷ_n: the prediction if the model halted at n
   * @param confidence the probability the model gives ŷ_n at step n (σ or softmax)
   * @param expectedStep E[n] = Σ n·p_n
   * @param q the Q-exit threshold in force
   * @param stops rule name → its stop, for every rule of the method (its own rule first)
   */
  public record Result(
      float[] input,
      int label,
      int difficulty,
      double[] lambda,
      double[] p,
      double[] cumulative,
      int[] prediction,
      double[] confidence,
      double expectedStep,
      double q,
      Map<String, Stop> stops) {

    /** N, the steps shown. */
    public int steps() {
      return p.length;
    }

    /** Rule name → halting step (the JSON's {@code "stops"}). */
    public Map<String, Integer> stopSteps() {
      Map<String, Integer> m = new LinkedHashMap<>();
      stops.forEach((rule, stop) -> m.put(rule, stop.step()));
      return m;
    }
  }

  /** Inspects validation input {@code index} (0-based) of the run's task. */
  public Result inspectValidation(int index, long sampleSeed) {
    Batch val = task.validation();
    if (index < 0 || index >= val.size()) {
      throw new IllegalArgumentException(
          "index " + index + " is outside the validation set (0 to " + (val.size() - 1) + ")");
    }
    int size = task.inputSize();
    float[] x = java.util.Arrays.copyOfRange(val.inputs(), index * size, (index + 1) * size);
    return inspect(x, val.labels()[index], val.difficulty()[index], sampleSeed);
  }

  /**
   * Inspects any input of the task's shape.
   *
   * @param label the true label, or −1
   * @param difficulty its difficulty, or −1
   * @param sampleSeed seeds the stochastic rules' draws (sample)
   */
  public Result inspect(float[] input, int label, int difficulty, long sampleSeed) {
    if (input.length != task.inputSize()) {
      throw new IllegalArgumentException(
          "the input has " + input.length + " values; this task takes " + task.inputSize());
    }
    int steps = config.maxSteps();
    network.forward(params, input, 1, steps);
    StepOutputs out = Rollout.outputs(network, 1, steps, task.outputKind(), steps);
    float[] pf = new float[steps];
    method.haltingProbabilities(out, config, pf);
    double[] p = new double[steps];
    double[] cumulative = new double[steps];
    double[] lambda = new double[steps];
    int[] prediction = new int[steps];
    double[] confidence = new double[steps];
    double before = 0;
    double expected = 0;
    for (int n = 1; n <= steps; n++) {
      p[n - 1] = pf[n - 1];
      lambda[n - 1] = n == steps ? 1 : before < 1 ? Math.min(1, p[n - 1] / (1 - before)) : 1;
      before += p[n - 1];
      cumulative[n - 1] = before;
      expected += n * p[n - 1];
      prediction[n - 1] = TaskLoss.predict(out, n, 0);
      confidence[n - 1] = confidence(out, n, prediction[n - 1]);
    }
    Map<String, Stop> stops = new LinkedHashMap<>();
    int[] halt = new int[1];
    int[] pred = new int[1];
    for (EvaluationRule rule : method.rules()) {
      method.decide(out, rule, config, new SplittableRandom(sampleSeed), halt, pred);
      stops.put(rule.cliName(), new Stop(halt[0], pred[0]));
    }
    return new Result(
        input.clone(),
        label,
        difficulty,
        lambda,
        p,
        cumulative,
        prediction,
        confidence,
        expected,
        config.q(),
        Collections.unmodifiableMap(stops));
  }

  private static double confidence(StepOutputs out, int n, int predicted) {
    if (out.kind() == OutputKind.BINARY) {
      double one = TaskLoss.sigmoid(out.output(n, 0, 0));
      return predicted == 1 ? one : 1 - one;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int o = 0; o < out.outputs(); o++) {
      max = Math.max(max, out.output(n, 0, o));
    }
    double sum = 0;
    for (int o = 0; o < out.outputs(); o++) {
      sum += Math.exp(out.output(n, 0, o) - max);
    }
    return Math.exp(out.output(n, 0, predicted) - max) / sum;
  }

  /**
   * Parses a typed input for this run's task: parity "1,0,-1,…" (D values, each −1, 0 or 1) or a
   * C-PVR list "3,1,4,…" (L whole numbers in [0, K)). Throws {@link IllegalArgumentException} with
   * a message naming what is wrong.
   */
  public float[] parseInput(String text) {
    String[] cells = text.trim().split("\\s*[,; ]\\s*");
    int want = task.inputSize();
    if (task instanceof ParityTask || task instanceof CpvrTask) {
      if (cells.length != want) {
        throw new IllegalArgumentException(
            "--input has "
                + cells.length
                + " values; this run's "
                + task.name()
                + " inputs have "
                + want);
      }
      float[] x = new float[want];
      for (int i = 0; i < want; i++) {
        int v;
        try {
          v = Integer.parseInt(cells[i]);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "--input value " + (i + 1) + " is '" + cells[i] + "', not a whole number");
        }
        if (task instanceof ParityTask && (v < -1 || v > 1)) {
          throw new IllegalArgumentException(
              "--input value " + (i + 1) + " is " + v + "; parity values are -1, 0 or 1");
        }
        if (task instanceof CpvrTask c && (v < 0 || v >= c.valueRange())) {
          throw new IllegalArgumentException(
              "--input value "
                  + (i + 1)
                  + " is "
                  + v
                  + "; C-PVR values are 0 to "
                  + (c.valueRange() - 1));
        }
        x[i] = v;
      }
      return x;
    }
    throw new IllegalArgumentException(
        "--input takes a parity vector or a C-PVR list; for "
            + task.name()
            + " use --image FILE.png or --index I");
  }

  /**
   * The label and difficulty of a typed input where the task defines them (parity: the parity and
   * the number of non-zeros; C-PVR: the pointer chase's value and hops), else {−1, −1}.
   */
  public int[] labelAndDifficulty(float[] x) {
    if (task instanceof ParityTask && config.taskKind() == TaskKind.PARITY) {
      int plus = 0;
      int nonzero = 0;
      for (float v : x) {
        plus += v > 0 ? 1 : 0;
        nonzero += v != 0 ? 1 : 0;
      }
      int counted = "nonzero".equals(config.parityLabel()) ? nonzero : plus;
      return new int[] {counted & 1, nonzero};
    }
    if (task instanceof CpvrTask c) {
      int[] a = new int[x.length];
      for (int i = 0; i < a.length; i++) {
        a[i] = (int) x[i];
      }
      return new int[] {c.label(a), c.hops(a)};
    }
    return new int[] {-1, -1};
  }

  /** The rules shown, in the method's order (its own default first). */
  public List<String> ruleNames() {
    return method.rules().stream().map(EvaluationRule::cliName).toList();
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "InputInspection[%s/%s, N=%d]",
        config.task(),
        config.method(),
        config.maxSteps());
  }
}
