package org.ponderlab.core.model.transformer;

import static org.ponderlab.core.model.VectorMath.LANES;
import static org.ponderlab.core.model.VectorMath.SPECIES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** Row-wise vector passes of the transformer: residual plus bias, column sums, transposes, norms. */
final class RowOps {
  private RowOps() {}

  /** out[r·w + j] = in[r·w + j] + params[bias + j] for r &lt; rows (a residual with the next layer's bias). */
  static void addBias(float[] in, int rows, int w, float[] params, int bias, float[] out) {
    int bound = SPECIES.loopBound(w);
    for (int r = 0; r < rows; r++) {
      int row = r * w;
      int j = 0;
      for (; j < bound; j += LANES) {
        FloatVector.fromArray(SPECIES, in, row + j).add(FloatVector.fromArray(SPECIES, params, bias + j))
            .intoArray(out, row + j);
      }
      for (; j < w; j++) {
        out[row + j] = in[row + j] + params[bias + j];
      }
    }
  }

  /** Each of {@code rows} rows of out (width w) set to params[bias .. bias + w). */
  static void fillRows(float[] params, int bias, int rows, int w, float[] out) {
    fillRows(params, bias, rows, w, out, 0);
  }

  /** As {@link #fillRows(float[], int, int, int, float[])}, the rows starting at out[off]. */
  static void fillRows(float[] params, int bias, int rows, int w, float[] out, int off) {
    for (int r = 0; r < rows; r++) {
      System.arraycopy(params, bias, out, off + r * w, w);
    }
  }

  /** grads[at + c] += Σ_{r&lt;rows} m[r·cols + c], the sum formed first, rows in order. */
  static void addColumnSums(float[] m, int rows, int cols, float[] grads, int at) {
    int c = 0;
    for (; c + 2 * LANES <= cols; c += 2 * LANES) {
      FloatVector s0 = FloatVector.zero(SPECIES);
      FloatVector s1 = s0;
      for (int r = 0, i = c; r < rows; r++, i += cols) {
        s0 = s0.add(FloatVector.fromArray(SPECIES, m, i));
        s1 = s1.add(FloatVector.fromArray(SPECIES, m, i + LANES));
      }
      s0.add(FloatVector.fromArray(SPECIES, grads, at + c)).intoArray(grads, at + c);
      s1.add(FloatVector.fromArray(SPECIES, grads, at + c + LANES)).intoArray(grads, at + c + LANES);
    }
    for (; c + LANES <= cols; c += LANES) {
      FloatVector s0 = FloatVector.zero(SPECIES);
      for (int r = 0, i = c; r < rows; r++, i += cols) {
        s0 = s0.add(FloatVector.fromArray(SPECIES, m, i));
      }
      s0.add(FloatVector.fromArray(SPECIES, grads, at + c)).intoArray(grads, at + c);
    }
    for (; c < cols; c++) {
      float sum = 0;
      for (int r = 0, i = c; r < rows; r++, i += cols) {
        sum += m[i];
      }
      grads[at + c] += sum;
    }
  }

  /** dst [cols, rows] = transpose of src's [rows, cols] matrix at off. */
  static void transpose(float[] src, int off, int rows, int cols, float[] dst) {
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        dst[c * rows + r] = src[off + r * cols + c];
      }
    }
  }

  /** √(Σ x²) over x[off .. off + count). */
  static float norm(float[] x, int off, int count) {
    FloatVector acc = FloatVector.zero(SPECIES);
    int i = 0;
    for (int bound = SPECIES.loopBound(count); i < bound; i += LANES) {
      FloatVector v = FloatVector.fromArray(SPECIES, x, off + i);
      acc = v.fma(v, acc);
    }
    double s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < count; i++) {
      s += (double) x[off + i] * x[off + i];
    }
    return (float) Math.sqrt(s);
  }
}
