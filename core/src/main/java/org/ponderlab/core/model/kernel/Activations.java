package org.ponderlab.core.model.kernel;

import static org.ponderlab.core.model.kernel.VectorMath.LANES;
import static org.ponderlab.core.model.kernel.VectorMath.SPECIES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Derivatives of activations, taken from the activation's own output (which the forward keeps),
 * applied in place to the gradient flowing back: {@code d ← d ⊙ f'(·)}. The forwards are {@link
 * VectorMath#tanh}, {@link VectorMath#sigmoid} and {@link #relu}.
 */
public final class Activations {
  private Activations() {}

  /** {@code d[dOff + i] ·= 1 − a[aOff + i]²} (tanh' from tanh's output a). */
  public static void tanhBackward(float[] d, int dOff, float[] a, int aOff, int length) {
    int i = 0;
    for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
      FloatVector av = FloatVector.fromArray(SPECIES, a, aOff + i);
      FloatVector dv = FloatVector.fromArray(SPECIES, d, dOff + i);
      dv.mul(av.fma(av.neg(), av.broadcast(1f))).intoArray(d, dOff + i);
    }
    for (; i < length; i++) {
      float av = a[aOff + i];
      d[dOff + i] *= 1f - av * av;
    }
  }

  /** {@code x[off + i] = max(x[off + i], 0)} in place. */
  public static void relu(float[] x, int off, int length) {
    int i = 0;
    for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
      FloatVector.fromArray(SPECIES, x, off + i).max(0f).intoArray(x, off + i);
    }
    for (; i < length; i++) {
      x[off + i] = Math.max(x[off + i], 0f);
    }
  }

  /** {@code d[dOff + i] = y[yOff + i] > 0 ? d[dOff + i] : 0} (ReLU' from ReLU's output y). */
  public static void reluBackward(float[] d, int dOff, float[] y, int yOff, int length) {
    int i = 0;
    for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
      FloatVector dv = FloatVector.fromArray(SPECIES, d, dOff + i);
      FloatVector yv = FloatVector.fromArray(SPECIES, y, yOff + i);
      dv.blend(0f, yv.compare(VectorOperators.GT, 0f).not()).intoArray(d, dOff + i);
    }
    for (; i < length; i++) {
      if (!(y[yOff + i] > 0f)) {
        d[dOff + i] = 0f;
      }
    }
  }
}
