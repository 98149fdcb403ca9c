package org.ponderlab.core.model.kernel;

import static org.ponderlab.core.model.kernel.VectorMath.LANES;
import static org.ponderlab.core.model.kernel.VectorMath.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * GELU with the tanh approximation, {@code y = ½x(1 + t)}, {@code t = tanh(√(2/π)(x +
 * 0.044715x³))}, and its derivative {@code ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²)}.
 *
 * <p>Both take the caller's buffer for t: the forward leaves t there, and a backward handed the
 * same t skips the tanh (the costly part). tanh is {@link VectorMath#tanh}; the polynomial parts
 * are vectors. No state, nothing allocated.
 */
public final class Gelu {
  private static final float C = (float) Math.sqrt(2 / Math.PI);
  private static final float A = 0.044715f;

  private Gelu() {}

  /** t[tOff + i] = tanh(√(2/π)(x + 0.044715x³)) and y[yOff + i] = ½x(1 + t) for i &lt; count. */
  public static void forward(
      float[] x, int xOff, float[] t, int tOff, float[] y, int yOff, int count) {
    tanhArgument(x, xOff, t, tOff, count);
    VectorMath.tanh(t, tOff, t, tOff, count);
    outputFromTanh(x, xOff, t, tOff, y, yOff, count);
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
