package org.ponderlab.core.model.kernel;

import static org.ponderlab.core.model.kernel.VectorMath.LANES;
import static org.ponderlab.core.model.kernel.VectorMath.SPECIES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Row softmax of scaled scores, in place: {@code p = softmax(scale·s)} per row of a dense [rows,
 * width] block (attention: {@code scale = 1/√d_h}, folded into the exponent instead of a pass over
 * the scores), and its backward {@code ds = scale·p ⊙ (dp − Σ p·dp)}.
 *
 * <p>Forward: one pass for each row's maximum, then the whole block's shifted scores go through
 * {@link VectorMath#exp} in one call (long vector runs even for short rows), then one pass sums and
 * scales each row. Vectors along the row, scalar tails; no state, nothing allocated.
 */
final class Softmax {
  private Softmax() {}

  /** s[off + r·width + j] ← softmax_j(scale·s[off + r·width + j]) for r &lt; rows; scale &gt; 0. */
  public static void forward(float[] s, int off, int rows, int width, float scale) {
    forward(s, off, rows, width, width, scale);
  }

  /**
   * Rows {@code ld} apart, each a softmax over its first {@code width} columns; columns [width, ld)
   * are padding, whatever finite values they held, and come out 0 (so a product over all ld
   * columns, or a backward over them, sees exact zeros). With ld a multiple of the vector length
   * every pass is whole vectors: attention pads L to it.
   *
   * <p>One pass per row for its maximum and the shift, {@link VectorMath#exp} over the whole block
   * in one call, then one pass per row for the sum and the division.
   */
  public static void forward(float[] s, int off, int rows, int width, int ld, float scale) {
    if (ld % LANES == 0 && ld - width < LANES) {
      forwardWholeVectors(s, off, rows, width, ld, scale);
    } else {
      forwardAnyWidth(s, off, rows, width, ld, scale);
    }
  }

  /** Lanes [0, k) 0 and [k, LANES) −∞, read from offset LANES − k: a row's last vector's mask. */
  private static final float[] ZEROS_THEN_MINUS_INFINITY = new float[2 * LANES];

  /** Lanes [0, k) 1 and [k, LANES) 0, read from offset LANES − k. */
  private static final float[] ONES_THEN_ZEROS = new float[2 * LANES];

  static {
    for (int i = 0; i < LANES; i++) {
      ZEROS_THEN_MINUS_INFINITY[LANES + i] = Float.NEGATIVE_INFINITY;
      ONES_THEN_ZEROS[i] = 1f;
    }
  }

  /**
   * The padded forward when the rows are whole vectors and the padding lies in each row's last
   * vector (attention's maps): the padding is masked by arithmetic on that vector (+ −∞ before the
   * maximum, · 0 after the division), so no scalar loop and no scalar store read back as a vector
   * (which stalls store forwarding) remains; the padding must hold finite values. The exponentials
   * go through {@link VectorMath#exp} over the whole block: with its steps inlined into this row
   * loop instead, C2 compiled the loop to half the speed (12.4 against 6.0 µs per 100×112 map).
   */
  private static void forwardWholeVectors(
      float[] s, int off, int rows, int width, int ld, float scale) {
    int body = ld - LANES;
    int real = width - body; // real lanes of the last vector, 1..LANES
    FloatVector padMinusInfinity =
        FloatVector.fromArray(SPECIES, ZEROS_THEN_MINUS_INFINITY, LANES - real);
    FloatVector padZero = FloatVector.fromArray(SPECIES, ONES_THEN_ZEROS, LANES - real);
    FloatVector scaleV = FloatVector.broadcast(SPECIES, scale);
    for (int r = 0; r < rows; r++) {
      int row = off + r * ld;
      FloatVector last = FloatVector.fromArray(SPECIES, s, row + body).add(padMinusInfinity);
      FloatVector maxV = last;
      for (int j = 0; j < body; j += LANES) {
        maxV = maxV.max(FloatVector.fromArray(SPECIES, s, row + j));
      }
      FloatVector shift =
          FloatVector.broadcast(SPECIES, -maxV.reduceLanes(VectorOperators.MAX) * scale);
      for (int j = 0; j < body; j += LANES) {
        FloatVector.fromArray(SPECIES, s, row + j).fma(scaleV, shift).intoArray(s, row + j);
      }
      last.fma(scaleV, shift).intoArray(s, row + body);
    }
    VectorMath.exp(s, off, s, off, rows * ld);
    for (int r = 0; r < rows; r++) {
      int row = off + r * ld;
      FloatVector sumV = FloatVector.fromArray(SPECIES, s, row + body).mul(padZero);
      for (int j = 0; j < body; j += LANES) {
        sumV = sumV.add(FloatVector.fromArray(SPECIES, s, row + j));
      }
      FloatVector invV = FloatVector.broadcast(SPECIES, 1f / sumV.reduceLanes(VectorOperators.ADD));
      for (int j = 0; j < body; j += LANES) {
        FloatVector.fromArray(SPECIES, s, row + j).mul(invV).intoArray(s, row + j);
      }
      FloatVector.fromArray(SPECIES, s, row + body).mul(padZero).mul(invV).intoArray(s, row + body);
    }
  }

  private static void forwardAnyWidth(
      float[] s, int off, int rows, int width, int ld, float scale) {
    int bound = SPECIES.loopBound(ld);
    FloatVector scaleV = FloatVector.broadcast(SPECIES, scale);
    for (int r = 0; r < rows; r++) {
      int row = off + r * ld;
      for (int j = width; j < ld; j++) {
        s[row + j] = Float.NEGATIVE_INFINITY; // never the maximum, and exp makes it tiny
      }
      FloatVector maxV = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
      int j = 0;
      for (; j < bound; j += LANES) {
        maxV = maxV.max(FloatVector.fromArray(SPECIES, s, row + j));
      }
      float max = maxV.reduceLanes(VectorOperators.MAX);
      for (; j < ld; j++) {
        max = Math.max(max, s[row + j]);
      }
      FloatVector shift = FloatVector.broadcast(SPECIES, -max * scale);
      j = 0;
      for (; j < bound; j += LANES) {
        FloatVector.fromArray(SPECIES, s, row + j).fma(scaleV, shift).intoArray(s, row + j);
      }
      float sh = -max * scale;
      for (; j < ld; j++) {
        s[row + j] = Math.fma(s[row + j], scale, sh);
      }
    }
    VectorMath.exp(s, off, s, off, rows * ld);
    for (int r = 0; r < rows; r++) {
      int row = off + r * ld;
      for (int j = width; j < ld; j++) {
        s[row + j] = 0f;
      }
      FloatVector sumV = FloatVector.zero(SPECIES);
      int j = 0;
      for (; j < bound; j += LANES) {
        sumV = sumV.add(FloatVector.fromArray(SPECIES, s, row + j));
      }
      float sum = sumV.reduceLanes(VectorOperators.ADD);
      for (; j < ld; j++) {
        sum += s[row + j];
      }
      float inv = 1f / sum;
      FloatVector invV = FloatVector.broadcast(SPECIES, inv);
      j = 0;
      for (; j < bound; j += LANES) {
        FloatVector.fromArray(SPECIES, s, row + j).mul(invV).intoArray(s, row + j);
      }
      for (; j < ld; j++) {
        s[row + j] *= inv;
      }
    }
  }

  /**
   * dp[dpOff + r·width + j] ← scale·p·(dp − Σ_j p·dp) per row: the gradient with respect to the
   * unscaled scores s, given the forward's p and the gradient dp with respect to p. Padded rows
   * (see the padded {@link #forward}) go through as rows of width ld: their padding has p = 0, so
   * it comes out 0 provided dp is finite there.
   */
  public static void backward(
      float[] p, int pOff, float[] dp, int dpOff, int rows, int width, float scale) {
    int bound = SPECIES.loopBound(width);
    FloatVector scaleV = FloatVector.broadcast(SPECIES, scale);
    for (int r = 0; r < rows; r++) {
      int pr = pOff + r * width;
      int dr = dpOff + r * width;
      FloatVector dotV = FloatVector.zero(SPECIES);
      int j = 0;
      for (; j < bound; j += LANES) {
        dotV =
            FloatVector.fromArray(SPECIES, p, pr + j)
                .fma(FloatVector.fromArray(SPECIES, dp, dr + j), dotV);
      }
      float dot = dotV.reduceLanes(VectorOperators.ADD);
      for (; j < width; j++) {
        dot += p[pr + j] * dp[dr + j];
      }
      FloatVector dotBV = FloatVector.broadcast(SPECIES, dot);
      j = 0;
      for (; j < bound; j += LANES) {
        FloatVector pv = FloatVector.fromArray(SPECIES, p, pr + j);
        FloatVector.fromArray(SPECIES, dp, dr + j)
            .sub(dotBV)
            .mul(pv)
            .mul(scaleV)
            .intoArray(dp, dr + j);
      }
      for (; j < width; j++) {
        dp[dr + j] = p[pr + j] * (dp[dr + j] - dot) * scale;
      }
    }
  }
}
