package org.ponderlab.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ponderlab.core.halting.EvaluationRule;
import org.ponderlab.core.halting.HaltingMethod;
import org.ponderlab.core.halting.HaltingMethods;
import org.ponderlab.core.halting.LossParts;
import org.ponderlab.core.halting.StepOutputs;
import org.ponderlab.core.halting.TaskLoss;
import org.ponderlab.core.model.Network;
import org.ponderlab.core.model.PalbertNetwork;
import org.ponderlab.core.model.PonderNetwork;
import org.ponderlab.core.task.Batch;
import org.ponderlab.core.task.OutputKind;
import org.ponderlab.core.task.ParityTask;

/**
 * Stopping a batch early (LAC; PALBERT's truncated training) really stops it, and changes nothing
 * the method uses: the same loss and the same parameter gradients as a pass over all N steps (LAC),
 * or exactly the dropped L_rec tail (PALBERT).
 */
class RolloutTest {
  private static final int N = 12;
  private static final int BATCH = 32;
  private static final int HIDDEN = 16;

  private static TrainingConfig config(String... pairs) {
    Map<String, String> m =
        new java.util.LinkedHashMap<>(
            Map.of(
                "hidden",
                Integer.toString(HIDDEN),
                "max-steps",
                Integer.toString(N),
                "batch",
                Integer.toString(BATCH)));
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return TrainingConfig.fromText(m);
  }

  private static Batch parity(long seed) {
    ParityTask task = new ParityTask(8, ParityTask.Label.PLUS_ONES, 16, 1);
    Batch b = Batch.allocate(BATCH, 8);
    task.sample(new SplittableRandom(seed), b);
    return b;
  }

  /** Loss and gradient of one pass: [loss, grads...]. */
  private record Pass(int steps, LossParts loss, float[] grads) {}

  private static Pass pass(
      Network net,
      HaltingMethod method,
      float[] params,
      Batch b,
      TrainingConfig c,
      boolean stepwise) {
    StepOutputs out;
    if (stepwise) {
      out = Rollout.run(net, method, params, b.inputs(), BATCH, N, OutputKind.BINARY, c, null);
    } else {
      net.forward(params, b.inputs(), BATCH, N);
      out =
          new StepOutputs(
              net.outputLogits(),
              net.haltingLogits(),
              net.hiddenNorms(),
              BATCH,
              N,
              1,
              OutputKind.BINARY);
    }
    float[] dOut = new float[N * BATCH];
    float[] dHalt = new float[N * BATCH];
    LossParts loss = method.loss(out, b.labels(), c, new SplittableRandom(3), dOut, dHalt);
    float[] grads = new float[net.parameterCount()];
    net.backward(params, dOut, dHalt, grads);
    return new Pass(out.steps(), loss, grads);
  }

  @Test
  void lacStopsTheBatchAndKeepsLossAndGradients() {
    for (String mode : new String[] {"example", "batch"}) {
      TrainingConfig c = config("method", "lac", "alpha", "1", "lac-mode", mode);
      PonderNetwork net = new PonderNetwork(8, HIDDEN, 1, N, BATCH);
      float[] params = new float[net.parameterCount()];
      net.initialize(params, 7, 0f);
      Batch b = parity(5);
      HaltingMethod lac = HaltingMethods.create("lac");

      Pass full = pass(net, lac, params, b, c, false);
      int[] halt = new int[BATCH];
      net.forward(params, b.inputs(), BATCH, N);
      lac.decide(
          new StepOutputs(
              net.outputLogits(),
              net.haltingLogits(),
              net.hiddenNorms(),
              BATCH,
              N,
              1,
              OutputKind.BINARY),
          EvaluationRule.LAC,
          c,
          null,
          halt,
          new int[BATCH]);
      int last = Arrays.stream(halt).max().getAsInt();

      Pass early = pass(net, lac, params, b, c, true);
      assertEquals(last, early.steps(), mode + ": the batch runs until its last example halts");
      assertTrue(
          early.steps() < N, mode + ": LAC stops before N = " + N + " (ran " + early.steps() + ")");
      assertEquals(full.loss().reconstruction(), early.loss().reconstruction(), 1e-12, mode);
      assertEquals(0, early.loss().regularisation());
      assertArrayEquals(
          full.grads(), early.grads(), 1e-6f, mode + ": same gradients from fewer steps");
    }
  }

  @Test
  void palbertTruncationStopsTheBatchAndDropsOnlyTheTail() {
    double epsilon = 0.05;
    TrainingConfig c = config("method", "palbert", "truncate-epsilon", Double.toString(epsilon));
    PalbertNetwork net = new PalbertNetwork(8, HIDDEN, 1, N, BATCH);
    float[] params = new float[net.parameterCount()];
    net.initialize(params, 7, 1.5f); // λ ≈ 0.8: the cumulative p passes 0.95 after a few steps
    Batch b = parity(6);
    HaltingMethod palbert = HaltingMethods.create("palbert");
    Pass full = pass(net, palbert, params, b, c, false);
    // the full pass's L_rec tail beyond the stop, and the largest ℓ
    Pass early = pass(net, palbert, params, b, c, true);
    assertTrue(
        early.steps() < N, "PALBERT's truncation stops before N (ran " + early.steps() + ")");
    net.forward(params, b.inputs(), BATCH, N);
    StepOutputs all =
        new StepOutputs(
            net.outputLogits(), net.haltingLogits(), null, BATCH, N, 1, OutputKind.BINARY);
    float[] p = new float[N * BATCH];
    palbert.haltingProbabilities(all, c, p);
    double tail = 0;
    for (int bb = 0; bb < BATCH; bb++) {
      double survive = 1;
      for (int n = 1; n <= early.steps(); n++) {
        survive -= p[(n - 1) * BATCH + bb];
      }
      assertTrue(survive < epsilon + 1e-6, "example " + bb + " is past 1 − ε when the batch stops");
      for (int n = early.steps() + 1; n <= N; n++) {
        tail += p[(n - 1) * BATCH + bb] * TaskLoss.loss(all, n, bb, b.labels()[bb]);
      }
    }
    assertEquals(
        full.loss().regularisation(),
        early.loss().regularisation(),
        1e-6,
        "every step not run was already out of the KL");
    assertEquals(
        tail / BATCH,
        full.loss().reconstruction() - early.loss().reconstruction(),
        1e-6,
        "L_rec loses exactly the p_n·ℓ_n of the steps not run");
  }

  /**
   * Per-example LAC stops each example at its own halting step, per-batch LAC each chunk at its
   * decision; both give the decisions of a pass over all N steps.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"example", "batch"})
  void evaluatorRunsLacOnlyAsFarAsItHalts(String mode) {
    TrainingConfig c =
        config("method", "lac", "alpha", "1", "validation-size", "300", "lac-mode", mode);
    Experiment e = Experiments.create(c);
    Network net = e.network();
    float[] params = new float[net.parameterCount()];
    net.initialize(params, 9, 0f);
    Evaluator evaluator = new Evaluator(e.task(), net, e.method(), e.maxBatch(), N);
    Evaluation lac = evaluator.evaluate(params, c, EvaluationRule.LAC, 1);
    Evaluation last = evaluator.evaluate(params, c, EvaluationRule.LAST_STEP, 1);
    assertEquals(N, last.meanStepsRun(), 1e-12);
    assertTrue(lac.meanStepsRun() < N, "LAC ran " + lac.meanStepsRun() + " steps per example");
    assertTrue(lac.meanSteps() <= lac.meanStepsRun());

    // the same decisions as LAC on a pass over all N steps
    Batch val = e.task().validation();
    int[] halt = new int[val.size()];
    int[] prediction = new int[val.size()];
    int chunk = e.maxBatch();
    int correct = 0;
    int[] histogram = new int[N];
    for (int start = 0; start < val.size(); start += chunk) {
      int n = Math.min(chunk, val.size() - start);
      net.forward(params, Arrays.copyOfRange(val.inputs(), start * 8, (start + n) * 8), n, N);
      e.method()
          .decide(
              new StepOutputs(
                  net.outputLogits(),
                  net.haltingLogits(),
                  net.hiddenNorms(),
                  n,
                  N,
                  1,
                  OutputKind.BINARY),
              EvaluationRule.LAC,
              c,
              null,
              halt,
              prediction);
      for (int b = 0; b < n; b++) {
        correct += prediction[b] == val.labels()[start + b] ? 1 : 0;
        histogram[halt[b] - 1]++;
      }
    }
    assertEquals((double) correct / val.size(), lac.accuracy(), 1e-12);
    assertArrayEquals(histogram, lac.haltingHistogram());
    if (mode.equals("example")) {
      // each example ran exactly its halting steps; the diagnostics pass covers every step
      assertEquals(lac.meanSteps(), lac.meanStepsRun(), 1e-12);
      for (int s = 1; s <= N; s++) {
        assertTrue(Double.isFinite(lac.accuracyAtStep()[s - 1]), "step " + s);
      }
    } else {
      int maxRun = (int) Math.ceil(lac.meanStepsRun());
      for (int s = maxRun + 1; s <= N; s++) {
        assertTrue(Double.isNaN(lac.accuracyAtStep()[s - 1]), "no chunk ran step " + s);
      }
    }
  }
}
