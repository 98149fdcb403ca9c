package org.ponderlab.core.model.mnist;

/**
 * 2×2 max pooling with stride 2 followed by ReLU, on channels-last images. ReLU after the max is
 * the same function as before it (both are monotone) at a quarter of the work. The forward keeps
 * each output's winning input index for the backward pass.
 */
final class MaxPoolRelu {
  private final int side;
  private final int channels;
  private final int outSide;
  private int[] argmax = new int[0];
  private int batch;

  MaxPoolRelu(int side, int channels) {
    this.side = side;
    this.channels = channels;
    this.outSide = side / 2;
  }

  int outSide() {
    return outSide;
  }

  void forward(float[] x, int batch, float[] y) {
    int n = batch * outSide * outSide * channels;
    if (argmax.length < n) {
      argmax = new int[n];
    }
    this.batch = batch;
    int k = 0;
    for (int b = 0; b < batch; b++) {
      for (int oy = 0; oy < outSide; oy++) {
        for (int ox = 0; ox < outSide; ox++) {
          int topLeft = ((b * side + 2 * oy) * side + 2 * ox) * channels;
          for (int c = 0; c < channels; c++, k++) {
            int best = topLeft + c;
            int right = best + channels;
            int below = best + side * channels;
            int belowRight = below + channels;
            if (x[right] > x[best]) {
              best = right;
            }
            if (x[below] > x[best]) {
              best = below;
            }
            if (x[belowRight] > x[best]) {
              best = belowRight;
            }
            argmax[k] = best;
            y[k] = Math.max(x[best], 0f);
          }
        }
      }
    }
  }

  /** Overwrites {@code dx} (input layout) from {@code dy}; {@code y} is the forward's output. */
  void backward(float[] y, float[] dy, float[] dx) {
    java.util.Arrays.fill(dx, 0, batch * side * side * channels, 0f);
    int n = batch * outSide * outSide * channels;
    for (int k = 0; k < n; k++) {
      if (y[k] > 0f) {
        dx[argmax[k]] += dy[k];
      }
    }
  }
}
