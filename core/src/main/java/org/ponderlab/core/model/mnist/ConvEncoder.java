package org.ponderlab.core.model.mnist;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The CNN run once per image (paper 000's feature extractor): conv 5×5 → 2×2 max pool → ReLU → conv
 * 5×5 → 2×2 max pool → ReLU → dense → ReLU, giving {@code features} values per image.
 *
 * <p>Both passes run one image at a time through the convolutions and poolings, so each layer reads
 * what the one before it just wrote while it is still in the L1/L2 cache; the dense layer runs on
 * the whole batch. The forward keeps what the backward needs (a copy of the input images, each
 * convolution's output and each pooling's output); the backward's gradients between the
 * convolutions live in one-image scratch arrays.
 *
 * <p>Every image's features depend on that image alone, computed in the same order whatever the
 * batch, so a row of a shard of the batch gives bit-identical features to the same row in the whole
 * batch. The parameter gradients are sums over the images, in image order.
 *
 * <p>A batch larger than the chunk size given at construction (say the whole validation split) is
 * encoded in chunks so memory stays bounded; such a forward cannot be followed by {@link
 * #backward}, which training never needs (its batch is at most the chunk size).
 */
final class ConvEncoder {
  /** Largest batch encoded in one pass (and the largest batch that can be backpropagated). */
  private final int chunk;

  private final MnistNetworkShape shape;
  private final ConvLayer conv1;
  private final MaxPoolRelu pool1;
  private final ConvLayer conv2;
  private final MaxPoolRelu pool2;
  private final ReluDense dense;
  private final int conv1Offset;
  private final int conv2Offset;
  private final int denseOffset;
  private final int parameterCount;

  /** One image's output of conv1 and of conv2 (the poolings keep their winners instead). */
  private final float[] c1;

  private final float[] c2;

  /** One image's gradient of conv2's output, of pool1's output and of conv1's output. */
  private final float[] dC2;

  private final float[] dA1;
  private final float[] dC1;

  private float[] images = new float[0];
  private float[] a1 = new float[0];
  private float[] winners1 = new float[0];
  private float[] a2 = new float[0];
  private float[] winners2 = new float[0];
  private float[] dA2 = new float[0];
  private int capacity;
  private int batch;
  private boolean chunked;

  ConvEncoder(MnistNetworkShape shape, int chunk) {
    if (chunk < 1) {
      throw new IllegalArgumentException("chunk " + chunk + " must be positive");
    }
    this.chunk = chunk;
    this.shape = shape;
    conv1 = new ConvLayer(shape.imageSize(), 1, shape.conv1Channels());
    pool1 = new MaxPoolRelu(shape.conv1Side(), shape.conv1Channels());
    conv2 = new ConvLayer(shape.pool1Side(), shape.conv1Channels(), shape.conv2Channels());
    pool2 = new MaxPoolRelu(shape.conv2Side(), shape.conv2Channels());
    dense = new ReluDense(shape.flatSize(), shape.features());
    conv1Offset = 0;
    conv2Offset = conv1.parameterCount();
    denseOffset = conv2Offset + conv2.parameterCount();
    parameterCount = denseOffset + dense.parameterCount();
    c1 = new float[conv1.outputSize()];
    c2 = new float[conv2.outputSize()];
    dC2 = new float[conv2.outputSize()];
    dA1 = new float[pool1.outputSize()];
    dC1 = new float[conv1.outputSize()];
  }

  int parameterCount() {
    return parameterCount;
  }

  void initialize(float[] params, int offset, SplittableRandom rng) {
    conv1.initialize(params, offset + conv1Offset, rng);
    conv2.initialize(params, offset + conv2Offset, rng);
    dense.initialize(params, offset + denseOffset, rng);
  }

  /** Writes {@code batch × features} values to {@code features} (row-major). */
  void forward(float[] params, int offset, float[] x, int batch, float[] features) {
    this.batch = batch;
    this.chunked = batch > chunk;
    int pixels = shape.inputSize();
    int bias1 = offset + conv1Offset + conv1.biasOffset();
    int bias2 = offset + conv2Offset + conv2.biasOffset();
    for (int start = 0; start < batch; start += chunk) {
      int n = Math.min(chunk, batch - start);
      ensureCapacity(n);
      float[] in = x;
      int inOff = start * pixels;
      if (!chunked) { // kept for the backward: the caller may reuse x
        System.arraycopy(x, 0, images, 0, n * pixels);
        in = images;
        inOff = 0;
      }
      for (int b = 0; b < n; b++) {
        int a1Off = b * pool1.outputSize();
        conv1.forward(params, offset + conv1Offset, in, inOff + b * pixels, c1, 0);
        pool1.forward(c1, 0, 1, params, bias1, a1, winners1, a1Off);
        conv2.forward(params, offset + conv2Offset, a1, a1Off, c2, 0);
        pool2.forward(c2, 0, 1, params, bias2, a2, winners2, b * pool2.outputSize());
      }
      dense.forward(params, offset + denseOffset, a2, n, features, start * shape.features());
    }
  }

  /**
   * Overwrites the encoder's slice of {@code grads} with the gradient of a loss whose gradient with
   * respect to the last forward's features is {@code dFeatures}.
   */
  void backward(float[] params, int offset, float[] features, float[] dFeatures, float[] grads) {
    if (chunked) {
      throw new IllegalStateException(
          "the last forward had "
              + batch
              + " rows, encoded in chunks of "
              + chunk
              + "; backward needs at most "
              + chunk);
    }
    dense.backward(params, offset + denseOffset, features, dFeatures, grads, dA2);
    int bias1 = offset + conv1Offset + conv1.biasOffset();
    int bias2 = offset + conv2Offset + conv2.biasOffset();
    Arrays.fill(grads, bias1, bias1 + shape.conv1Channels(), 0f);
    Arrays.fill(grads, bias2, bias2 + shape.conv2Channels(), 0f);
    conv2.prepareInputGradient(params, offset + conv2Offset);
    int pixels = shape.inputSize();
    for (int b = 0; b < batch; b++) {
      int a1Off = b * pool1.outputSize();
      int a2Off = b * pool2.outputSize();
      pool2.backward(winners2, a2Off, dA2, a2Off, dC2, 0, grads, bias2);
      conv2.backward(offset + conv2Offset, a1, a1Off, dC2, 0, grads, b > 0, dA1, 0);
      pool1.backward(winners1, a1Off, dA1, 0, dC1, 0, grads, bias1);
      conv1.backward(offset + conv1Offset, images, b * pixels, dC1, 0, grads, b > 0, null, 0);
    }
  }

  private void ensureCapacity(int n) {
    if (n <= capacity) {
      return;
    }
    images = new float[n * shape.inputSize()];
    a1 = new float[n * pool1.outputSize()];
    winners1 = new float[a1.length];
    a2 = new float[n * shape.flatSize()];
    winners2 = new float[a2.length];
    dA2 = new float[a2.length];
    capacity = n;
  }
}
