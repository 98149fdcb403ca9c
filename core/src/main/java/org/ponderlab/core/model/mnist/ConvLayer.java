package org.ponderlab.core.model.mnist;

import java.util.SplittableRandom;

/**
 * A valid 5×5 convolution, stride 1, on channels-last images ({@code [batch, side, side,
 * channels]}), computed as im2row + one gemm: each output pixel's 5×5×C input patch becomes a row
 * of a {@code [batch·outSide², 25·C]} matrix, and {@code rows · W} is the whole layer. The same
 * rows give the weight gradient ({@code rowsᵀ · dOut}) and, through {@code dOut · Wᵀ} scattered
 * back, the input gradient.
 *
 * <p>Parameters at an offset of the flat vector: {@code W} as {@code [25·C, outChannels]} (row
 * index {@code (i·5 + j)·C + c} for kernel row i, column j, input channel c), then the bias.
 */
final class ConvLayer implements AutoCloseable {
  private static final int K = MnistNetworkShape.KERNEL;

  private final int side;
  private final int inChannels;
  private final int outChannels;
  private final int outSide;
  private final int patch;
  private final Nd4jMatrix weights;
  private final Nd4jMatrix weightGrad;
  private Nd4jMatrix rows;
  private Nd4jMatrix out;
  private float[] rowScratch = new float[0];
  private int capacity;
  private int batch;

  ConvLayer(int side, int inChannels, int outChannels) {
    this.side = side;
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.outSide = side - K + 1;
    this.patch = K * K * inChannels;
    this.weights = new Nd4jMatrix(patch, outChannels);
    this.weightGrad = new Nd4jMatrix(patch, outChannels);
  }

  int parameterCount() {
    return patch * outChannels + outChannels;
  }

  int outSide() {
    return outSide;
  }

  /** He-uniform weights (the layer feeds a ReLU), zero bias. */
  void initialize(float[] params, int offset, SplittableRandom rng) {
    double bound = Math.sqrt(6.0 / patch);
    for (int i = 0; i < patch * outChannels; i++) {
      params[offset + i] = (float) ((2 * rng.nextDouble() - 1) * bound);
    }
    for (int o = 0; o < outChannels; o++) {
      params[offset + patch * outChannels + o] = 0f;
    }
  }

  /** {@code y = conv(x) + bias}; keeps the patch rows for {@link #backward}. */
  void forward(float[] params, int offset, float[] x, int xOffset, int batch, float[] y) {
    ensureCapacity(batch);
    this.batch = batch;
    int pixels = outSide * outSide;
    int run = K * inChannels; // one kernel row of a patch is contiguous in channels-last input
    for (int b = 0; b < batch; b++) {
      for (int oy = 0; oy < outSide; oy++) {
        for (int ox = 0; ox < outSide; ox++) {
          int row = (b * pixels + oy * outSide + ox) * patch;
          for (int i = 0; i < K; i++) {
            int src = xOffset + ((b * side + oy + i) * side + ox) * inChannels;
            rows.put(row + i * run, x, src, run);
          }
        }
      }
    }
    weights.load(params, offset, patch);
    int n = batch * pixels;
    Nd4jMatrix.gemm(rows.rows(n), weights.rows(patch), out.rows(n), false, false, 0.0);
    out.store(y, 0, n);
    int bias = offset + patch * outChannels;
    for (int r = 0; r < n; r++) {
      int base = r * outChannels;
      for (int o = 0; o < outChannels; o++) {
        y[base + o] += params[bias + o];
      }
    }
  }

  /**
   * Given {@code dy} (layout of the forward's {@code y}), overwrites this layer's slice of {@code
   * grads} and, if {@code dx} is not null, overwrites {@code dx} with the input gradient.
   */
  void backward(float[] params, int offset, float[] dy, float[] grads, float[] dx) {
    int n = batch * outSide * outSide;
    out.load(dy, 0, n);
    Nd4jMatrix.gemm(rows.rows(n), out.rows(n), weightGrad.rows(patch), true, false, 0.0);
    weightGrad.store(grads, offset, patch);
    int bias = offset + patch * outChannels;
    for (int o = 0; o < outChannels; o++) {
      grads[bias + o] = 0f;
    }
    for (int r = 0; r < n; r++) {
      for (int o = 0; o < outChannels; o++) {
        grads[bias + o] += dy[r * outChannels + o];
      }
    }
    if (dx == null) {
      return;
    }
    // The patch rows are no longer needed: reuse their memory for d(rows) = dy · Wᵀ.
    Nd4jMatrix.gemm(out.rows(n), weights.rows(patch), rows.rows(n), false, true, 0.0);
    java.util.Arrays.fill(dx, 0, batch * side * side * inChannels, 0f);
    int pixels = outSide * outSide;
    int run = K * inChannels;
    float[] scratch = rowScratch;
    for (int b = 0; b < batch; b++) {
      for (int oy = 0; oy < outSide; oy++) {
        for (int ox = 0; ox < outSide; ox++) {
          int row = (b * pixels + oy * outSide + ox) * patch;
          rows.get(row, scratch, 0, patch);
          for (int i = 0; i < K; i++) {
            int dst = ((b * side + oy + i) * side + ox) * inChannels;
            int src = i * run;
            for (int q = 0; q < run; q++) {
              dx[dst + q] += scratch[src + q];
            }
          }
        }
      }
    }
  }

  private void ensureCapacity(int batch) {
    if (batch <= capacity) {
      return;
    }
    close(rows);
    close(out);
    int n = batch * outSide * outSide;
    rows = new Nd4jMatrix(n, patch);
    out = new Nd4jMatrix(n, outChannels);
    rowScratch = new float[patch];
    capacity = batch;
  }

  private static void close(Nd4jMatrix m) {
    if (m != null) {
      m.close();
    }
  }

  @Override
  public void close() {
    close(rows);
    close(out);
    weights.close();
    weightGrad.close();
    capacity = 0;
  }
}
