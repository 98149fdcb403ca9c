package org.ponderlab.core.model.mnist;

import static org.ponderlab.core.model.kernel.VectorMath.LANES;
import static org.ponderlab.core.model.kernel.VectorMath.SPECIES;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The convolution's bias, 2×2 max pooling with stride 2 and ReLU in one pass, on channels-last
 * images, in vectors along the channels. Adding a channel's bias and ReLU after the max gives the
 * same values as before it (both are monotone, and so is rounding) at a quarter of the work.
 *
 * <p>No winner index is stored: the backward finds each window's winner again from the
 * convolution's output (the first of top-left, top-right, bottom-left, bottom-right that equals the
 * maximum, the order a scalar "strictly greater replaces" scan picks) and writes every input
 * position's gradient, zeros included, so no separate clearing pass is needed.
 */
final class MaxPoolRelu {
  private final int side;
  private final int channels;
  private final int outSide;
  private final int vectorBound;
  private int batch;

  MaxPoolRelu(int side, int channels) {
    this.side = side;
    this.channels = channels;
    this.outSide = side / 2;
    this.vectorBound = SPECIES.loopBound(channels);
  }

  int outSide() {
    return outSide;
  }

  /** {@code y = relu(maxpool(x) + bias)}, the bias at {@code params[bias .. bias + channels)}. */
  void forward(float[] x, int batch, float[] params, int bias, float[] y) {
    this.batch = batch;
    int row = side * channels;
    int k = 0;
    for (int b = 0; b < batch; b++) {
      for (int oy = 0; oy < outSide; oy++) {
        for (int ox = 0; ox < outSide; ox++, k += channels) {
          int tl = ((b * side + 2 * oy) * side + 2 * ox) * channels;
          int c = 0;
          for (; c < vectorBound; c += LANES) {
            int i = tl + c;
            FloatVector m =
                FloatVector.fromArray(SPECIES, x, i)
                    .max(FloatVector.fromArray(SPECIES, x, i + channels))
                    .max(
                        FloatVector.fromArray(SPECIES, x, i + row)
                            .max(FloatVector.fromArray(SPECIES, x, i + row + channels)));
            m.add(FloatVector.fromArray(SPECIES, params, bias + c)).max(0f).intoArray(y, k + c);
          }
          for (; c < channels; c++) {
            int i = tl + c;
            float m =
                Math.max(
                    Math.max(x[i], x[i + channels]), Math.max(x[i + row], x[i + row + channels]));
            y[k + c] = Math.max(m + params[bias + c], 0f);
          }
        }
      }
    }
  }

  /**
   * Overwrites {@code dx} (input layout) from {@code dy}; {@code x} is the forward's input and
   * {@code y} its output.
   */
  void backward(float[] x, float[] y, float[] dy, float[] dx) {
    if (side % 2 != 0) { // the last row and column belong to no window
      Arrays.fill(dx, 0, batch * side * side * channels, 0f);
    }
    int row = side * channels;
    int k = 0;
    for (int b = 0; b < batch; b++) {
      for (int oy = 0; oy < outSide; oy++) {
        for (int ox = 0; ox < outSide; ox++, k += channels) {
          int tl = ((b * side + 2 * oy) * side + 2 * ox) * channels;
          int c = 0;
          for (; c < vectorBound; c += LANES) {
            int i = tl + c;
            FloatVector x0 = FloatVector.fromArray(SPECIES, x, i);
            FloatVector x1 = FloatVector.fromArray(SPECIES, x, i + channels);
            FloatVector x2 = FloatVector.fromArray(SPECIES, x, i + row);
            FloatVector x3 = FloatVector.fromArray(SPECIES, x, i + row + channels);
            FloatVector m = x0.max(x1).max(x2.max(x3));
            FloatVector d =
                FloatVector.fromArray(SPECIES, dy, k + c)
                    .blend(
                        0f,
                        FloatVector.fromArray(SPECIES, y, k + c)
                            .compare(VectorOperators.GT, 0f)
                            .not());
            VectorMask<Float> w0 = x0.compare(VectorOperators.EQ, m);
            VectorMask<Float> w1 = x1.compare(VectorOperators.EQ, m).andNot(w0);
            VectorMask<Float> taken = w0.or(w1);
            VectorMask<Float> w2 = x2.compare(VectorOperators.EQ, m).andNot(taken);
            VectorMask<Float> w3 = taken.or(w2).not();
            FloatVector zero = FloatVector.zero(SPECIES);
            zero.blend(d, w0).intoArray(dx, i);
            zero.blend(d, w1).intoArray(dx, i + channels);
            zero.blend(d, w2).intoArray(dx, i + row);
            zero.blend(d, w3).intoArray(dx, i + row + channels);
          }
          for (; c < channels; c++) {
            int i = tl + c;
            int best = i;
            if (x[i + channels] > x[best]) {
              best = i + channels;
            }
            if (x[i + row] > x[best]) {
              best = i + row;
            }
            if (x[i + row + channels] > x[best]) {
              best = i + row + channels;
            }
            float d = y[k + c] > 0f ? dy[k + c] : 0f;
            dx[i] = 0f;
            dx[i + channels] = 0f;
            dx[i + row] = 0f;
            dx[i + row + channels] = 0f;
            dx[best] = d;
          }
        }
      }
    }
  }
}
