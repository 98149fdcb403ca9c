package org.ponderlab.core.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ponderlab.core.halting.EvaluationRule;

/**
 * Trains one run (exactly as {@code ponderlab train} would: evaluation never touches the training
 * streams), then evaluates the same trained weights under every evaluation rule of the method:
 * {@code sample} with several evaluation seeds (it is stochastic), the deterministic rules once,
 * and Q-exit over q = 0.05..0.95; at every iteration listed in {@code checkpoints=a,b,...}
 * (default: the last). For docs/methods-results.md (PALBERT's claim that Q-exit beats sampling). A
 * measurement, not a test: it prints numbers.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp core/target/test-classes:app/target/lib/* \
 *     org.ponderlab.core.train.EvaluationRuleStudy method=palbert lr=0.001 iterations=20000 seed=1 \
 *     checkpoints=2000,5000,20000
 * </pre>
 */
public final class EvaluationRuleStudy {
  private EvaluationRuleStudy() {}

  public static void main(String[] args) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      settings.put(a.substring(0, eq), a.substring(eq + 1));
    }
    java.util.Set<Integer> checkpoints = new java.util.TreeSet<>();
    String listed = settings.remove("checkpoints");
    TrainingConfig c = TrainingConfig.fromText(settings);
    if (listed != null) {
      for (String part : listed.split(",")) {
        checkpoints.add(Integer.parseInt(part.trim()));
      }
    } else {
      checkpoints.add(c.iterations());
    }
    Experiment e = Experiments.create(c);
    TrainingStep step = new TrainingStep(e, c);
    Evaluator evaluator =
        new Evaluator(e.task(), e.network(), e.method(), e.maxBatch(), c.maxSteps());
    System.out.printf(
        Locale.ROOT, "%s: %s; validation %d inputs%n", c.method(), settings, c.validationSize());
    long start = System.nanoTime();
    for (int i = 1; i <= c.iterations(); i++) {
      step.run(c);
      if (checkpoints.contains(i)) {
        System.out.printf(
            Locale.ROOT,
            "%nafter %d iterations (%.1f s of training):%n",
            i,
            (System.nanoTime() - start) / 1e9);
        table(c, e, step, evaluator);
      }
    }
  }

  private static void table(
      TrainingConfig c, Experiment e, TrainingStep step, Evaluator evaluator) {
    System.out.println("| rule | q | accuracy | mean steps |");
    System.out.println("|---|---|---|---|");
    for (EvaluationRule rule : e.method().rules()) {
      if (rule == EvaluationRule.SAMPLE) {
        int seeds = 10;
        double[] acc = new double[seeds];
        double[] steps = new double[seeds];
        for (int s = 0; s < seeds; s++) {
          Evaluation v = evaluator.evaluate(step.parameters(), c, rule, 1000 + s);
          acc[s] = v.accuracy();
          steps[s] = v.meanSteps();
        }
        System.out.printf(
            Locale.ROOT,
            "| sample (%d eval seeds) | | %.4f ± %.4f (min %.4f, max %.4f) | %.2f ± %.2f |%n",
            seeds,
            mean(acc),
            sd(acc),
            min(acc),
            max(acc),
            mean(steps),
            sd(steps));
      } else if (rule == EvaluationRule.Q_EXIT) {
        for (double q : List.of(0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)) {
          TrainingConfig cq = c.with("q", Double.toString(q));
          Evaluation v = evaluator.evaluate(step.parameters(), cq, rule, 1000);
          System.out.printf(
              Locale.ROOT, "| q-exit | %.2f | %.4f | %.2f |%n", q, v.accuracy(), v.meanSteps());
        }
      } else {
        Evaluation v = evaluator.evaluate(step.parameters(), c, rule, 1000);
        System.out.printf(
            Locale.ROOT, "| %s | | %.4f | %.2f |%n", rule.cliName(), v.accuracy(), v.meanSteps());
      }
    }
  }

  private static double mean(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s / a.length;
  }

  private static double sd(double[] a) {
    double m = mean(a);
    double s = 0;
    for (double v : a) {
      s += (v - m) * (v - m);
    }
    return Math.sqrt(s / (a.length - 1));
  }

  private static double min(double[] a) {
    return java.util.Arrays.stream(a).min().orElse(Double.NaN);
  }

  private static double max(double[] a) {
    return java.util.Arrays.stream(a).max().orElse(Double.NaN);
  }
}
