package org.ponderlab.core.model.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** VectorMath's exp, sigmoid and tanh against java.lang.Math (in double), vector and scalar. */
class VectorMathTest {

  private static final int POINTS = 30_000;

  @Test
  void expIsWithinOneMillionthRelativeOverTheWholeClampedRange() {
    assertRelative("exp", -30, 30, Math::exp, 1e-6, 0);
    assertRelative("exp", VectorMath.EXP_MIN, VectorMath.EXP_MAX, Math::exp, 1e-6, 0);
  }

  @Test
  void sigmoidIsWithinOneMillionthRelative() {
    assertRelative("sigmoid", -30, 30, x -> 1 / (1 + Math.exp(-x)), 1e-6, 0);
  }

  @Test
  void tanhIsWithinOneMillionthRelativeIncludingNearZero() {
    assertRelative("tanh", -30, 30, Math::tanh, 1e-6, 0);
    assertRelative("tanh", -1e-3, 1e-3, Math::tanh, 1e-6, 0);
    assertRelative("tanh", -1e-30, 1e-30, Math::tanh, 1e-6, 0);
  }

  @Test
  void largeArgumentsSaturateWithoutOverflowOrNaN() {
    float[] xs = {
      100f,
      -100f,
      1e30f,
      -1e30f,
      Float.MAX_VALUE,
      -Float.MAX_VALUE,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      88.7f,
      -87.5f,
      -104f
    };
    for (float x : xs) {
      float[] in = filled(x);
      float[] e = new float[in.length];
      float[] s = new float[in.length];
      float[] t = new float[in.length];
      VectorMath.exp(in, 0, e, 0, in.length);
      VectorMath.sigmoid(in, 0, s, 0, in.length);
      VectorMath.tanh(in, 0, t, 0, in.length);
      for (int i = 0; i < in.length; i++) {
        assertTrue(Float.isFinite(e[i]) && e[i] > 0, "exp(" + x + ") = " + e[i]);
        assertTrue(s[i] >= 0 && s[i] <= 1, "sigmoid(" + x + ") = " + s[i]);
        assertEquals(Math.signum(x), t[i], 0f, "tanh(" + x + ")");
      }
      assertEquals(x > 0 ? 1f : 0f, s[0], 1e-37f, "sigmoid(" + x + ")");
      assertTrue(Float.isFinite(VectorMath.exp(x)) && VectorMath.exp(x) > 0);
      assertEquals(s[0], VectorMath.sigmoid(x), 1e-37f);
      assertEquals(Math.signum(x), VectorMath.tanh(x), 0f);
    }
    assertTrue(VectorMath.exp(Float.NEGATIVE_INFINITY) < 2e-38f);
    assertTrue(VectorMath.exp(Float.POSITIVE_INFINITY) > 1e38f);
  }

  @Test
  void nanStaysNaN() {
    float[] in = filled(Float.NaN);
    float[] out = new float[in.length];
    VectorMath.exp(in, 0, out, 0, in.length);
    assertTrue(Float.isNaN(out[0]) && Float.isNaN(out[in.length - 1]));
    VectorMath.tanh(in, 0, out, 0, in.length);
    assertTrue(Float.isNaN(out[0]) && Float.isNaN(out[in.length - 1]));
    assertTrue(Float.isNaN(VectorMath.sigmoid(Float.NaN)));
  }

  @Test
  void arrayAndScalarVersionsAgreeToTwoUlps() {
    float[] in = grid(-20, 20, 10_001);
    float[] e = new float[in.length];
    float[] s = new float[in.length];
    float[] t = new float[in.length];
    VectorMath.exp(in, 0, e, 0, in.length);
    VectorMath.sigmoid(in, 0, s, 0, in.length);
    VectorMath.tanh(in, 0, t, 0, in.length);
    for (int i = 0; i < in.length; i++) {
      assertEquals(VectorMath.exp(in[i]), e[i], 2 * Math.ulp(e[i]), "exp at " + in[i]);
      assertEquals(VectorMath.sigmoid(in[i]), s[i], 2 * Math.ulp(s[i]), "sigmoid at " + in[i]);
      assertEquals(VectorMath.tanh(in[i]), t[i], 2 * Math.ulp(t[i]), "tanh at " + in[i]);
    }
  }

  /** Checks the array (vector + scalar tail) and scalar versions on a grid over [lo, hi]. */
  private static void assertRelative(
      String name, double lo, double hi, DoubleUnaryOperator exact, double rtol, double atol) {
    float[] x = grid(lo, hi, POINTS + 3); // + 3: a scalar tail after the vectors
    float[] y = new float[x.length];
    switch (name) {
      case "exp" -> VectorMath.exp(x, 0, y, 0, x.length);
      case "sigmoid" -> VectorMath.sigmoid(x, 0, y, 0, x.length);
      default -> VectorMath.tanh(x, 0, y, 0, x.length);
    }
    double worst = 0;
    for (int i = 0; i < x.length; i++) {
      double want = exact.applyAsDouble(x[i]);
      float scalar =
          switch (name) {
            case "exp" -> VectorMath.exp(x[i]);
            case "sigmoid" -> VectorMath.sigmoid(x[i]);
            default -> VectorMath.tanh(x[i]);
          };
      for (float got : new float[] {y[i], scalar}) {
        double err = Math.abs(got - want);
        assertTrue(
            err <= rtol * Math.abs(want) + atol,
            name
                + "("
                + x[i]
                + ") = "
                + got
                + ", exact "
                + want
                + ", rel err "
                + err / Math.abs(want));
        if (want != 0) {
          worst = Math.max(worst, err / Math.abs(want));
        }
      }
    }
    System.out.printf("%s on [%g, %g]: max rel err %.3g%n", name, lo, hi, worst);
  }

  private static float[] grid(double lo, double hi, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (lo + (hi - lo) * i / (n - 1));
    }
    return x;
  }

  private static float[] filled(float value) {
    float[] a = new float[2 * VectorMath.LANES + 3];
    java.util.Arrays.fill(a, value);
    return a;
  }
}
