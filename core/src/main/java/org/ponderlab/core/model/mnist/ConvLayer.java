package org.ponderlab.core.model.mnist;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ponderlab.core.model.kernel.IndexedMatmul;
import org.ponderlab.core.model.kernel.Layout;

/**
 * A valid 5×5 convolution, stride 1, on channels-last images ({@code [batch, side, side,
 * channels]}), computed directly on the register tiles ({@link IndexedMatmul}) without im2row: per
 * image, output pixel p and tap k = (i·5 + j)·C + c read the input at {@code pixel[p] + tap[k]}
 * (two small offset tables), so {@code y = A · W} is one tiled product whose A is the image itself.
 * The bias is not added here: the pooling that follows adds it after the max and forms its gradient
 * ({@link MaxPoolRelu}, a quarter of the additions, same values).
 *
 * <p>Backward, one image at a time (its operands stay in the L1/L2 cache): the weight gradient is
 * the same product with the tables swapped ({@code Aᵀ · dy}: rows = taps, depth = pixels),
 * accumulated over the images in order; the input gradient {@code dy · Wᵀ} is added straight onto
 * the input image, one kernel row i at a time (C's row for pixel p is {@code pixel[p] + i·side·C},
 * rows of neighbouring pixels overlap and are added in turn): col2im fused into the product, no
 * patch matrix in either direction. The layer holds no activations: the encoder passes each image's
 * input and gradients, so one image can run through all layers while it is in the cache.
 *
 * <p>Why not im2row or ND4J: im2row wrote 25·C values per output pixel (13 MB per batch of 128 for
 * the second layer; for the first, with one input channel, copying cost more than the arithmetic),
 * and ND4J's BLAS gemm on off-heap copies was about 30 GFLOP/s on one core here ({@code conv2d_bp}
 * took 56 + 38 ms per batch of 64) (README, "Benchmarks"). Tests check this layer against ND4J's
 * conv2d ({@code ConvLayerTest}).
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

  /** Offset of output pixel p's top-left input value within an image: (oy·side + ox)·C. */
  private final int[] pixelOffsets;

  /** Offset of tap k = (i·5 + j)·C + c from a pixel's top-left input value: (i·side + j)·C + c. */
  private final int[] tapOffsets;

  /** r·outChannels for r < max(pixels, patch): rows of dy, of y and of W. */
  private final int[] outRows;

  /** 0, 1, …, outChannels − 1: dy's columns as the input gradient's depth. */
  private final int[] channels;

  /** Wᵀ [outChannels × patch], refreshed by each backward that needs the input gradient. */
  private final float[] weightsT;

  ConvLayer(int side, int inChannels, int outChannels) {
    this.side = side;
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.outSide = side - K + 1;
    this.pixels = outSide * outSide;
    this.patch = K * K * inChannels;
    this.weightsT = new float[patch * outChannels];
    this.pixelOffsets = new int[pixels];
    for (int oy = 0; oy < outSide; oy++) {
      for (int ox = 0; ox < outSide; ox++) {
        pixelOffsets[oy * outSide + ox] = (oy * side + ox) * inChannels;
      }
    }
    this.tapOffsets = new int[patch];
    for (int i = 0; i < K; i++) {
      for (int q = 0; q < K * inChannels; q++) {
        tapOffsets[i * K * inChannels + q] = i * side * inChannels + q;
      }
    }
    this.outRows = new int[Math.max(pixels, patch)];
    for (int r = 0; r < outRows.length; r++) {
      outRows[r] = r * outChannels;
    }
    this.channels = new int[outChannels];
    for (int n = 0; n < outChannels; n++) {
      channels[n] = n;
    }
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

  /** Values per input image. */
  int inputSize() {
    return side * side * inChannels;
  }

  /** Values per output image. */
  int outputSize() {
    return pixels * outChannels;
  }

  /** {@code y = conv(x)} without the bias, for one image at {@code x[xOff]}, to {@code y[yOff]}. */
  void forward(float[] params, int offset, float[] x, int xOff, float[] y, int yOff) {
    IndexedMatmul.multiply(
        pixels,
        outChannels,
        patch,
        x,
        xOff,
        pixelOffsets,
        tapOffsets,
        params,
        offset,
        outChannels,
        y,
        yOff,
        outRows,
        false);
  }

  /** Refreshes Wᵀ for the input gradients of the {@link #backward} calls that follow. */
  void prepareInputGradient(float[] params, int offset) {
    Layout.transpose(params, offset, patch, outChannels, weightsT, 0);
  }

  /**
   * For one image: given the forward's input {@code x[xOff ..]} and {@code dy[dyOff ..]} (layout of
   * its output), adds its weight gradient to this layer's weights in {@code grads} (overwrites them
   * if not {@code accumulate}) and, if {@code dx} is not null, overwrites the image {@code dx[dxOff
   * ..]} with the input gradient (Wᵀ from the last {@link #prepareInputGradient}). The bias
   * gradient is the pooling's ({@link MaxPoolRelu#backward}).
   */
  void backward(
      int offset,
      float[] x,
      int xOff,
      float[] dy,
      int dyOff,
      float[] grads,
      boolean accumulate,
      float[] dx,
      int dxOff) {
    IndexedMatmul.multiply(
        patch,
        outChannels,
        pixels,
        x,
        xOff,
        tapOffsets,
        pixelOffsets,
        dy,
        dyOff,
        outChannels,
        grads,
        offset,
        outRows,
        accumulate);
    if (dx == null) {
      return;
    }
    int run = K * inChannels; // one kernel row of a patch: contiguous in channels-last input
    Arrays.fill(dx, dxOff, dxOff + side * side * inChannels, 0f);
    for (int i = 0; i < K; i++) {
      IndexedMatmul.multiply(
          pixels,
          run,
          outChannels,
          dy,
          dyOff,
          outRows,
          channels,
          weightsT,
          i * run,
          patch,
          dx,
          dxOff + i * side * inChannels,
          pixelOffsets,
          true);
    }
  }
}
