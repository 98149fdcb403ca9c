package org.ponderlab.core.model;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;

/** Test helpers: element-wise closeness with a useful failure message, seeded random arrays. */
public final class Closeness {

  private Closeness() {}

  /**
   * Asserts |actual − expected| ≤ rtol·|expected| + atol for every element and returns the largest
   * relative error seen (|diff| / max(|expected|, atol/rtol)), for reporting.
   */
  public static double assertClose(
      String what, double[] expected, float[] actual, int actualOffset, double rtol, double atol) {
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      double a = actual[actualOffset + i];
      double diff = Math.abs(a - e);
      if (!(diff <= rtol * Math.abs(e) + atol)) {
        fail(what + "[" + i + "]: expected " + e + " but was " + a + " (diff " + diff + ")");
      }
      worst = Math.max(worst, diff / Math.max(Math.abs(e), atol / rtol));
    }
    return worst;
  }

  public static double assertClose(
      String what, double[] expected, float[] actual, double rtol, double atol) {
    return assertClose(what, expected, actual, 0, rtol, atol);
  }

  public static float[] uniform(SplittableRandom rng, int length, double bound) {
    float[] a = new float[length];
    for (int i = 0; i < length; i++) {
      a[i] = (float) rng.nextDouble(-bound, bound);
    }
    return a;
  }

  public static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
