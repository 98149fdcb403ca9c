package org.ponderlab.core.halting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ponderlab.core.task.OutputKind;
import org.ponderlab.core.train.TrainingConfig;

/**
 * Each step decider against the whole-pass form of its rule, written independently: the same
 * halting steps and predictions on random passes (binary and 3 classes), including when it is fed
 * step by step in a different order of examples, as the per-example inference feeds it.
 */
class StepDeciderTest {
  private static final int N = 7;
  private static final int BATCH = 60;

  /** A random pass: halting logits spread so that every step gets some halts; norms that wander. */
  private static StepOutputs pass(int outputs, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] y = new float[N * BATCH * outputs];
    float[] a = new float[N * BATCH];
    float[] norms = new float[N * BATCH];
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) rng.nextDouble(-2, 2);
    }
    for (int b = 0; b < BATCH; b++) {
      double scale = rng.nextDouble(0.2, 3);
      double norm = rng.nextDouble(0.5, 2);
      for (int n = 1; n <= N; n++) {
        a[(n - 1) * BATCH + b] = (float) (rng.nextDouble(-3, 1.5) * scale);
        norm += rng.nextDouble(-0.4, 0.6) / n;
        norms[(n - 1) * BATCH + b] = (float) norm;
      }
    }
    OutputKind kind = outputs == 1 ? OutputKind.BINARY : OutputKind.CLASSES;
    return new StepOutputs(y, a, norms, BATCH, N, outputs, kind);
  }

  private static TrainingConfig config(String method, String... kv) {
    Map<String, String> m =
        new java.util.HashMap<>(Map.of("method", method, "max-steps", Integer.toString(N)));
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return TrainingConfig.fromText(m);
  }

  /**
   * The decider fed step-major with the examples in reverse row order, as a compacting inference
   * would.
   */
  private static void stepMajor(
      StepDecider d, StepOutputs out, SplittableRandom rng, int[] halt, int[] prediction) {
    d.begin(out.batch(), rng);
    java.util.Arrays.fill(halt, 0);
    for (int n = 1; n <= out.steps(); n++) {
      for (int b = out.batch() - 1; b >= 0; b--) {
        if (halt[b] == 0 && d.halts(out, n, b, b, n == out.steps())) {
          halt[b] = n;
          prediction[b] = d.prediction(b);
        }
      }
    }
  }

  private static void check(
      HaltingMethod m,
      EvaluationRule rule,
      TrainingConfig c,
      StepOutputs out,
      int[] expectedHalt,
      int[] expectedPrediction,
      long rngSeed) {
    int[] halt = new int[BATCH];
    int[] prediction = new int[BATCH];
    m.decide(out, rule, c, new SplittableRandom(rngSeed), halt, prediction);
    assertArrayEquals(expectedHalt, halt, m.name() + " " + rule + " halting steps");
    assertArrayEquals(expectedPrediction, prediction, m.name() + " " + rule + " predictions");
    stepMajor(m.stepDecider(rule, c), out, new SplittableRandom(rngSeed), halt, prediction);
    assertArrayEquals(expectedHalt, halt, m.name() + " " + rule + " halting steps, step by step");
    assertArrayEquals(
        expectedPrediction, prediction, m.name() + " " + rule + " predictions, step by step");
    java.util.Set<Integer> distinct = new java.util.HashSet<>();
    for (int h : halt) {
      distinct.add(h);
    }
    assertTrue(
        rule == EvaluationRule.LAST_STEP || distinct.size() >= 2,
        rule + " halts at several steps: " + distinct);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void qExitAndSamplingMatchTheirWholePassForms(int outputs) {
    StepOutputs out = pass(outputs, 11 + outputs);
    TrainingConfig c = config("pondernet", "q", "0.4");
    PonderNet m = new PonderNet();
    int[] halt = new int[BATCH];
    int[] prediction = new int[BATCH];
    double[] logP = new double[N];
    for (int b = 0; b < BATCH; b++) {
      PonderNet.logHaltingDistribution(out, b, logP);
      double cdf = 0;
      int k = N;
      for (int n = 1; n < N && k == N; n++) {
        cdf += Math.exp(logP[n - 1]);
        k = cdf > 0.4 ? n : N;
      }
      halt[b] = k;
      prediction[b] = TaskLoss.predict(out, k, b);
    }
    check(m, EvaluationRule.Q_EXIT, c, out, halt, prediction, 1);
    check(
        new Palbert(),
        EvaluationRule.Q_EXIT,
        config("palbert", "q", "0.4"),
        out,
        halt,
        prediction,
        1);

    // sampling: example b draws from its own stream, seeded in example order from the rule's stream
    SplittableRandom rng = new SplittableRandom(5);
    for (int b = 0; b < BATCH; b++) {
      halt[b] = PonderNet.sampledStep(out, b, new SplittableRandom(rng.nextLong()));
      prediction[b] = TaskLoss.predict(out, halt[b], b);
    }
    check(m, EvaluationRule.SAMPLE, c, out, halt, prediction, 5);
    check(new Pact(), EvaluationRule.SAMPLE, config("pact"), out, halt, prediction, 5);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void actMatchesItsHaltingUnitsAndMeanFieldOutput(int outputs) {
    StepOutputs out = pass(outputs, 21 + outputs);
    double epsilon = 0.01;
    int[] halt = new int[BATCH];
    int[] prediction = new int[BATCH];
    int width = outputs == 1 ? 1 : outputs;
    for (int b = 0; b < BATCH; b++) {
      double[] h = new double[N];
      for (int n = 1; n <= N; n++) {
        h[n - 1] = TaskLoss.sigmoid(out.halting(n, b));
      }
      int k = Act.haltingStep(h, N, epsilon);
      double remainder = 1;
      for (int n = 1; n < k; n++) {
        remainder -= h[n - 1];
      }
      double[] z = new double[width];
      for (int n = 1; n <= k; n++) {
        double w = n < k ? h[n - 1] : remainder;
        for (int o = 0; o < width; o++) {
          z[o] += w * out.output(n, b, o);
        }
      }
      halt[b] = k;
      prediction[b] = MixedLogits.predict(out.kind(), z, width);
    }
    // the remainder is summed differently here (1 − h₁ − h₂ … against 1 − (h₁ + h₂ …)): equal to
    // rounding, which cannot flip these predictions unless a mixed logit sits within 1e-12 of a tie
    check(new Act(), EvaluationRule.ACT, config("act"), out, halt, prediction, 1);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void thresholdPatienceLacAndLastStepMatchTheirWholePassForms(int outputs) {
    StepOutputs out = pass(outputs, 31 + outputs);
    int[] halt = new int[BATCH];
    int[] prediction = new int[BATCH];
    for (int b = 0; b < BATCH; b++) {
      halt[b] = thresholdStep(out, b);
      prediction[b] = TaskLoss.predict(out, halt[b], b);
    }
    check(new Pact(), EvaluationRule.THRESHOLD, config("pact"), out, halt, prediction, 1);

    for (int b = 0; b < BATCH; b++) {
      halt[b] = patienceStep(out, b, 2);
      prediction[b] = TaskLoss.predict(out, halt[b], b);
    }
    check(
        new Pabee(),
        EvaluationRule.PATIENCE,
        config("pabee", "patience", "2"),
        out,
        halt,
        prediction,
        1);

    TrainingConfig lac = config("lac", "alpha", "0.5");
    for (int b = 0; b < BATCH; b++) {
      double[] norms = new double[N];
      for (int n = 1; n <= N; n++) {
        norms[n - 1] = out.hiddenNorms()[(n - 1) * BATCH + b];
      }
      halt[b] = Lac.haltingStep(norms, N, 0.5);
      prediction[b] = TaskLoss.predict(out, halt[b], b);
    }
    check(new Lac(), EvaluationRule.LAC, lac, out, halt, prediction, 1);

    for (int b = 0; b < BATCH; b++) {
      halt[b] = N;
      prediction[b] = TaskLoss.predict(out, N, b);
    }
    check(new FixedDepth(), EvaluationRule.LAST_STEP, config("fixed"), out, halt, prediction, 1);
    check(new Act(), EvaluationRule.LAST_STEP, config("act"), out, halt, prediction, 1);
  }

  /** PACT's thresholded rule over a whole pass: the first n &lt; N with a_n &gt; 0, else N. */
  private static int thresholdStep(StepOutputs out, int b) {
    for (int n = 1; n < out.steps(); n++) {
      if (out.halting(n, b) > 0) {
        return n;
      }
    }
    return out.steps();
  }

  /**
   * PABEE over a whole pass: the step at which the prediction has stayed the same {@code patience}
   * times.
   */
  private static int patienceStep(StepOutputs out, int b, int patience) {
    int previous = TaskLoss.predict(out, 1, b);
    int unchanged = 0;
    for (int n = 2; n <= out.steps(); n++) {
      int current = TaskLoss.predict(out, n, b);
      unchanged = current == previous ? unchanged + 1 : 0;
      previous = current;
      if (unchanged >= patience) {
        return n;
      }
    }
    return out.steps();
  }

  @Test
  void rulesThatNeedEveryStepHaveNoDecider() {
    assertNull(new PonderNet().stepDecider(EvaluationRule.EXPECTATION, config("pondernet")));
    assertNull(new PonderNet().stepDecider(EvaluationRule.MODE, config("pondernet")));
    assertNull(new Pact().stepDecider(EvaluationRule.EXPECTATION, config("pact")));
    assertNull(new Lac().stepDecider(EvaluationRule.LAC, config("lac", "lac-mode", "batch")));
    assertNull(new Palbert().stepDecider(EvaluationRule.THRESHOLD, config("palbert")));
    assertEquals(
        LacDecider.class, new Lac().stepDecider(EvaluationRule.LAC, config("lac")).getClass());
  }
}
