package org.ponderlab.core.model.kernel;

import static org.ponderlab.core.model.kernel.VectorMath.LANES;
import static org.ponderlab.core.model.kernel.VectorMath.SPECIES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Row softmax of scaled scores, in place: {@code p = softmax(scale·s)} per row of a dense [rows,
 * width] block (attention: {@code scale = 1/√d_h}, folded into the exponent instead of a pass over
 * the scores), and its backward {@code ds = scale·p ⊙ (dp − Σ p·dp)}.
 *
 * <p>Forward: per row, one pass for its maximum, one for the exponentials and their sum, one to
 * divide. Vectors along the row, scalar tails; no state, nothing allocated.
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
   *
   * <p>Row by row, so a row stays in the first-level cache: its maximum, then e^{scale·(s − max)}
   * and the row's sum in one pass ({@link VectorMath#exp}'s steps inlined, the same bits), then the
   * division by the sum.
   */
  public static void forward(float[] s, int off, int rows, int width, int ld, float scale) {
    int bound = SPECIES.loopBound(ld);
    FloatVector scaleV = FloatVector.broadcast(SPECIES, scale);
    FloatVector lo = FloatVector.broadcast(SPECIES, VectorMath.EXP_MIN);
    FloatVector hi = FloatVector.broadcast(SPECIES, VectorMath.EXP_MAX);
    FloatVector log2e = FloatVector.broadcast(SPECIES, VectorMath.LOG2E);
    FloatVector magic = FloatVector.broadcast(SPECIES, VectorMath.ROUND_MAGIC);
    FloatVector ln2Hi = FloatVector.broadcast(SPECIES, -VectorMath.LN2_HI);
    FloatVector ln2Lo = FloatVector.broadcast(SPECIES, -VectorMath.LN2_LO);
    FloatVector p0 = FloatVector.broadcast(SPECIES, VectorMath.P0);
    FloatVector p1 = FloatVector.broadcast(SPECIES, VectorMath.P1);
    FloatVector p2 = FloatVector.broadcast(SPECIES, VectorMath.P2);
    FloatVector p3 = FloatVector.broadcast(SPECIES, VectorMath.P3);
    FloatVector p4 = FloatVector.broadcast(SPECIES, VectorMath.P4);
    FloatVector p5 = FloatVector.broadcast(SPECIES, VectorMath.P5);
    FloatVector one = FloatVector.broadcast(SPECIES, 1f);
    IntVector bias = IntVector.broadcast(VectorMath.INT_SPECIES, 127 - VectorMath.ROUND_MAGIC_BITS);
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
      float sh = -max * scale;
      FloatVector shift = FloatVector.broadcast(SPECIES, sh);
      FloatVector sumV = FloatVector.zero(SPECIES);
      j = 0;
      for (; j < bound; j += LANES) {
        FloatVector v =
            FloatVector.fromArray(SPECIES, s, row + j).fma(scaleV, shift).max(lo).min(hi);
        FloatVector shifted = v.fma(log2e, magic);
        FloatVector n = shifted.sub(magic);
        FloatVector rr = n.fma(ln2Lo, n.fma(ln2Hi, v));
        FloatVector p = rr.fma(p0, p1).fma(rr, p2).fma(rr, p3).fma(rr, p4).fma(rr, p5);
        p = p.fma(rr.mul(rr), rr).add(one);
        IntVector bits =
            (IntVector)
                shifted.convertShape(VectorOperators.REINTERPRET_F2I, VectorMath.INT_SPECIES, 0);
        FloatVector pow2 =
            (FloatVector)
                bias.add(bits)
                    .lanewise(VectorOperators.LSHL, 23)
                    .convertShape(VectorOperators.REINTERPRET_I2F, SPECIES, 0);
        FloatVector e = p.mul(pow2);
        e.intoArray(s, row + j);
        sumV = sumV.add(e);
      }
      float sum = sumV.reduceLanes(VectorOperators.ADD);
      for (; j < ld; j++) {
        float e = VectorMath.exp(Math.fma(s[row + j], scale, sh));
        s[row + j] = e;
        sum += e;
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
      for (j = width; j < ld; j++) {
        s[row + j] = 0f;
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
