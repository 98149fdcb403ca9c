package org.ponderlab.core.model.kernel;

/**
 * The matrix products the models use, by name, on row-major float arrays: {@code C = A·B}, {@code C
 * = Aᵀ·B} (a weight gradient summed over rows) and {@code C = A·Bᵀ} (a PyTorch {@code Linear}
 * applied to rows). Each form has a dense overload (leading dimensions equal to the row widths) and
 * a strided one for slices of wider buffers (a gate block of the GRU's weights, one step of a state
 * buffer). All run on {@link Matmul}'s register tiles; this class only names them.
 *
 * <p>{@code accumulate} adds the product to C instead of overwriting it. Nothing is allocated.
 */
public final class Gemm {
  private Gemm() {}

  /** {@code C[rows×cols] (+)= A[rows×depth] · B[depth×cols]}, all dense. */
  public static void times(
      int rows,
      int cols,
      int depth,
      float[] a,
      int aOff,
      float[] b,
      int bOff,
      float[] c,
      int cOff,
      boolean accumulate) {
    Matmul.multiply(rows, cols, depth, a, aOff, depth, 1, b, bOff, cols, c, cOff, cols, accumulate);
  }

  /**
   * {@link #times} with leading dimensions: A's rows {@code lda} apart, B's {@code ldb}, C's {@code
   * ldc}.
   */
  public static void times(
      int rows,
      int cols,
      int depth,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float[] c,
      int cOff,
      int ldc,
      boolean accumulate) {
    Matmul.multiply(rows, cols, depth, a, aOff, lda, 1, b, bOff, ldb, c, cOff, ldc, accumulate);
  }

  /**
   * {@code C[rows×cols] (+)= A[depth×rows]ᵀ · B[depth×cols]}, all dense: the sum over {@code depth}
   * rows of outer products, as in a weight gradient {@code Xᵀ·dY}.
   */
  public static void transposedTimes(
      int rows,
      int cols,
      int depth,
      float[] a,
      int aOff,
      float[] b,
      int bOff,
      float[] c,
      int cOff,
      boolean accumulate) {
    Matmul.multiply(rows, cols, depth, a, aOff, 1, rows, b, bOff, cols, c, cOff, cols, accumulate);
  }

  /** {@link #transposedTimes} with leading dimensions (A's stored rows {@code lda} apart). */
  public static void transposedTimes(
      int rows,
      int cols,
      int depth,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float[] c,
      int cOff,
      int ldc,
      boolean accumulate) {
    Matmul.multiply(rows, cols, depth, a, aOff, 1, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }

  /** Rows of A and B per block of {@link #transposedTimesInBlocks}: 256 rows of B [·, 128]. */
  static final int DEPTH_BLOCK = 256;

  /**
   * {@link #transposedTimes} (strided) for a long depth, as a weight gradient summed over every row
   * of a batch (B·L = 12,800 at C-PVR's paper size): the depth in blocks of {@link #DEPTH_BLOCK}
   * rows, each block's product added to C. Every tile of the product streams all of B; in one pass
   * B (6.5 MB for [12,800, 128]) falls out of the caches once per 4-row tile of C, in blocks it is
   * read from memory once and from the L2 cache by the other tiles. The sums run in another order
   * than {@link #transposedTimes}' (per block, then across blocks), so the last bits differ.
   */
  public static void transposedTimesInBlocks(
      int rows,
      int cols,
      int depth,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float[] c,
      int cOff,
      int ldc,
      boolean accumulate) {
    for (int k = 0; k < depth; k += DEPTH_BLOCK) {
      Matmul.multiply(
          rows,
          cols,
          Math.min(DEPTH_BLOCK, depth - k),
          a,
          aOff + k * lda,
          1,
          lda,
          b,
          bOff + k * ldb,
          ldb,
          c,
          cOff,
          ldc,
          accumulate || k > 0);
    }
    if (depth <= 0 && !accumulate) {
      Matmul.multiply(rows, cols, 0, a, aOff, 1, lda, b, bOff, ldb, c, cOff, ldc, false);
    }
  }

  /**
   * {@code C[rows×cols] (+)= A[rows×depth] · B[cols×depth]ᵀ}, all dense: one dot product per
   * output, vectors along depth. For narrow outputs (a head of a few logits).
   */
  public static void timesTransposed(
      int rows,
      int cols,
      int depth,
      float[] a,
      int aOff,
      float[] b,
      int bOff,
      float[] c,
      int cOff,
      boolean accumulate) {
    Matmul.multiplyTransposedB(
        rows, cols, depth, a, aOff, depth, b, bOff, depth, c, cOff, cols, accumulate);
  }

  /** {@link #timesTransposed} with leading dimensions. */
  public static void timesTransposed(
      int rows,
      int cols,
      int depth,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float[] c,
      int cOff,
      int ldc,
      boolean accumulate) {
    Matmul.multiplyTransposedB(
        rows, cols, depth, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }
}
