package org.ponderlab.core.model.kernel;

/**
 * A PyTorch {@code Linear(in → out)} on rows: {@code y = x·Wᵀ + b} with {@code W [out×in]}
 * row-major in the flat parameter buffer and the bias at its own offset (so several heads can share
 * one weight block, as {@code LinearHeads} does). Written for heads with few outputs: the forward
 * is one dot product per output ({@link Gemm#timesTransposed}).
 *
 * <p>The backward is two calls, so a caller that needs only one half can skip the other: {@link
 * #weightGradients} (dW = dYᵀ·X, db = column sums of dY, both overwritten) and {@link
 * #inputGradient} (dX = dY·W, overwritten or added). Rows of x may be {@code ldx} apart (a slice of
 * a state buffer); dY and y are dense, {@code out} values per row.
 */
public final class Linear {
  private final int in;
  private final int out;

  public Linear(int in, int out) {
    if (in < 1 || out < 1) {
      throw new IllegalArgumentException("in and out must be >= 1: " + in + ", " + out);
    }
    this.in = in;
    this.out = out;
  }

  public int in() {
    return in;
  }

  public int out() {
    return out;
  }

  /** {@code y[yOff + m·out ..] = x[xOff + m·in ..] · Wᵀ + b} for {@code rows} rows. */
  public void forward(
      float[] params, int weight, int bias, float[] x, int xOff, int rows, float[] y, int yOff) {
    Layout.fillRows(params, bias, out, y, yOff, rows);
    Gemm.timesTransposed(rows, out, in, x, xOff, params, weight, y, yOff, true);
  }

  /** {@code grads[gradWeight ..] = dYᵀ·X} ([out×in]) and {@code grads[gradBias ..] = Σ_rows dY}. */
  public void weightGradients(
      float[] x,
      int xOff,
      float[] dy,
      int dyOff,
      int rows,
      float[] grads,
      int gradWeight,
      int gradBias) {
    Gemm.transposedTimes(out, in, rows, dy, dyOff, x, xOff, grads, gradWeight, false);
    ColumnSums.into(dy, dyOff, rows, out, grads, gradBias);
  }

  /** {@code dx[dxOff + m·in ..] (+)= dY · W} for {@code rows} rows. */
  public void inputGradient(
      float[] params,
      int weight,
      float[] dy,
      int dyOff,
      int rows,
      float[] dx,
      int dxOff,
      boolean accumulate) {
    Gemm.times(rows, in, out, dy, dyOff, params, weight, dx, dxOff, accumulate);
  }
}
