package org.ponderlab.core.model.kernel;

/** Moving matrices between layouts: transposing a weight, filling rows with a bias. */
public final class Layout {
  private Layout() {}

  /**
   * {@code dst[dstOff + c·rows + r] = src[srcOff + r·cols + c]}: a [rows×cols] matrix as
   * [cols×rows], e.g. a PyTorch weight [out×in] as [in×out] so products run vectors along out.
   */
  public static void transpose(
      float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff) {
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        dst[dstOff + c * rows + r] = src[srcOff + r * cols + c];
      }
    }
  }

  /**
   * Each of {@code rows} rows of {@code out} (width {@code width}, from {@code outOff}) set to
   * {@code bias[from..from+width)}.
   */
  public static void fillRows(
      float[] bias, int from, int width, float[] out, int outOff, int rows) {
    for (int m = 0; m < rows; m++) {
      System.arraycopy(bias, from, out, outOff + m * width, width);
    }
  }
}
