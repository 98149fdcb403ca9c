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
   * are padding, whatever they held, and come out 0 (so a product over all ld columns, or a
   * backward over them, sees exact zeros). With ld a multiple of the vector length every pass is
   * whole vectors: attention pads L to it.
   */
  public static void forward(float[] s, int off, int rows, int width, int ld, float scale) {
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
