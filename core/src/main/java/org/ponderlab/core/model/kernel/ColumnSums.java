package org.ponderlab.core.model.kernel;

import static org.ponderlab.core.model.kernel.VectorMath.LANES;
import static org.ponderlab.core.model.kernel.VectorMath.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * Sums of the columns of a dense row-major matrix: a bias gradient is the column sum of the
 * gradient of the layer's output. Each column is summed down the rows in row order (first row
 * first), in vectors of columns, so the result is bit-identical to a scalar loop in that order. Two
 * meanings, one method each: {@link #into} overwrites, {@link #addTo} adds the finished sums.
 */
public final class ColumnSums {
  private ColumnSums() {}

  /** {@code out[outOff + c] = Σ_{r<rows} src[srcOff + r·cols + c]}. */
  public static void into(float[] src, int srcOff, int rows, int cols, float[] out, int outOff) {
    sums(src, srcOff, rows, cols, out, outOff, false);
  }

  /** {@code out[outOff + c] += Σ_{r<rows} src[srcOff + r·cols + c]} (the sum is formed first). */
  public static void addTo(float[] src, int srcOff, int rows, int cols, float[] out, int outOff) {
    sums(src, srcOff, rows, cols, out, outOff, true);
  }

  private static void sums(
      float[] src, int srcOff, int rows, int cols, float[] out, int outOff, boolean add) {
    int c = 0;
    for (; c + 4 * LANES <= cols; c += 4 * LANES) {
      FloatVector s0 = FloatVector.zero(SPECIES);
      FloatVector s1 = s0;
      FloatVector s2 = s0;
      FloatVector s3 = s0;
      for (int r = 0, i = srcOff + c; r < rows; r++, i += cols) {
        s0 = s0.add(FloatVector.fromArray(SPECIES, src, i));
        s1 = s1.add(FloatVector.fromArray(SPECIES, src, i + LANES));
        s2 = s2.add(FloatVector.fromArray(SPECIES, src, i + 2 * LANES));
        s3 = s3.add(FloatVector.fromArray(SPECIES, src, i + 3 * LANES));
      }
      int o = outOff + c;
      // the two cases apart: a vector chosen by ?: is a phi that C2 (JDK 17) boxes
      if (add) {
        s0.add(FloatVector.fromArray(SPECIES, out, o)).intoArray(out, o);
        s1.add(FloatVector.fromArray(SPECIES, out, o + LANES)).intoArray(out, o + LANES);
        s2.add(FloatVector.fromArray(SPECIES, out, o + 2 * LANES)).intoArray(out, o + 2 * LANES);
        s3.add(FloatVector.fromArray(SPECIES, out, o + 3 * LANES)).intoArray(out, o + 3 * LANES);
      } else {
        s0.intoArray(out, o);
        s1.intoArray(out, o + LANES);
        s2.intoArray(out, o + 2 * LANES);
        s3.intoArray(out, o + 3 * LANES);
      }
    }
    for (; c + LANES <= cols; c += LANES) {
      FloatVector s0 = FloatVector.zero(SPECIES);
      for (int r = 0, i = srcOff + c; r < rows; r++, i += cols) {
        s0 = s0.add(FloatVector.fromArray(SPECIES, src, i));
      }
      int o = outOff + c;
      if (add) {
        s0.add(FloatVector.fromArray(SPECIES, out, o)).intoArray(out, o);
      } else {
        s0.intoArray(out, o);
      }
    }
    for (; c < cols; c++) {
      float sum = 0f;
      for (int r = 0, i = srcOff + c; r < rows; r++, i += cols) {
        sum += src[i];
      }
      out[outOff + c] = add ? out[outOff + c] + sum : sum;
    }
  }
}
