package org.ponderlab.core.model.kernel;

import static org.ponderlab.core.model.kernel.VectorMath.LANES;
import static org.ponderlab.core.model.kernel.VectorMath.SPECIES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * GELU with the tanh approximation, {@code y = ½x(1 + t)}, {@code t = tanh(√(2/π)(x +
 * 0.044715x³))}, and its derivative {@code ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²)}.
 *
 * <p>Both take the caller's buffer for t: the forward leaves t there, and a backward handed the
 * same t skips the tanh (the costly part). tanh is {@link VectorMath#tanh}; the polynomial parts
 * are vectors. No state, nothing allocated.
 *
 * <p>One pass each where it counts: at paper 003's size the [B·L, m] buffers (6.5 MB at batch 128)
 * are far larger than the caches, so a pass costs its memory traffic more than its arithmetic (the
 * unfused forward read or wrote 7 such streams, measured at 13 % of a training iteration). {@link
 * #forward} and {@link #output} compute the tanh inline (its steps repeated, as VectorMath does, so
 * C2 keeps the vectors intrinsified): the forward reads x and writes t and y, {@link #output} (for
 * a forward whose backward recomputes t) writes y only. A backward fused the same way (tanh and
 * derivative in one pass) measured slower than {@link #tanhPart} then {@link #backward} (2.0 ms
 * against 1.5 ms over 1.6 M values): too much live arithmetic for one loop.
 */
public final class Gelu {
  private static final float C = (float) Math.sqrt(2 / Math.PI);
  private static final float A = 0.044715f;

  private Gelu() {}

  /**
   * t[tOff + i] = tanh(√(2/π)(x + 0.044715x³)) and y[yOff + i] = ½x(1 + t) for i &lt; count, in one
   * pass (the same bits as {@link #tanhPart} then {@link #outputFromTanh}); with {@code t} null
   * only y is written (the branch is loop-invariant: the JIT hoists it).
   */
  public static void forward(
      float[] x, int xOff, float[] t, int tOff, float[] y, int yOff, int count) {
    FloatVector c = FloatVector.broadcast(SPECIES, C);
    FloatVector ca = FloatVector.broadcast(SPECIES, C * A);
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
    FloatVector minusOne = FloatVector.broadcast(SPECIES, -1f);
    FloatVector two = FloatVector.broadcast(SPECIES, 2f);
    FloatVector minusTwo = FloatVector.broadcast(SPECIES, -2f);
    FloatVector half = FloatVector.broadcast(SPECIES, 0.5f);
    IntVector bias = IntVector.broadcast(VectorMath.INT_SPECIES, 127 - VectorMath.ROUND_MAGIC_BITS);
    int i = 0;
    for (int bound = SPECIES.loopBound(count); i < bound; i += LANES) {
      FloatVector xv = FloatVector.fromArray(SPECIES, x, xOff + i);
      // t = tanh(x·(c + c·a·x²)): VectorMath.tanh's steps, inlined (same bits)
      FloatVector v = xv.mul(xv).fma(ca, c).mul(xv).mul(minusTwo).max(lo).min(hi);
      FloatVector shifted = v.fma(log2e, magic);
      FloatVector n = shifted.sub(magic);
      FloatVector r = n.fma(ln2Lo, n.fma(ln2Hi, v));
      FloatVector p = r.fma(p0, p1).fma(r, p2).fma(r, p3).fma(r, p4).fma(r, p5);
      FloatVector q = p.fma(r.mul(r), r);
      IntVector bits =
          (IntVector)
              shifted.convertShape(VectorOperators.REINTERPRET_F2I, VectorMath.INT_SPECIES, 0);
      FloatVector pow2 =
          (FloatVector)
              bias.add(bits)
                  .lanewise(VectorOperators.LSHL, 23)
                  .convertShape(VectorOperators.REINTERPRET_I2F, SPECIES, 0);
      FloatVector e = q.fma(pow2, minusOne.add(pow2));
      FloatVector tv = e.mul(minusOne).div(two.add(e));
      if (t != null) {
        tv.intoArray(t, tOff + i);
      }
      xv.mul(half).fma(tv, xv.mul(half)).intoArray(y, yOff + i);
    }
    for (; i < count; i++) {
      float xv = x[xOff + i];
      float tv = VectorMath.tanh(C * (xv + A * xv * xv * xv));
      if (t != null) {
        t[tOff + i] = tv;
      }
      y[yOff + i] = 0.5f * xv * (1 + tv);
    }
  }

  /**
   * y[yOff + i] = gelu(x) for i &lt; count, keeping no tanh (the same bits as {@link #forward}'s
   * y): for a backward that recomputes it ({@link #tanhPart}).
   */
  public static void output(float[] x, int xOff, float[] y, int yOff, int count) {
    forward(x, xOff, null, 0, y, yOff, count);
  }

  /** y[yOff + i] = ½x(1 + t) from the t {@link #forward} or {@link #tanhPart} left. */
  public static void outputFromTanh(
      float[] x, int xOff, float[] t, int tOff, float[] y, int yOff, int count) {
    FloatVector half = FloatVector.broadcast(SPECIES, 0.5f);
    int i = 0;
    for (int bound = SPECIES.loopBound(count); i < bound; i += LANES) {
      FloatVector xv = FloatVector.fromArray(SPECIES, x, xOff + i);
      FloatVector tv = FloatVector.fromArray(SPECIES, t, tOff + i);
      xv.mul(half).fma(tv, xv.mul(half)).intoArray(y, yOff + i);
    }
    for (; i < count; i++) {
      y[yOff + i] = 0.5f * x[xOff + i] * (1 + t[tOff + i]);
    }
  }

  /** t[tOff + i] = tanh(√(2/π)(x + 0.044715x³)) alone, for a backward whose forward's t is gone. */
  public static void tanhPart(float[] x, int xOff, float[] t, int tOff, int count) {
    tanhArgument(x, xOff, t, tOff, count);
    VectorMath.tanh(t, tOff, t, tOff, count);
  }

  /** dy[dyOff + i] ·= gelu'(x) for i &lt; count, with t as {@link #forward} left it. */
  public static void backward(
      float[] x, int xOff, float[] t, int tOff, float[] dy, int dyOff, int count) {
    FloatVector half = FloatVector.broadcast(SPECIES, 0.5f);
    FloatVector one = FloatVector.broadcast(SPECIES, 1f);
    FloatVector c = FloatVector.broadcast(SPECIES, C);
    FloatVector a3 = FloatVector.broadcast(SPECIES, 3 * A);
    int i = 0;
    for (int bound = SPECIES.loopBound(count); i < bound; i += LANES) {
      FloatVector xv = FloatVector.fromArray(SPECIES, x, xOff + i);
      FloatVector tv = FloatVector.fromArray(SPECIES, t, tOff + i);
      // ½(1 + t) + ½x(1 − t²)·c(1 + 3a·x²)
      FloatVector inner = xv.mul(xv).fma(a3, one).mul(c);
      FloatVector oneMinusT2 = tv.neg().fma(tv, one);
      FloatVector deriv = xv.mul(half).mul(oneMinusT2).fma(inner, tv.add(one).mul(half));
      FloatVector.fromArray(SPECIES, dy, dyOff + i).mul(deriv).intoArray(dy, dyOff + i);
    }
    for (; i < count; i++) {
      float xv = x[xOff + i];
      float tv = t[tOff + i];
      float deriv = 0.5f * (1 + tv) + 0.5f * xv * (1 - tv * tv) * C * (1 + 3 * A * xv * xv);
      dy[dyOff + i] *= deriv;
    }
  }

  private static void tanhArgument(float[] x, int xOff, float[] t, int tOff, int count) {
    FloatVector c = FloatVector.broadcast(SPECIES, C);
    FloatVector ca = FloatVector.broadcast(SPECIES, C * A);
    int i = 0;
    for (int bound = SPECIES.loopBound(count); i < bound; i += LANES) {
      FloatVector xv = FloatVector.fromArray(SPECIES, x, xOff + i);
      // c·x + c·a·x³ = x·(c + c·a·x²)
      xv.mul(xv).fma(ca, c).mul(xv).intoArray(t, tOff + i);
    }
    for (; i < count; i++) {
      float xv = x[xOff + i];
      t[tOff + i] = C * (xv + A * xv * xv * xv);
    }
  }
}
