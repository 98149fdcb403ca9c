package org.ponderlab.core.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.ponderlab.core.halting.HaltingMethod;
import org.ponderlab.core.halting.StepOutputs;
import org.ponderlab.core.model.Network;
import org.ponderlab.core.task.Batch;

/**
 * Paper 002's claim (fig. 4) that PACT's relaxed estimator has a lower-variance gradient for the
 * halting parameters than REINFORCE, measured at fixed weights: train PACT (relaxed) for a while,
 * freeze the weights, then draw many batches and compute the gradient of the halting head (its
 * weight row and bias) under each estimator on the same batches. Reports the mean gradient's norm,
 * the total variance (trace of the covariance over batches) and their ratio. REINFORCE's baseline
 * is warmed up on its own batches first, as it would be in training.
 *
 * <p>Run (after {@code mvn -B -o -pl core test-compile} and {@code mvn -B -o -q -DskipTests
 * package}):
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp "core/target/test-classes:core/target/classes:app/target/lib/*" \
 *   org.ponderlab.core.train.PactGradientVarianceStudy iterations=3000 batches=2000 seed=1
 * </pre>
 */
public final class PactGradientVarianceStudy {
  private PactGradientVarianceStudy() {}

  /** Mean-gradient norm, total variance (Σ_i Var g_i) and batches of one estimator. */
  record Moments(double meanNorm, double totalVariance, int batches) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "|E g| %.3e, tr Cov %.3e, tr Cov / |E g|² %.2f (%d batches)",
          meanNorm,
          totalVariance,
          totalVariance / (meanNorm * meanNorm),
          batches);
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> a =
        new LinkedHashMap<>(
            Map.of(
                "iterations", "3000", "batches", "2000", "seed", "1", "bits", "8", "lr", "0.001"));
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      a.put(kv[0], kv[1]);
    }
    int iterations = Integer.parseInt(a.get("iterations"));
    int batches = Integer.parseInt(a.get("batches"));
    TrainingConfig relaxed =
        TrainingConfig.fromText(
            Map.of(
                "method",
                "pact",
                "bits",
                a.get("bits"),
                "lr",
                a.get("lr"),
                "seed",
                a.get("seed"),
                "iterations",
                Integer.toString(Math.max(1, iterations))));
    Experiment experiment = Experiments.create(relaxed);
    TrainingStep step = new TrainingStep(experiment, relaxed);
    for (int i = 0; i < iterations; i++) {
      step.run(relaxed);
    }
    float[] params = step.parameters().clone();
    TrainingConfig reinforce = relaxed.with("pact-estimator", "reinforce");
    System.out.printf(
        Locale.ROOT,
        "PACT parity-%s, trained %d iterations (relaxed, lr %s, seed %s), weights frozen%n",
        a.get("bits"),
        iterations,
        a.get("lr"),
        a.get("seed"));
    HaltingMethod warmed = Experiments.create(reinforce).method();
    gradients(experiment, warmed, reinforce, params, 200, 99); // baseline warm-up on other batches
    Moments r = moments(gradients(experiment, warmed, reinforce, params, batches, 7));
    Moments x =
        moments(
            gradients(
                experiment, Experiments.create(relaxed).method(), relaxed, params, batches, 7));
    System.out.println("relaxed (T = 2/3): " + x);
    System.out.println("REINFORCE + EMA baseline: " + r);
    System.out.printf(
        Locale.ROOT,
        "variance ratio REINFORCE / relaxed: %.1f%n",
        r.totalVariance() / x.totalVariance());
  }

  /**
   * The halting head's gradient (weight row, then bias) on {@code count} batches of seed {@code
   * dataSeed}.
   */
  static double[][] gradients(
      Experiment e,
      HaltingMethod method,
      TrainingConfig c,
      float[] params,
      int count,
      long dataSeed) {
    Network net = e.network();
    int hidden = c.hidden();
    int outputs = net.outputs();
    int heads = (outputs + 1) * hidden + outputs + 1;
    int rowStart =
        net.parameterCount() - heads + outputs * hidden; // [cell | W rows: outputs…, halting | b]
    int bias = net.parameterCount() - 1;
    Batch batch = Batch.allocate(c.batch(), e.task().inputSize());
    float[] dOut = new float[c.maxSteps() * c.batch() * outputs];
    float[] dHalt = new float[c.maxSteps() * c.batch()];
    float[] grads = new float[net.parameterCount()];
    double[][] g = new double[count][hidden + 1];
    for (int k = 0; k < count; k++) {
      SplittableRandom rng = new SplittableRandom(dataSeed * 1_000_003L + k);
      e.task().sample(rng, batch);
      StepOutputs out =
          Rollout.run(
              net,
              method,
              params,
              batch.inputs(),
              batch.size(),
              c.maxSteps(),
              e.task().outputKind(),
              c,
              null);
      method.loss(out, batch.labels(), c, rng, dOut, dHalt);
      java.util.Arrays.fill(grads, 0f);
      net.backward(params, dOut, dHalt, grads);
      for (int i = 0; i < hidden; i++) {
        g[k][i] = grads[rowStart + i];
      }
      g[k][hidden] = grads[bias];
    }
    return g;
  }

  static Moments moments(double[][] g) {
    int d = g[0].length;
    double[] mean = new double[d];
    for (double[] row : g) {
      for (int i = 0; i < d; i++) {
        mean[i] += row[i] / g.length;
      }
    }
    double variance = 0;
    for (double[] row : g) {
      for (int i = 0; i < d; i++) {
        variance += (row[i] - mean[i]) * (row[i] - mean[i]) / (g.length - 1);
      }
    }
    double norm = 0;
    for (double m : mean) {
      norm += m * m;
    }
    return new Moments(Math.sqrt(norm), variance, g.length);
  }
}
