package org.ponderlab.core.model.mnist;

import java.util.SplittableRandom;

/**
 * The CNN run once per image (paper 000's feature extractor): conv 5×5 → 2×2 max pool → ReLU → conv
 * 5×5 → 2×2 max pool → ReLU → dense → ReLU, giving {@code features} values per image.
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
  private float[] c1 = new float[0];
  private float[] a1 = new float[0];
  private float[] c2 = new float[0];
  private float[] a2 = new float[0];
  private float[] dA2 = new float[0];
  private float[] dC2 = new float[0];
  private float[] dA1 = new float[0];
  private float[] dC1 = new float[0];
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
    for (int start = 0; start < batch; start += chunk) {
      int n = Math.min(chunk, batch - start);
      ensureCapacity(n);
      conv1.forward(params, offset + conv1Offset, x, start * pixels, n, c1);
      pool1.forward(c1, n, params, offset + conv1Offset + conv1.biasOffset(), a1);
      conv2.forward(params, offset + conv2Offset, a1, 0, n, c2);
      pool2.forward(c2, n, params, offset + conv2Offset + conv2.biasOffset(), a2);
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
    pool2.backward(c2, a2, dA2, dC2);
    conv2.backward(params, offset + conv2Offset, dC2, grads, dA1);
    pool1.backward(c1, a1, dA1, dC1);
    conv1.backward(params, offset + conv1Offset, dC1, grads, null);
  }

  private void ensureCapacity(int n) {
    if (n <= capacity) {
      return;
    }
    int s1 = shape.conv1Side();
    int p1 = shape.pool1Side();
    int s2 = shape.conv2Side();
    c1 = new float[n * s1 * s1 * shape.conv1Channels()];
    dC1 = new float[c1.length];
    a1 = new float[n * p1 * p1 * shape.conv1Channels()];
    dA1 = new float[a1.length];
    c2 = new float[n * s2 * s2 * shape.conv2Channels()];
    dC2 = new float[c2.length];
    a2 = new float[n * shape.flatSize()];
    dA2 = new float[a2.length];
    capacity = n;
  }
}
