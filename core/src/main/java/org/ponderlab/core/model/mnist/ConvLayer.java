package org.ponderlab.core.model.mnist;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ponderlab.core.model.kernel.ColumnSums;
import org.ponderlab.core.model.kernel.Gemm;
import org.ponderlab.core.model.kernel.Layout;

/**
 * A valid 5×5 convolution, stride 1, on channels-last images ({@code [batch, side, side,
 * channels]}), computed as im2row + one product on the project's register tiles ({@link Gemm}):
 * each output pixel's 5×5×C input patch becomes a row of a {@code [batch·outSide², 25·C]} matrix,
 * and {@code rows · W} is the whole layer. The bias is not added here: the pooling that follows
 * adds it after the max ({@link MaxPoolRelu}, a quarter of the additions, same values).
 *
 * <p>Backward, one image at a time so the operands stay in the L2 cache: the weight gradient {@code
 * rowsᵀ · dOut} accumulates over images; the input gradient {@code dOut · Wᵀ} is formed for one
 * image's patches (a small scratch) and scattered back at once (col2im), never for the whole batch.
 * The patch rows are kept from the forward.
 *
 * <p>Why not ND4J: its BLAS gemm on off-heap copies was about 30 GFLOP/s on one core here, and
 * {@code conv2d_bp} took 56 + 38 ms per batch of 64; the register tiles run these shapes faster on
 * plain arrays with no copies (README, "Benchmarks"). Tests check this layer against ND4J's conv2d
 * ({@code ConvLayerTest}).
 *
 * <p>Parameters at an offset of the flat vector: {@code W} as {@code [25·C, outChannels]} (row
 * index {@code (i·5 + j)·C + c} for kernel row i, column j, input channel c), then the bias.
 */
final class ConvLayer {
  private static final int K = MnistNetworkShape.KERNEL;

  private final int side;
  private final int inChannels;
  private final int outChannels;
  private final int outSide;
  private final int pixels;
  private final int patch;

  /** Wᵀ [outChannels × patch], refreshed by each backward that needs the input gradient. */
  private final float[] weightsT;

  /** One image's d(rows) [pixels × patch]. */
  private final float[] patchGrads;

  private float[] rows = new float[0];
  private int batch;

  ConvLayer(int side, int inChannels, int outChannels) {
    this.side = side;
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.outSide = side - K + 1;
    this.pixels = outSide * outSide;
    this.patch = K * K * inChannels;
    this.weightsT = new float[patch * outChannels];
    this.patchGrads = new float[pixels * patch];
  }

  int parameterCount() {
    return patch * outChannels + outChannels;
  }

  int outSide() {
    return outSide;
  }

  /** Offset of the bias within this layer's parameters. */
  int biasOffset() {
    return patch * outChannels;
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

  /** {@code y = conv(x)} without the bias; keeps the patch rows for {@link #backward}. */
  void forward(float[] params, int offset, float[] x, int xOffset, int batch, float[] y) {
    if (rows.length < batch * pixels * patch) {
      rows = new float[batch * pixels * patch];
    }
    this.batch = batch;
    int run = K * inChannels; // one kernel row of a patch is contiguous in channels-last input
    float[] r = rows;
    for (int b = 0; b < batch; b++) {
      for (int oy = 0; oy < outSide; oy++) {
        for (int ox = 0; ox < outSide; ox++) {
          int row = (b * pixels + oy * outSide + ox) * patch;
          for (int i = 0; i < K; i++) {
            int src = xOffset + ((b * side + oy + i) * side + ox) * inChannels;
            int dst = row + i * run;
            if (run < 32) { // a call per 5 values (one input channel) costs more than the copy
              for (int q = 0; q < run; q++) {
                r[dst + q] = x[src + q];
              }
            } else {
              System.arraycopy(x, src, r, dst, run);
            }
          }
        }
      }
    }
    Gemm.times(batch * pixels, outChannels, patch, r, 0, params, offset, y, 0, false);
  }

  /**
   * Given {@code dy} (layout of the forward's {@code y}), overwrites this layer's slice of {@code
   * grads} (weights and bias) and, if {@code dx} is not null, overwrites {@code dx} with the input
   * gradient.
   */
  void backward(float[] params, int offset, float[] dy, float[] grads, float[] dx) {
    int bias = offset + patch * outChannels;
    Arrays.fill(grads, bias, bias + outChannels, 0f);
    if (dx != null) {
      Layout.transpose(params, offset, patch, outChannels, weightsT, 0);
      Arrays.fill(dx, 0, batch * side * side * inChannels, 0f);
    }
    for (int b = 0; b < batch; b++) {
      int dyImage = b * pixels * outChannels;
      Gemm.transposedTimes(
          patch,
          outChannels,
          pixels,
          rows,
          b * pixels * patch,
          patch,
          dy,
          dyImage,
          outChannels,
          grads,
          offset,
          outChannels,
          b > 0);
      ColumnSums.addTo(dy, dyImage, pixels, outChannels, grads, bias); // per image, then added
      if (dx != null) {
        Gemm.times(pixels, patch, outChannels, dy, dyImage, weightsT, 0, patchGrads, 0, false);
        scatterPatches(b, dx);
      }
    }
  }

  /** col2im: adds image b's patch gradients back onto the input pixels they were copied from. */
  private void scatterPatches(int b, float[] dx) {
    int run = K * inChannels;
    float[] g = patchGrads;
    for (int oy = 0; oy < outSide; oy++) {
      for (int ox = 0; ox < outSide; ox++) {
        int row = (oy * outSide + ox) * patch;
        for (int i = 0; i < K; i++) {
          int dst = ((b * side + oy + i) * side + ox) * inChannels;
          int src = row + i * run;
          for (int q = 0; q < run; q++) {
            dx[dst + q] += g[src + q];
          }
        }
      }
    }
  }
}
