package org.ponderlab.core.halting;

import org.ponderlab.core.task.OutputKind;

/**
 * The per-step task loss ℓ(y, ŷ_n) of HALTING.md, computed stably from logits: BCE-with-logits for
 * a binary output, softmax cross-entropy for classes. Shared by every halting method.
 */
public final class TaskLoss {
  private TaskLoss() {}

  /** ℓ(y, ŷ_n) for example b at step n (1-based). */
  public static double loss(StepOutputs out, int n, int b, int label) {
    int base = ((n - 1) * out.batch() + b) * out.outputs();
    float[] y = out.outputLogits();
    if (out.kind() == OutputKind.BINARY) {
      double z = y[base];
      // max(z,0) − z·t + log(1 + e^{−|z|})
      return Math.max(z, 0) - z * label + Math.log1p(Math.exp(-Math.abs(z)));
    }
    return logSumExp(y, base, out.outputs()) - y[base + label];
  }

  /** Adds {@code scale · dℓ/dŷ_n} for example b at step n into {@code dOutput}. */
  public static void addGradient(
      StepOutputs out, int n, int b, int label, double scale, float[] dOutput) {
    int base = ((n - 1) * out.batch() + b) * out.outputs();
    float[] y = out.outputLogits();
    if (out.kind() == OutputKind.BINARY) {
      dOutput[base] += (float) (scale * (sigmoid(y[base]) - label));
      return;
    }
    double lse = logSumExp(y, base, out.outputs());
    for (int o = 0; o < out.outputs(); o++) {
      double softmax = Math.exp(y[base + o] - lse);
      dOutput[base + o] += (float) (scale * (softmax - (o == label ? 1 : 0)));
    }
  }

  /** The predicted label at step n: logit &gt; 0 for binary, argmax for classes. */
  public static int predict(StepOutputs out, int n, int b) {
    int base = ((n - 1) * out.batch() + b) * out.outputs();
    float[] y = out.outputLogits();
    if (out.kind() == OutputKind.BINARY) {
      return y[base] > 0 ? 1 : 0;
    }
    int best = 0;
    for (int o = 1; o < out.outputs(); o++) {
      if (y[base + o] > y[base + best]) {
        best = o;
      }
    }
    return best;
  }

  /**
   * The prediction of a mixture of steps, Σ_n w_n·σ(ŷ_n) (or softmax), for the expectation rule.
   * {@code weights} is indexed {@code (n-1)*batch + b}.
   */
  public static int predictMixture(StepOutputs out, float[] weights, int b) {
    int k = out.kind() == OutputKind.BINARY ? 1 : out.outputs();
    double[] mix = new double[k];
    for (int n = 1; n <= out.steps(); n++) {
      double w = weights[(n - 1) * out.batch() + b];
      int base = ((n - 1) * out.batch() + b) * out.outputs();
      if (out.kind() == OutputKind.BINARY) {
        mix[0] += w * sigmoid(out.outputLogits()[base]);
      } else {
        double lse = logSumExp(out.outputLogits(), base, k);
        for (int o = 0; o < k; o++) {
          mix[o] += w * Math.exp(out.outputLogits()[base + o] - lse);
        }
      }
    }
    if (out.kind() == OutputKind.BINARY) {
      return mix[0] > 0.5 ? 1 : 0;
    }
    int best = 0;
    for (int o = 1; o < k; o++) {
      if (mix[o] > mix[best]) {
        best = o;
      }
    }
    return best;
  }

  /** log Σ_o exp(y[base + o]) over k logits, shifted by the maximum so it never overflows. */
  static double logSumExp(float[] y, int base, int k) {
    double max = Double.NEGATIVE_INFINITY;
    for (int o = 0; o < k; o++) {
      max = Math.max(max, y[base + o]);
    }
    double sum = 0;
    for (int o = 0; o < k; o++) {
      sum += Math.exp(y[base + o] - max);
    }
    return max + Math.log(sum);
  }

  public static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  /** log σ(z), stable for any z: −softplus(−z). */
  public static double logSigmoid(double z) {
    return z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
  }
}
