package org.ponderlab.core.model.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fast exp, sigmoid and tanh over float arrays with the JDK Vector API (plus scalar versions of the
 * same algorithms, used for loop tails).
 *
 * <p>Why not {@code Math.exp} or {@code lanewise(EXP)}: per element, {@code Math.exp} cost about 12
 * ms of a GRU-64 PonderNet forward on the prototype machine (ARCHITECTURE.md, "ND4J facts"), more
 * than all its matrix products; {@code lanewise(EXP/TANH)} is fast only where the JDK ships a
 * vector math stub for the CPU (it is here, on AVX-512: same speed as this class) and falls back to
 * per-lane Java code elsewhere. This class is as fast and portable. exp is Cephes' {@code expf}:
 * range reduction {@code n = round(x·log2 e)}, {@code r = x − n·ln 2} (ln 2 split in two for
 * exactness), a polynomial for {@code e^r} on |r| ≤ ln2/2, and {@code 2^n} built directly in the
 * exponent bits. Relative error below 2e-7. sigmoid is {@code 1 / (1 + e^{−x})}; tanh is {@code −t
 * / (2 + t)} with {@code t = e^{−2x} − 1} evaluated as expm1, which stays accurate near 0 without a
 * branch.
 *
 * <p>Large arguments: exp's argument is clamped to [{@value #EXP_MIN}, {@value #EXP_MAX}], so it
 * never returns infinity or NaN for a finite or infinite input (exp(−∞) returns about 1.2e-38
 * instead of 0, exp(+∞) about 2.4e38); NaN stays NaN. sigmoid and tanh saturate cleanly to their
 * limits.
 *
 * <p>Only array forms are offered on purpose: a method taking or returning a {@link FloatVector}
 * allocates (boxes the vector) whenever the JIT does not inline it into its caller, which happens
 * in large compilation units; the array forms are allocation-free in any calling context.
 */
public final class VectorMath {

  /**
   * The vector shape used by every kernel of this package: the widest the CPU supports ({@code
   * -Dponderlab.vectorBits=256} forces 256-bit vectors, for comparing on AVX-512 CPUs: on the
   * project's AMD EPYC, 512 bits were about 10% faster).
   */
  public static final VectorSpecies<Float> SPECIES =
      "256".equals(System.getProperty("ponderlab.vectorBits"))
          ? FloatVector.SPECIES_256
          : FloatVector.SPECIES_PREFERRED;

  /** Integer lanes of the same bit size, for the exponent-bit tricks. */
  static final VectorSpecies<Integer> INT_SPECIES = SPECIES.withLanes(int.class);

  /** Lanes per vector of {@link #SPECIES}. */
  public static final int LANES = SPECIES.length();

  /** Lower clamp of exp's argument: e^EXP_MIN is still a normal float. */
  public static final float EXP_MIN = -87.33f;

  /** Upper clamp of exp's argument: e^EXP_MAX is below Float.MAX_VALUE. */
  public static final float EXP_MAX = 88.37f;

  static final float LOG2E = 1.44269504088896341f;
  // ln 2 = LN2_HI + LN2_LO; LN2_HI has few mantissa bits so n·LN2_HI is exact.
  static final float LN2_HI = 0.693359375f;
  static final float LN2_LO = -2.12194440e-4f;
  // Adding then subtracting 1.5·2^23 rounds a float to the nearest integer; the integer also
  // sits in the low mantissa bits of the sum.
  static final float ROUND_MAGIC = 12582912f;
  static final int ROUND_MAGIC_BITS = Float.floatToRawIntBits(ROUND_MAGIC);

  static final float P0 = 1.9875691500e-4f;
  static final float P1 = 1.3981999507e-3f;
  static final float P2 = 8.3334519073e-3f;
  static final float P3 = 4.1665795894e-2f;
  static final float P4 = 1.6666665459e-1f;
  static final float P5 = 5.0000001201e-1f;

  private VectorMath() {}

  /** Scalar e^x, same algorithm and clamping as the array version. */
  public static float exp(float x) {
    float v = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
    float shifted = Math.fma(v, LOG2E, ROUND_MAGIC);
    float n = shifted - ROUND_MAGIC;
    float r = reduced(v, n);
    float p = Math.fma(polynomial(r), r * r, r) + 1f;
    int bits = Float.floatToRawIntBits(shifted) - (ROUND_MAGIC_BITS - 127);
    return p * Float.intBitsToFloat(bits << 23);
  }

  // The scalar functions take the array versions' tails, so they round exactly as the vector
  // body does (the same fused multiply-adds): an element's value must not depend on whether it
  // falls in the body or the tail, i.e. on the batch size (a row's logits would otherwise change
  // in the last bit with the rows beside it).

  /** r = v − n·ln2 in two fused steps, as the vector body. */
  private static float reduced(float v, float n) {
    return Math.fma(n, -LN2_LO, Math.fma(n, -LN2_HI, v));
  }

  /** The polynomial of e^r's expansion, fused as the vector body. */
  private static float polynomial(float r) {
    return Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(r, P0, P1), r, P2), r, P3), r, P4), r, P5);
  }

  /** Scalar σ(x) = 1 / (1 + e^{−x}), rounded as the vector version. */
  public static float sigmoid(float x) {
    float v = Math.min(Math.max(-x, EXP_MIN), EXP_MAX);
    float shifted = Math.fma(v, LOG2E, ROUND_MAGIC);
    float n = shifted - ROUND_MAGIC;
    float r = reduced(v, n);
    float p = Math.fma(polynomial(r), r * r, r) + 1f;
    int bits = Float.floatToRawIntBits(shifted) - (ROUND_MAGIC_BITS - 127);
    return 1f / Math.fma(p, Float.intBitsToFloat(bits << 23), 1f);
  }

  /** Scalar tanh(x) = −t / (2 + t), t = e^{−2x} − 1, same algorithm as the array version. */
  public static float tanh(float x) {
    float v = Math.min(Math.max(-2f * x, EXP_MIN), EXP_MAX);
    float shifted = Math.fma(v, LOG2E, ROUND_MAGIC);
    float n = shifted - ROUND_MAGIC;
    float r = reduced(v, n);
    float q = Math.fma(polynomial(r), r * r, r);
    int bits = Float.floatToRawIntBits(shifted) - (ROUND_MAGIC_BITS - 127);
    float pow2 = Float.intBitsToFloat(bits << 23);
    float t = Math.fma(q, pow2, pow2 - 1f);
    return -t / (2f + t);
  }

  // How these loops stay intrinsified on JDK 17 (otherwise every vector op boxes and allocates,
  // about 10× slower), found by testing with -XX:+PrintIntrinsics:
  //  - exp's body is repeated instead of calling a shared helper: C2 leaves an ordinary helper
  //    un-inlined past its node budget or MaxInlineLevel (15; a Vector API call is 4–7 deep),
  //    and a vector passed to a real call is boxed;
  //  - each method is larger than C2's FreqInlineSize (325 bytecodes), so it is always compiled
  //    as its own unit at the same shallow depth, whoever calls it;
  //  - constants are hoisted vectors, and the result of a convertShape (bit reinterpretation) is
  //    only ever an argument, never the receiver of the next call: C2 does not know its exact
  //    class, the receiver's species then is not a constant and the intrinsic fails.

  /** dst[dstOff + i] = e^{src[srcOff + i]} for i in [0, length); src and dst may be the same. */
  public static void exp(float[] src, int srcOff, float[] dst, int dstOff, int length) {
    FloatVector lo = FloatVector.broadcast(SPECIES, EXP_MIN);
    FloatVector hi = FloatVector.broadcast(SPECIES, EXP_MAX);
    FloatVector log2e = FloatVector.broadcast(SPECIES, LOG2E);
    FloatVector magic = FloatVector.broadcast(SPECIES, ROUND_MAGIC);
    FloatVector ln2Hi = FloatVector.broadcast(SPECIES, -LN2_HI);
    FloatVector ln2Lo = FloatVector.broadcast(SPECIES, -LN2_LO);
    FloatVector p0 = FloatVector.broadcast(SPECIES, P0);
    FloatVector p1 = FloatVector.broadcast(SPECIES, P1);
    FloatVector p2 = FloatVector.broadcast(SPECIES, P2);
    FloatVector p3 = FloatVector.broadcast(SPECIES, P3);
    FloatVector p4 = FloatVector.broadcast(SPECIES, P4);
    FloatVector p5 = FloatVector.broadcast(SPECIES, P5);
    FloatVector one = FloatVector.broadcast(SPECIES, 1f);
    IntVector bias = IntVector.broadcast(INT_SPECIES, 127 - ROUND_MAGIC_BITS);
    int i = 0;
    for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
      FloatVector v = FloatVector.fromArray(SPECIES, src, srcOff + i).max(lo).min(hi);
      FloatVector shifted = v.fma(log2e, magic);
      FloatVector n = shifted.sub(magic);
      FloatVector r = n.fma(ln2Lo, n.fma(ln2Hi, v));
      FloatVector p = r.fma(p0, p1).fma(r, p2).fma(r, p3).fma(r, p4).fma(r, p5);
      p = p.fma(r.mul(r), r).add(one);
      IntVector bits =
          (IntVector) shifted.convertShape(VectorOperators.REINTERPRET_F2I, INT_SPECIES, 0);
      FloatVector pow2 =
          (FloatVector)
              bias.add(bits)
                  .lanewise(VectorOperators.LSHL, 23)
                  .convertShape(VectorOperators.REINTERPRET_I2F, SPECIES, 0);
      p.mul(pow2).intoArray(dst, dstOff + i);
    }
    for (; i < length; i++) {
      dst[dstOff + i] = exp(src[srcOff + i]);
    }
  }

  /** dst[dstOff + i] = σ(src[srcOff + i]) for i in [0, length); src and dst may be the same. */
  public static void sigmoid(float[] src, int srcOff, float[] dst, int dstOff, int length) {
    FloatVector lo = FloatVector.broadcast(SPECIES, EXP_MIN);
    FloatVector hi = FloatVector.broadcast(SPECIES, EXP_MAX);
    FloatVector log2e = FloatVector.broadcast(SPECIES, LOG2E);
    FloatVector magic = FloatVector.broadcast(SPECIES, ROUND_MAGIC);
    FloatVector ln2Hi = FloatVector.broadcast(SPECIES, -LN2_HI);
    FloatVector ln2Lo = FloatVector.broadcast(SPECIES, -LN2_LO);
    FloatVector p0 = FloatVector.broadcast(SPECIES, P0);
    FloatVector p1 = FloatVector.broadcast(SPECIES, P1);
    FloatVector p2 = FloatVector.broadcast(SPECIES, P2);
    FloatVector p3 = FloatVector.broadcast(SPECIES, P3);
    FloatVector p4 = FloatVector.broadcast(SPECIES, P4);
    FloatVector p5 = FloatVector.broadcast(SPECIES, P5);
    FloatVector one = FloatVector.broadcast(SPECIES, 1f);
    FloatVector minusOne = FloatVector.broadcast(SPECIES, -1f);
    IntVector bias = IntVector.broadcast(INT_SPECIES, 127 - ROUND_MAGIC_BITS);
    int i = 0;
    for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
      // e^{−x}, then 1 / (1 + e^{−x})
      FloatVector v = FloatVector.fromArray(SPECIES, src, srcOff + i).mul(minusOne).max(lo).min(hi);
      FloatVector shifted = v.fma(log2e, magic);
      FloatVector n = shifted.sub(magic);
      FloatVector r = n.fma(ln2Lo, n.fma(ln2Hi, v));
      FloatVector p = r.fma(p0, p1).fma(r, p2).fma(r, p3).fma(r, p4).fma(r, p5);
      p = p.fma(r.mul(r), r).add(one);
      IntVector bits =
          (IntVector) shifted.convertShape(VectorOperators.REINTERPRET_F2I, INT_SPECIES, 0);
      FloatVector pow2 =
          (FloatVector)
              bias.add(bits)
                  .lanewise(VectorOperators.LSHL, 23)
                  .convertShape(VectorOperators.REINTERPRET_I2F, SPECIES, 0);
      one.div(p.fma(pow2, one)).intoArray(dst, dstOff + i);
    }
    for (; i < length; i++) {
      dst[dstOff + i] = sigmoid(src[srcOff + i]);
    }
  }

  /**
   * dst[dstOff + i] = tanh(src[srcOff + i]) for i in [0, length); src and dst may be the same.
   *
   * <p>As tanh(x) = −t / (2 + t) with t = e^{−2x} − 1 computed as expm1 (same reduction as exp,
   * without adding 1 before scaling), which keeps full relative accuracy near 0 with no branch,
   * mask or blend, and saturates to ±1 within the clamp.
   */
  public static void tanh(float[] src, int srcOff, float[] dst, int dstOff, int length) {
    FloatVector lo = FloatVector.broadcast(SPECIES, EXP_MIN);
    FloatVector hi = FloatVector.broadcast(SPECIES, EXP_MAX);
    FloatVector log2e = FloatVector.broadcast(SPECIES, LOG2E);
    FloatVector magic = FloatVector.broadcast(SPECIES, ROUND_MAGIC);
    FloatVector ln2Hi = FloatVector.broadcast(SPECIES, -LN2_HI);
    FloatVector ln2Lo = FloatVector.broadcast(SPECIES, -LN2_LO);
    FloatVector p0 = FloatVector.broadcast(SPECIES, P0);
    FloatVector p1 = FloatVector.broadcast(SPECIES, P1);
    FloatVector p2 = FloatVector.broadcast(SPECIES, P2);
    FloatVector p3 = FloatVector.broadcast(SPECIES, P3);
    FloatVector p4 = FloatVector.broadcast(SPECIES, P4);
    FloatVector p5 = FloatVector.broadcast(SPECIES, P5);
    FloatVector minusOne = FloatVector.broadcast(SPECIES, -1f);
    FloatVector two = FloatVector.broadcast(SPECIES, 2f);
    FloatVector minusTwo = FloatVector.broadcast(SPECIES, -2f);
    IntVector bias = IntVector.broadcast(INT_SPECIES, 127 - ROUND_MAGIC_BITS);
    int i = 0;
    for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
      FloatVector v = FloatVector.fromArray(SPECIES, src, srcOff + i).mul(minusTwo).max(lo).min(hi);
      FloatVector shifted = v.fma(log2e, magic);
      FloatVector n = shifted.sub(magic);
      FloatVector r = n.fma(ln2Lo, n.fma(ln2Hi, v));
      FloatVector p = r.fma(p0, p1).fma(r, p2).fma(r, p3).fma(r, p4).fma(r, p5);
      FloatVector q = p.fma(r.mul(r), r); // e^r − 1
      IntVector bits =
          (IntVector) shifted.convertShape(VectorOperators.REINTERPRET_F2I, INT_SPECIES, 0);
      FloatVector pow2 =
          (FloatVector)
              bias.add(bits)
                  .lanewise(VectorOperators.LSHL, 23)
                  .convertShape(VectorOperators.REINTERPRET_I2F, SPECIES, 0);
      // t = e^v − 1 = 2^n (e^r − 1) + (2^n − 1)
      FloatVector t = q.fma(pow2, minusOne.add(pow2));
      t.mul(minusOne).div(two.add(t)).intoArray(dst, dstOff + i);
    }
    for (; i < length; i++) {
      dst[dstOff + i] = tanh(src[srcOff + i]);
    }
  }
}
