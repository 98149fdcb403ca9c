package org.ponderlab.core.model.transformer;

import static org.ponderlab.core.model.kernel.VectorMath.LANES;
import static org.ponderlab.core.model.kernel.VectorMath.SPECIES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Row-wise vector passes of the transformer the shared kernels do not have: residual plus bias,
 * per-example norms.
 */
final class RowOps {
  private RowOps() {}

  /**
   * out[r·w + j] = in[r·w + j] + params[bias + j] for r &lt; rows (a residual with the next layer's
   * bias).
   */
  static void addBias(float[] in, int rows, int w, float[] params, int bias, float[] out) {
    int bound = SPECIES.loopBound(w);
    for (int r = 0; r < rows; r++) {
      int row = r * w;
      int j = 0;
      for (; j < bound; j += LANES) {
        FloatVector.fromArray(SPECIES, in, row + j)
            .add(FloatVector.fromArray(SPECIES, params, bias + j))
            .intoArray(out, row + j);
      }
      for (; j < w; j++) {
        out[row + j] = in[row + j] + params[bias + j];
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
