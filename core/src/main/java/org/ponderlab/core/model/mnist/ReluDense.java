package org.ponderlab.core.model.mnist;

import java.util.SplittableRandom;
import org.ponderlab.core.model.kernel.Activations;
import org.ponderlab.core.model.kernel.ColumnSums;
import org.ponderlab.core.model.kernel.Gemm;
import org.ponderlab.core.model.kernel.Layout;

/**
 * {@code y = relu(x · W + b)}: the encoder's last layer, from the flattened pooled maps to the
 * features the recurrent cell reads at every step, on the register-tiled products ({@link Gemm}).
 *
 * <p>Parameters at an offset: {@code W} as {@code [in, out]}, then the bias.
 */
final class ReluDense {
  private final int in;
  private final int out;

  /** Wᵀ [out × in], for the input gradient's product with vectors along in. */
  private final float[] weightsT;

  private float[] dyMasked = new float[0];

  /** The forward's input, kept by reference (the encoder does not touch it before backward). */
  private float[] x;

  private int batch;

  ReluDense(int in, int out) {
    this.in = in;
    this.out = out;
    this.weightsT = new float[in * out];
  }

  int parameterCount() {
    return in * out + out;
  }

  void initialize(float[] params, int offset, SplittableRandom rng) {
    double bound = Math.sqrt(6.0 / in);
    for (int i = 0; i < in * out; i++) {
      params[offset + i] = (float) ((2 * rng.nextDouble() - 1) * bound);
    }
    for (int o = 0; o < out; o++) {
      params[offset + in * out + o] = 0f;
    }
  }

  void forward(
      float[] params, int offset, float[] input, int batch, float[] output, int outputOffset) {
    this.x = input;
    this.batch = batch;
    Gemm.times(batch, out, in, input, 0, params, offset, output, outputOffset, false);
    int bias = offset + in * out;
    for (int b = 0; b < batch; b++) {
      int base = outputOffset + b * out;
      for (int o = 0; o < out; o++) {
        output[base + o] = Math.max(output[base + o] + params[bias + o], 0f);
      }
    }
  }

  /**
   * {@code output} is the forward's output (for the ReLU mask); overwrites the grads slice and dx.
   */
  void backward(float[] params, int offset, float[] output, float[] dy, float[] grads, float[] dx) {
    int n = batch * out;
    if (dyMasked.length < n) {
      dyMasked = new float[n];
    }
    System.arraycopy(dy, 0, dyMasked, 0, n);
    Activations.reluBackward(dyMasked, 0, output, 0, n);
    Gemm.transposedTimes(in, out, batch, x, 0, dyMasked, 0, grads, offset, false);
    ColumnSums.into(dyMasked, 0, batch, out, grads, offset + in * out);
    Layout.transpose(params, offset, in, out, weightsT, 0);
    Gemm.times(batch, in, out, dyMasked, 0, weightsT, 0, dx, 0, false);
  }
}
