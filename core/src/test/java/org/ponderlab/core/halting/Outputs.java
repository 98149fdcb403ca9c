package org.ponderlab.core.halting;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.ponderlab.core.task.OutputKind;
import org.ponderlab.core.train.TrainingConfig;

/** Test helpers: hand-made and random {@link StepOutputs}, and configs from name/value pairs. */
final class Outputs {
  private Outputs() {}

  /** A batch of one binary example: one output logit and one halting logit per step. */
  static StepOutputs binary(float[] outputLogits, float[] haltingLogits) {
    return new StepOutputs(
        outputLogits, haltingLogits, null, 1, haltingLogits.length, 1, OutputKind.BINARY);
  }

  /** A binary batch from per-step rows: {@code out[n-1][b]}, {@code halt[n-1][b]}. */
  static StepOutputs binary(float[][] out, float[][] halt, float[][] norms) {
    int steps = out.length;
    int batch = out[0].length;
    return new StepOutputs(
        flatten(out),
        flatten(halt),
        norms == null ? null : flatten(norms),
        batch,
        steps,
        1,
        OutputKind.BINARY);
  }

  static float[] flatten(float[][] rows) {
    float[] flat = new float[rows.length * rows[0].length];
    for (int n = 0; n < rows.length; n++) {
      System.arraycopy(rows[n], 0, flat, n * rows[0].length, rows[0].length);
    }
    return flat;
  }

  /** Logits of N(0, scale²), and positive norms, for gradient checks. */
  static StepOutputs random(SplittableRandom rng, int batch, int steps, int outputs, double scale) {
    float[] out = new float[steps * batch * outputs];
    float[] halt = new float[steps * batch];
    float[] norms = new float[steps * batch];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (gaussian(rng) * scale);
    }
    for (int i = 0; i < halt.length; i++) {
      halt[i] = (float) (gaussian(rng) * scale);
      norms[i] = (float) (1 + 5 * rng.nextDouble());
    }
    OutputKind kind = outputs == 1 ? OutputKind.BINARY : OutputKind.CLASSES;
    return new StepOutputs(out, halt, norms, batch, steps, outputs, kind);
  }

  static int[] randomLabels(SplittableRandom rng, int batch, int outputs) {
    int[] labels = new int[batch];
    for (int b = 0; b < batch; b++) {
      labels[b] = rng.nextInt(outputs == 1 ? 2 : outputs);
    }
    return labels;
  }

  static double gaussian(SplittableRandom rng) {
    double u = 1 - rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
  }

  /** logit(p) as the network would hand it over: a float. */
  static float logit(double p) {
    return (float) Math.log(p / (1 - p));
  }

  /** The defaults with some settings changed: {@code config("tau", "0.1", "method", "act")}. */
  static TrainingConfig config(String... nameValuePairs) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < nameValuePairs.length; i += 2) {
      values.put(nameValuePairs[i], nameValuePairs[i + 1]);
    }
    return TrainingConfig.fromText(values);
  }

  /** Gradient buffers sized for {@code out}. */
  static float[] dOutput(StepOutputs out) {
    return new float[out.outputLogits().length];
  }

  static float[] dHalting(StepOutputs out) {
    return new float[out.haltingLogits().length];
  }
}
