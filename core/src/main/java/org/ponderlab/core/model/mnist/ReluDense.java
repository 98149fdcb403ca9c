package org.ponderlab.core.model.mnist;

import java.util.SplittableRandom;

/**
 * {@code y = relu(x · W + b)}: the encoder's last layer, from the flattened pooled maps to the
 * features the recurrent cell reads at every step. One ND4J gemm each way.
 *
 * <p>Parameters at an offset: {@code W} as {@code [in, out]}, then the bias.
 */
final class ReluDense implements AutoCloseable {
  private final int in;
  private final int out;
  private final Nd4jMatrix weights;
  private final Nd4jMatrix weightGrad;
  private Nd4jMatrix x;
  private Nd4jMatrix y;
  private float[] dyMasked = new float[0];
  private int capacity;
  private int batch;

  ReluDense(int in, int out) {
    this.in = in;
    this.out = out;
    this.weights = new Nd4jMatrix(in, out);
    this.weightGrad = new Nd4jMatrix(in, out);
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

  void forward(float[] params, int offset, float[] input, int batch, float[] output, int outputOffset) {
    ensureCapacity(batch);
    this.batch = batch;
    x.load(input, 0, batch);
    weights.load(params, offset, in);
    Nd4jMatrix.gemm(x.rows(batch), weights.rows(in), y.rows(batch), false, false, 0.0);
    y.store(output, outputOffset, batch);
    int bias = offset + in * out;
    for (int b = 0; b < batch; b++) {
      int base = outputOffset + b * out;
      for (int o = 0; o < out; o++) {
        output[base + o] = Math.max(output[base + o] + params[bias + o], 0f);
      }
    }
  }

  /** {@code output} is the forward's output (for the ReLU mask); overwrites the grads slice and dx. */
  void backward(float[] params, int offset, float[] output, float[] dy, float[] grads, float[] dx) {
    int n = batch * out;
    for (int k = 0; k < n; k++) {
      dyMasked[k] = output[k] > 0f ? dy[k] : 0f;
    }
    y.load(dyMasked, 0, batch);
    Nd4jMatrix.gemm(x.rows(batch), y.rows(batch), weightGrad.rows(in), true, false, 0.0);
    weightGrad.store(grads, offset, in);
    int bias = offset + in * out;
    for (int o = 0; o < out; o++) {
      grads[bias + o] = 0f;
    }
    for (int b = 0; b < batch; b++) {
      for (int o = 0; o < out; o++) {
        grads[bias + o] += dyMasked[b * out + o];
      }
    }
    Nd4jMatrix.gemm(y.rows(batch), weights.rows(in), x.rows(batch), false, true, 0.0);
    x.store(dx, 0, batch);
  }

  private void ensureCapacity(int batch) {
    if (batch <= capacity) {
      return;
    }
    if (x != null) {
      x.close();
      y.close();
    }
    x = new Nd4jMatrix(batch, in);
    y = new Nd4jMatrix(batch, out);
    dyMasked = new float[batch * out];
    capacity = batch;
  }

  @Override
  public void close() {
    if (x != null) {
      x.close();
      y.close();
    }
    weights.close();
    weightGrad.close();
    capacity = 0;
  }
}
