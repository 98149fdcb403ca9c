package org.ponderlab.core.model.mnist;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ponderlab.core.model.kernel.ColumnSums;
import org.ponderlab.core.model.kernel.IndexedMatmul;
import org.ponderlab.core.model.kernel.Layout;

/**
 * A valid 5×5 convolution, stride 1, on channels-last images ({@code [batch, side, side,
 * channels]}), computed directly on the register tiles ({@link IndexedMatmul}) without im2row: per
 * image, output pixel p and tap k = (i·5 + j)·C + c read the input at {@code pixel[p] + tap[k]}
 * (two small offset tables), so {@code y = A · W} is one tiled product whose A is the image itself.
 * The bias is not added here: the pooling that follows adds it after the max ({@link MaxPoolRelu},
 * a quarter of the additions, same values).
 *
 * <p>Backward, one image at a time (its operands stay in the L1/L2 cache): the weight gradient is
 * the same product with the tables swapped ({@code Aᵀ · dy}: rows = taps, depth = pixels),
 * accumulated over the images in order; the input gradient {@code dy · Wᵀ} is added straight onto
 * the input image, one kernel row i at a time (C's row for pixel p is {@code pixel[p] + i·side·C},
 * rows of neighbouring pixels overlap and are added in turn): col2im fused into the product, no
 * patch matrix in either direction. The forward keeps a reference to its input for the backward.
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

  private float[] x;
  private int xOffset;
  private int batch;

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

  /**
   * {@code y = conv(x)} without the bias, for images {@code x[xOffset ..]}; keeps a reference to
   * {@code x}, which must not change before {@link #backward}.
   */
  void forward(float[] params, int offset, float[] x, int xOffset, int batch, float[] y) {
    this.x = x;
    this.xOffset = xOffset;
    this.batch = batch;
    int image = side * side * inChannels;
    for (int b = 0; b < batch; b++) {
      IndexedMatmul.multiply(
          pixels,
          outChannels,
          patch,
          x,
          xOffset + b * image,
          pixelOffsets,
          tapOffsets,
          params,
          offset,
          outChannels,
          y,
          b * pixels * outChannels,
          outRows,
          false);
    }
  }

  /**
   * Given {@code dy} (layout of the forward's {@code y}), overwrites this layer's slice of {@code
   * grads} (weights and bias) and, if {@code dx} is not null, overwrites {@code dx} with the input
   * gradient.
   */
  void backward(float[] params, int offset, float[] dy, float[] grads, float[] dx) {
    int bias = offset + patch * outChannels;
    Arrays.fill(grads, bias, bias + outChannels, 0f);
    int image = side * side * inChannels;
    int run = K * inChannels; // one kernel row of a patch: contiguous in channels-last input
    if (dx != null) {
      Layout.transpose(params, offset, patch, outChannels, weightsT, 0);
      Arrays.fill(dx, 0, batch * image, 0f);
    }
    for (int b = 0; b < batch; b++) {
      int dyImage = b * pixels * outChannels;
      IndexedMatmul.multiply(
          patch,
          outChannels,
          pixels,
          x,
          xOffset + b * image,
          tapOffsets,
          pixelOffsets,
          dy,
          dyImage,
          outChannels,
          grads,
          offset,
          outRows,
          b > 0);
      ColumnSums.addTo(dy, dyImage, pixels, outChannels, grads, bias); // per image, then added
      if (dx != null) {
        for (int i = 0; i < K; i++) {
          IndexedMatmul.multiply(
              pixels,
              run,
              outChannels,
              dy,
              dyImage,
              outRows,
              channels,
              weightsT,
              i * run,
              patch,
              dx,
              b * image + i * side * inChannels,
              pixelOffsets,
              true);
        }
      }
    }
  }
}
