package org.ponderlab.core.halting;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ponderlab.core.train.TrainingConfig;

/**
 * Every differentiable loss against central differences of its own value: dOutput and dHalting must
 * be the gradient of {@code loss(...).total()} with respect to the logits, on random logits (batch
 * 5, 6 steps; binary and 3 classes).
 *
 * <p>The logits are floats, so each perturbed value is rounded to float and the difference is
 * divided by the step actually taken; the loss is evaluated in double. ACT's N(x) and PALBERT's
 * truncation mask are piecewise constant: inputs closer than a margin to a switching point are
 * rejected and redrawn (deterministically), since there the loss has no derivative.
 */
class GradientCheckTest {
  private static final int BATCH = 5;
  private static final int STEPS = 6;
  private static final double STEP = 1e-3;

  /** A loss evaluation with fixed randomness. */
  interface Loss {
    LossParts apply(StepOutputs out, int[] labels, float[] dOutput, float[] dHalting);
  }

  record Case(
      String label, Loss loss, boolean trainsHaltingHead, Predicate<StepOutputs> admissible) {
    @Override
    public String toString() {
      return label;
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (int outputs : new int[] {1, 3}) {
      for (Case c : methods()) {
        cases.add(Arguments.of(c, outputs));
      }
    }
    return cases.stream();
  }

  private static List<Case> methods() {
    List<Case> list = new ArrayList<>();
    for (String prior : new String[] {"normalized", "tail", "unnormalized"}) {
      for (String kl : new String[] {"forward", "reversed"}) {
        TrainingConfig c =
            Outputs.config("prior", prior, "kl", kl, "beta", "0.3", "lambda-p", "0.3");
        list.add(plain("pondernet " + prior + " " + kl, new PonderNet(), c, true));
      }
    }
    for (String kl : new String[] {"forward", "reversed"}) {
      TrainingConfig c =
          Outputs.config(
              "method",
              "palbert",
              "prior",
              "tail",
              "kl",
              kl,
              "beta",
              "0.3",
              "truncate-epsilon",
              "0.3");
      Palbert palbert = new Palbert();
      list.add(
          new Case(
              "palbert tail " + kl + " truncated",
              (out, y, dO, dH) -> palbert.loss(out, y, c, null, dO, dH),
              true,
              out -> awayFromTruncation(out, 0.3)));
    }
    // a pass that PALBERT's truncation stopped after STEPS of N = STEPS + 4: no forced last halt
    TrainingConfig stopped =
        Outputs.config(
            "method", "palbert", "prior", "normalized", "beta", "0.3", "truncate-epsilon", "0.3");
    Palbert early = new Palbert();
    list.add(
        new Case(
            "palbert stopped early",
            (out, y, dO, dH) -> early.loss(stoppedEarly(out), y, stopped, null, dO, dH),
            true,
            out -> awayFromTruncation(out, 0.3)));
    TrainingConfig act = Outputs.config("method", "act", "tau", "0.05", "act-epsilon", "0.01");
    list.add(
        new Case(
            "act",
            (out, y, dO, dH) -> new Act().loss(out, y, act, null, dO, dH),
            true,
            out -> awayFromActThreshold(out, 0.01)));
    TrainingConfig pact =
        Outputs.config("method", "pact", "pact-tau", "0.05", "temperature", "0.6667");
    double[] noise = new double[STEPS * BATCH];
    SplittableRandom noiseRng = new SplittableRandom(99);
    for (int i = 0; i < noise.length; i++) {
      double u = noiseRng.nextDouble(0.01, 0.99);
      noise[i] = Math.log(u / (1 - u));
    }
    list.add(
        new Case(
            "pact relaxed (fixed noise)",
            (out, y, dO, dH) -> new Pact().relaxedLoss(out, y, pact, noise, dO, dH),
            true,
            out -> true));
    list.add(plain("pabee", new Pabee(), Outputs.config("method", "pabee"), false));
    list.add(plain("fixed", new FixedDepth(), Outputs.config("method", "fixed"), false));
    list.add(
        plain("lac example", new Lac(), Outputs.config("method", "lac", "alpha", "0.5"), false));
    list.add(
        plain(
            "lac batch",
            new Lac(),
            Outputs.config("method", "lac", "alpha", "0.5", "lac-mode", "batch"),
            false));
    return list;
  }

  private static Case plain(
      String label, HaltingMethod method, TrainingConfig config, boolean trains) {
    return new Case(
        label,
        (out, y, dO, dH) -> method.loss(out, y, config, new SplittableRandom(5), dO, dH),
        trains,
        out -> true);
  }

  @ParameterizedTest(name = "{0}, outputs {1}")
  @MethodSource("cases")
  void gradientMatchesCentralDifferences(Case c, int outputs) {
    SplittableRandom rng = new SplittableRandom(1234 + outputs);
    StepOutputs out;
    do {
      out = Outputs.random(rng, BATCH, STEPS, outputs, 2.0);
    } while (!c.admissible().test(out));
    int[] labels = Outputs.randomLabels(rng, BATCH, outputs);
    float[] dOutput = Outputs.dOutput(out);
    float[] dHalting = Outputs.dHalting(out);
    // poison the buffers: the method must overwrite, not accumulate
    java.util.Arrays.fill(dOutput, 7f);
    java.util.Arrays.fill(dHalting, 7f);
    c.loss().apply(out, labels, dOutput, dHalting);

    check(c, out, labels, out.outputLogits(), dOutput, "dOutput");
    check(c, out, labels, out.haltingLogits(), dHalting, "dHalting");

    double haltingNorm = 0;
    for (float v : dHalting) {
      haltingNorm += v * v;
    }
    if (c.trainsHaltingHead()) {
      assertTrue(haltingNorm > 1e-8, c + ": halting logits get no gradient");
    } else {
      assertTrue(haltingNorm == 0, c + ": halting logits must get exactly 0");
    }
  }

  private static void check(
      Case c, StepOutputs out, int[] labels, float[] logits, float[] analytic, String what) {
    float[] scratchOut = Outputs.dOutput(out);
    float[] scratchHalt = Outputs.dHalting(out);
    double worst = 0;
    for (int i = 0; i < logits.length; i++) {
      float saved = logits[i];
      float up = (float) (saved + STEP);
      float down = (float) (saved - STEP);
      logits[i] = up;
      double lossUp = c.loss().apply(out, labels, scratchOut, scratchHalt).total();
      logits[i] = down;
      double lossDown = c.loss().apply(out, labels, scratchOut, scratchHalt).total();
      logits[i] = saved;
      double numeric = (lossUp - lossDown) / ((double) up - (double) down);
      double error =
          Math.abs(numeric - analytic[i])
              / (1e-4 + Math.max(Math.abs(numeric), Math.abs(analytic[i])));
      worst = Math.max(worst, error);
      assertTrue(
          error < 1e-3,
          c + " " + what + "[" + i + "]: analytic " + analytic[i] + " vs numeric " + numeric);
    }
    assertTrue(worst < 1e-3);
  }

  /** The same logits as a pass stopped early: N is 4 more than the steps run. */
  private static StepOutputs stoppedEarly(StepOutputs out) {
    return new StepOutputs(
        out.outputLogits(),
        out.haltingLogits(),
        out.hiddenNorms(),
        out.batch(),
        out.steps(),
        out.outputs(),
        out.kind(),
        out.steps() + 4);
  }

  /** No example's Σ_{k≤n} h_k within 1e-3 of 1 − ε (a step of 1e-3 in a moves h by ≤ 2.5e-4). */
  private static boolean awayFromActThreshold(StepOutputs out, double epsilon) {
    for (int b = 0; b < out.batch(); b++) {
      double sum = 0;
      for (int n = 1; n < out.steps(); n++) {
        sum += TaskLoss.sigmoid(out.halting(n, b));
        if (Math.abs(sum - (1 - epsilon)) < 1e-3) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * No cumulative p within 1e-3 of 1 − ε, and at least one example with a truncated step, so the
   * truncation is really exercised.
   */
  private static boolean awayFromTruncation(StepOutputs out, double epsilon) {
    float[] p = new float[out.steps() * out.batch()];
    new PonderNet().haltingProbabilities(out, null, p);
    boolean truncates = false;
    for (int b = 0; b < out.batch(); b++) {
      double cdf = 0;
      for (int n = 1; n < out.steps(); n++) {
        cdf += p[(n - 1) * out.batch() + b];
        if (Math.abs(cdf - (1 - epsilon)) < 1e-3) {
          return false;
        }
        truncates |= cdf > 1 - epsilon;
      }
    }
    return truncates;
  }
}
