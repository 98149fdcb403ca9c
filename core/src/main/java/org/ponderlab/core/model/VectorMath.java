package org.ponderlab.core.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fast exp, sigmoid and tanh for {@link FloatVector}s (and matching scalar versions for loop
 * tails).
 *
 * <p>Why not {@code Math.exp} or {@code lanewise(EXP)}: on JDK 17 both cost about 12 ms of a
 * GRU-64 PonderNet forward (ARCHITECTURE.md, "ND4J facts"), more than all its matrix products.
 * Here exp is Cephes' {@code expf}: range reduction {@code n = round(x·log2 e)}, {@code r = x −
 * n·ln 2} (ln 2 split in two for exactness), a degree-7 polynomial for {@code e^r} on |r| ≤ ln2/2,
 * and {@code 2^n} built directly in the exponent bits. Its relative error is a few float ulps.
 *
 * <p>Large arguments: the input is clamped to [{@value #EXP_MIN}, {@value #EXP_MAX}], so exp never
 * returns infinity or NaN for a finite or infinite input (exp(−∞) returns about 1.2e-38 instead of
 * 0, exp(+∞) about 2.4e38); NaN stays NaN. Sigmoid and tanh inherit that and saturate cleanly.
 *
 * <p>tanh: for |x| ≥ 0.625, {@code (1 − e^{−2|x|}) / (1 + e^{−2|x|})} with the sign of x (no
 * cancellation there); below, Cephes' odd polynomial {@code x + x³·P(x²)}, which keeps the
 * relative accuracy near 0 that {@code 2σ(2x) − 1} would lose.
 *
 * <p>All vector methods are small so that the JIT inlines them into the kernels' loops (a
 * non-inlined call would box the vectors and allocate).
 */
public final class VectorMath {

  /** The vector shape used by every kernel of this package: the widest the CPU supports. */
  public static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  /** Lanes per vector of {@link #SPECIES}. */
  public static final int LANES = SPECIES.length();

  /** Lower clamp of exp's argument: e^EXP_MIN is still a normal float. */
  public static final float EXP_MIN = -87.33f;

  /** Upper clamp of exp's argument: e^EXP_MAX is below Float.MAX_VALUE. */
  public static final float EXP_MAX = 88.37f;

  private static final float LOG2E = 1.44269504088896341f;
  // ln 2 = LN2_HI + LN2_LO; LN2_HI has few mantissa bits so n·LN2_HI is exact.
  private static final float LN2_HI = 0.693359375f;
  private static final float LN2_LO = -2.12194440e-4f;
  // Adding then subtracting 1.5·2^23 rounds a float to the nearest integer; the integer also
  // sits in the low mantissa bits of the sum.
  private static final float ROUND_MAGIC = 12582912f;
  private static final int ROUND_MAGIC_BITS = Float.floatToRawIntBits(ROUND_MAGIC);

  private static final float P0 = 1.9875691500e-4f;
  private static final float P1 = 1.3981999507e-3f;
  private static final float P2 = 8.3334519073e-3f;
  private static final float P3 = 4.1665795894e-2f;
  private static final float P4 = 1.6666665459e-1f;
  private static final float P5 = 5.0000001201e-1f;

  private static final float TANH_SMALL = 0.625f;
  private static final float T0 = -5.70498872745e-3f;
  private static final float T1 = 2.06390887954e-2f;
  private static final float T2 = -5.37397155531e-2f;
  private static final float T3 = 1.33314422036e-1f;
  private static final float T4 = -3.33332819422e-1f;

  private VectorMath() {}

  /** e^x lanewise, relative error below 1e-6 on [EXP_MIN, EXP_MAX], clamped outside. */
  public static FloatVector exp(FloatVector x) {
    FloatVector v = x.max(EXP_MIN).min(EXP_MAX);
    FloatVector shifted = v.fma(LOG2E, ROUND_MAGIC);
    FloatVector n = shifted.sub(ROUND_MAGIC);
    FloatVector r = n.fma(n.broadcast(-LN2_HI), v);
    r = n.fma(n.broadcast(-LN2_LO), r);
    FloatVector r2 = r.mul(r);
    FloatVector p = r.fma(P0, P1);
    p = p.fma(r, r.broadcast(P2));
    p = p.fma(r, r.broadcast(P3));
    p = p.fma(r, r.broadcast(P4));
    p = p.fma(r, r.broadcast(P5));
    p = p.fma(r2, r).add(1f);
    IntVector bits = shifted.reinterpretAsInts();
    IntVector pow2 = bits.sub(ROUND_MAGIC_BITS - 127).lanewise(VectorOperators.LSHL, 23);
    return p.mul(pow2.reinterpretAsFloats());
  }

  /** σ(x) = 1 / (1 + e^{−x}) lanewise; saturates to 1 and (about) 0 without NaN. */
  public static FloatVector sigmoid(FloatVector x) {
    FloatVector e = exp(x.neg());
    return x.broadcast(1f).div(e.add(1f));
  }

  /** tanh(x) lanewise, relative error about 1e-7, exactly ±1 for large |x|. */
  public static FloatVector tanh(FloatVector x) {
    FloatVector ax = x.abs();
    FloatVector e = exp(ax.mul(-2f));
    FloatVector large = e.neg().add(1f).div(e.add(1f));
    IntVector sign = x.reinterpretAsInts().and(0x80000000);
    large = large.reinterpretAsInts().or(sign).reinterpretAsFloats();
    FloatVector z = x.mul(x);
    FloatVector p = z.fma(T0, T1);
    p = p.fma(z, z.broadcast(T2));
    p = p.fma(z, z.broadcast(T3));
    p = p.fma(z, z.broadcast(T4));
    FloatVector small = p.mul(z).fma(x, x);
    VectorMask<Float> isSmall = ax.lt(TANH_SMALL);
    return large.blend(small, isSmall);
  }

  /** Scalar e^x with the same algorithm and clamping as {@link #exp(FloatVector)}. */
  public static float exp(float x) {
    float v = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
    float shifted = Math.fma(v, LOG2E, ROUND_MAGIC);
    float n = shifted - ROUND_MAGIC;
    float r = v - n * LN2_HI;
    r = r - n * LN2_LO;
    float p = ((((P0 * r + P1) * r + P2) * r + P3) * r + P4) * r + P5;
    p = p * (r * r) + r + 1f;
    int bits = Float.floatToRawIntBits(shifted) - (ROUND_MAGIC_BITS - 127);
    return p * Float.intBitsToFloat(bits << 23);
  }

  /** Scalar σ(x), same algorithm as the vector version. */
  public static float sigmoid(float x) {
    return 1f / (1f + exp(-x));
  }

  /** Scalar tanh(x), same algorithm as the vector version. */
  public static float tanh(float x) {
    float ax = Math.abs(x);
    if (ax < TANH_SMALL) {
      float z = x * x;
      float p = (((T0 * z + T1) * z + T2) * z + T3) * z + T4;
      return p * z * x + x;
    }
    float e = exp(-2f * ax);
    return Math.copySign((1f - e) / (1f + e), x);
  }

  /** dst[dstOff + i] = σ(src[srcOff + i]) for i in [0, length); src and dst may be the same. */
  public static void sigmoid(float[] src, int srcOff, float[] dst, int dstOff, int length) {
    int i = 0;
    for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
      sigmoid(FloatVector.fromArray(SPECIES, src, srcOff + i)).intoArray(dst, dstOff + i);
    }
    for (; i < length; i++) {
      dst[dstOff + i] = sigmoid(src[srcOff + i]);
    }
  }

  /** dst[dstOff + i] = tanh(src[srcOff + i]) for i in [0, length); src and dst may be the same. */
  public static void tanh(float[] src, int srcOff, float[] dst, int dstOff, int length) {
    int i = 0;
    for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
      tanh(FloatVector.fromArray(SPECIES, src, srcOff + i)).intoArray(dst, dstOff + i);
    }
    for (; i < length; i++) {
      dst[dstOff + i] = tanh(src[srcOff + i]);
    }
  }

  /** dst[dstOff + i] = e^{src[srcOff + i]} for i in [0, length); src and dst may be the same. */
  public static void exp(float[] src, int srcOff, float[] dst, int dstOff, int length) {
    int i = 0;
    for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
      exp(FloatVector.fromArray(SPECIES, src, srcOff + i)).intoArray(dst, dstOff + i);
    }
    for (; i < length; i++) {
      dst[dstOff + i] = exp(src[srcOff + i]);
    }
  }
}
