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
 * same values as before it (both are monotone, and so is rounding) at a quarter of the work; for
 * the same reason the backward, which owns the bias, forms the bias gradient as the sum of the
 * pooled gradients (a quarter of the additions of summing the convolution's output gradient, whose
 * other three values per window are zeros).
 *
 * <p>The forward stores, per output value, where its gradient goes: the window position that won (0
 * top-left, 1 top-right, 2 bottom-left, 3 bottom-right; the first that equals the maximum, the
 * order a scalar "strictly greater replaces" scan picks), or {@link #DEAD} where the ReLU is off.
 * So the backward reads a quarter of the convolution's output's size instead of the output itself,
 * which then need not be kept; it writes every input position's gradient, zeros included, so no
 * separate clearing pass is needed.
 *
 * <p>Both directions take whole images at array offsets, so the encoder can pipeline one image
 * through all its layers while it is in the cache.
 */
final class MaxPoolRelu {
  /** The winner code of an output whose ReLU is off: no input position gets a gradient. */
  static final float DEAD = 4f;

  private final int side;
  private final int channels;
  private final int outSide;
  private final int vectorBound;

  MaxPoolRelu(int side, int channels) {
    this.side = side;
    this.channels = channels;
    this.outSide = side / 2;
    this.vectorBound = SPECIES.loopBound(channels);
  }

  int outSide() {
    return outSide;
  }

  /** Values per input image. */
  int inputSize() {
    return side * side * channels;
  }

  /** Values per output image (and winner codes per image). */
  int outputSize() {
    return outSide * outSide * channels;
  }

  /**
   * {@code y = relu(maxpool(x) + bias)} for {@code images} images from {@code x[xOff]} to {@code
   * y[yOff]}, the bias at {@code params[bias .. bias + channels)}; the winner codes (class javadoc)
   * to {@code winners[yOff ..]}, in y's layout.
   */
  void forward(
      float[] x,
      int xOff,
      int images,
      float[] params,
      int bias,
      float[] y,
      float[] winners,
      int yOff) {
    int row = side * channels;
    int k = yOff;
    FloatVector zero = FloatVector.zero(SPECIES);
    FloatVector one = FloatVector.broadcast(SPECIES, 1f);
    FloatVector two = FloatVector.broadcast(SPECIES, 2f);
    FloatVector three = FloatVector.broadcast(SPECIES, 3f);
    FloatVector dead = FloatVector.broadcast(SPECIES, DEAD);
    for (int b = 0; b < images; b++) {
      for (int oy = 0; oy < outSide; oy++) {
        for (int ox = 0; ox < outSide; ox++, k += channels) {
          int tl = xOff + ((b * side + 2 * oy) * side + 2 * ox) * channels;
          int c = 0;
          for (; c < vectorBound; c += LANES) {
            int i = tl + c;
            FloatVector x0 = FloatVector.fromArray(SPECIES, x, i);
            FloatVector x1 = FloatVector.fromArray(SPECIES, x, i + channels);
            FloatVector x2 = FloatVector.fromArray(SPECIES, x, i + row);
            FloatVector x3 = FloatVector.fromArray(SPECIES, x, i + row + channels);
            FloatVector m = x0.max(x1).max(x2.max(x3));
            FloatVector out = m.add(FloatVector.fromArray(SPECIES, params, bias + c)).max(0f);
            out.intoArray(y, k + c);
            // the last blend wins: x0 before x1 before x2 before x3
            FloatVector code =
                three
                    .blend(two, x2.compare(VectorOperators.EQ, m))
                    .blend(one, x1.compare(VectorOperators.EQ, m))
                    .blend(zero, x0.compare(VectorOperators.EQ, m));
            dead.blend(code, out.compare(VectorOperators.GT, 0f)).intoArray(winners, k + c);
          }
          for (; c < channels; c++) {
            int i = tl + c;
            int best = 0;
            float m = x[i];
            if (x[i + channels] > m) {
              best = 1;
              m = x[i + channels];
            }
            if (x[i + row] > m) {
              best = 2;
              m = x[i + row];
            }
            if (x[i + row + channels] > m) {
              best = 3;
              m = x[i + row + channels];
            }
            float out = Math.max(m + params[bias + c], 0f);
            y[k + c] = out;
            winners[k + c] = out > 0f ? best : DEAD;
          }
        }
      }
    }
  }

  /**
   * For one image: overwrites {@code dx} (the input's layout, from {@code dxOff}) from {@code dy}
   * (from {@code dyOff}) and the forward's winner codes (from {@code wOff}). Adds the bias gradient
   * (the sum of the gradients that pass the ReLU, window by window in order) to {@code grads[bias
   * ..]}.
   */
  void backward(
      float[] winners,
      int wOff,
      float[] dy,
      int dyOff,
      float[] dx,
      int dxOff,
      float[] grads,
      int bias) {
    if (side % 2 != 0) { // the last row and column belong to no window
      Arrays.fill(dx, dxOff, dxOff + side * side * channels, 0f);
    }
    int row = side * channels;
    int windows = outSide * outSide;
    int rowSkip = 2 * row - 2 * outSide * channels; // from past a window row to the next one
    FloatVector zero = FloatVector.zero(SPECIES);
    FloatVector one = FloatVector.broadcast(SPECIES, 1f);
    FloatVector two = FloatVector.broadcast(SPECIES, 2f);
    FloatVector three = FloatVector.broadcast(SPECIES, 3f);
    int c = 0;
    for (; c < vectorBound; c += LANES) { // channels outside: the bias sum stays in a register
      FloatVector sum = FloatVector.zero(SPECIES);
      // one flat loop over the windows: a vector carried through a loop nest was boxed by C2
      for (int w = 0, ox = 0, i = dxOff + c, k = dyOff + c, j = wOff + c;
          w < windows;
          w++, k += channels, j += channels) {
        FloatVector code = FloatVector.fromArray(SPECIES, winners, j);
        FloatVector d = FloatVector.fromArray(SPECIES, dy, k);
        VectorMask<Float> at0 = code.compare(VectorOperators.EQ, zero);
        VectorMask<Float> at1 = code.compare(VectorOperators.EQ, one);
        VectorMask<Float> at2 = code.compare(VectorOperators.EQ, two);
        VectorMask<Float> at3 = code.compare(VectorOperators.EQ, three);
        sum = sum.add(zero.blend(d, code.compare(VectorOperators.LT, DEAD)));
        zero.blend(d, at0).intoArray(dx, i);
        zero.blend(d, at1).intoArray(dx, i + channels);
        zero.blend(d, at2).intoArray(dx, i + row);
        zero.blend(d, at3).intoArray(dx, i + row + channels);
        i += 2 * channels;
        if (++ox == outSide) {
          ox = 0;
          i += rowSkip;
        }
      }
      sum.add(FloatVector.fromArray(SPECIES, grads, bias + c)).intoArray(grads, bias + c);
    }
    for (; c < channels; c++) {
      float sum = 0f;
      for (int oy = 0; oy < outSide; oy++) {
        for (int ox = 0; ox < outSide; ox++) {
          int i = dxOff + ((2 * oy) * side + 2 * ox) * channels + c;
          int k = dyOff + (oy * outSide + ox) * channels + c;
          float code = winners[k - dyOff + wOff];
          float d = code < DEAD ? dy[k] : 0f;
          sum += d;
          dx[i] = code == 0f ? d : 0f;
          dx[i + channels] = code == 1f ? d : 0f;
          dx[i + row] = code == 2f ? d : 0f;
          dx[i + row + channels] = code == 3f ? d : 0f;
        }
      }
      grads[bias + c] += sum;
    }
  }
}
