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
