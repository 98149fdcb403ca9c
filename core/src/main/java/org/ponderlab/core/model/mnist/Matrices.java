package org.ponderlab.core.model.mnist;

/**
 * Small dense products on row-major float arrays, written so the innermost loop runs over
 * contiguous memory (the JIT vectorises it). For the recurrent cell's per-step products, which are
 * too small for ND4J's per-call overhead to pay off.
 */
final class Matrices {
  private Matrices() {}

  /** {@code c[m×n] += a[m×k] · b[k×n]}. */
  static void mulAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
    for (int i = 0; i < m; i++) {
      int cRow = cOff + i * n;
      int aRow = aOff + i * k;
      for (int p = 0; p < k; p++) {
        float aip = a[aRow + p];
        if (aip == 0f) {
          continue;
        }
        int bRow = bOff + p * n;
        for (int j = 0; j < n; j++) {
          c[cRow + j] += aip * b[bRow + j];
        }
      }
    }
  }

  /** {@code c[k×n] += a[m×k]ᵀ · b[m×n]}. */
  static void mulTransAAdd(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n) {
    for (int i = 0; i < m; i++) {
      int aRow = aOff + i * k;
      int bRow = bOff + i * n;
      for (int p = 0; p < k; p++) {
        float aip = a[aRow + p];
        if (aip == 0f) {
          continue;
        }
        int cRow = cOff + p * n;
        for (int j = 0; j < n; j++) {
          c[cRow + j] += aip * b[bRow + j];
        }
      }
    }
  }

  /** {@code t[n×m] = a[m×n]ᵀ}. */
  static void transpose(float[] a, int aOff, int m, int n, float[] t) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        t[j * m + i] = a[aOff + i * n + j];
      }
    }
  }

  /** {@code c[j] += Σ_i a[i×n + j]} over m rows: column sums, for bias gradients. */
  static void columnSumsAdd(float[] a, int aOff, int m, int n, float[] c, int cOff) {
    for (int i = 0; i < m; i++) {
      int row = aOff + i * n;
      for (int j = 0; j < n; j++) {
        c[cOff + j] += a[row + j];
      }
    }
  }
}
