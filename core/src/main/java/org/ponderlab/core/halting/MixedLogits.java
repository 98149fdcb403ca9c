package org.ponderlab.core.halting;

import org.ponderlab.core.task.OutputKind;

/**
 * The task loss ℓ(y, z) of HALTING.md on a logit vector that is not one step's output but a mixture
 * of steps (ACT's mean-field ŷ = Σ w_n ŷ_n, PACT's relaxed ŷ = Σ ẑ_n ŷ_n). Same formulas as {@link
 * TaskLoss}, on a caller's preallocated {@code double[]} so the loss allocates nothing.
 */
final class MixedLogits {
  private MixedLogits() {}

  /** Values in a logit vector: 1 for a binary task, the class count otherwise. */
  static int width(StepOutputs out) {
    return out.kind() == OutputKind.BINARY ? 1 : out.outputs();
  }

  /** Adds {@code w · ŷ_n} of example b into {@code z[0..width)}. */
  static void accumulate(StepOutputs out, int n, int b, double w, double[] z) {
    int base = ((n - 1) * out.batch() + b) * out.outputs();
    float[] y = out.outputLogits();
    for (int o = 0; o < width(out); o++) {
      z[o] += w * y[base + o];
    }
  }

  /** ℓ(y, z): BCE-with-logits or softmax cross-entropy, stable for any z. */
  static double loss(OutputKind kind, double[] z, int width, int label) {
    if (kind == OutputKind.BINARY) {
      return Math.max(z[0], 0) - z[0] * label + Math.log1p(Math.exp(-Math.abs(z[0])));
    }
    double max = max(z, width);
    double sum = 0;
    for (int o = 0; o < width; o++) {
      sum += Math.exp(z[o] - max);
    }
    return max + Math.log(sum) - z[label];
  }

  /** dℓ/dz into {@code grad[0..width)}: σ(z) − y, or softmax(z) − onehot(y). */
  static void gradient(OutputKind kind, double[] z, int width, int label, double[] grad) {
    if (kind == OutputKind.BINARY) {
      grad[0] = TaskLoss.sigmoid(z[0]) - label;
      return;
    }
    double max = max(z, width);
    double sum = 0;
    for (int o = 0; o < width; o++) {
      sum += Math.exp(z[o] - max);
    }
    for (int o = 0; o < width; o++) {
      grad[o] = Math.exp(z[o] - max) / sum - (o == label ? 1 : 0);
    }
  }

  /** The prediction of a logit vector: z &gt; 0 for binary, argmax for classes. */
  static int predict(OutputKind kind, double[] z, int width) {
    if (kind == OutputKind.BINARY) {
      return z[0] > 0 ? 1 : 0;
    }
    int best = 0;
    for (int o = 1; o < width; o++) {
      if (z[o] > z[best]) {
        best = o;
      }
    }
    return best;
  }

  /** Σ_o grad_o · ŷ_{n,o} of example b: how the loss moves with step n's mixing weight. */
  static double dot(StepOutputs out, int n, int b, double[] grad) {
    int base = ((n - 1) * out.batch() + b) * out.outputs();
    float[] y = out.outputLogits();
    double s = 0;
    for (int o = 0; o < width(out); o++) {
      s += grad[o] * y[base + o];
    }
    return s;
  }

  /** Adds {@code scale · grad} into step n's slot of {@code dOutput} for example b. */
  static void addToStep(
      StepOutputs out, int n, int b, double scale, double[] grad, float[] dOutput) {
    int base = ((n - 1) * out.batch() + b) * out.outputs();
    for (int o = 0; o < width(out); o++) {
      dOutput[base + o] += (float) (scale * grad[o]);
    }
  }

  private static double max(double[] z, int width) {
    double max = Double.NEGATIVE_INFINITY;
    for (int o = 0; o < width; o++) {
      max = Math.max(max, z[o]);
    }
    return max;
  }
}
