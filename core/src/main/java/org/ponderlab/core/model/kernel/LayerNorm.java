package org.ponderlab.core.model.kernel;

import static org.ponderlab.core.model.kernel.VectorMath.LANES;
import static org.ponderlab.core.model.kernel.VectorMath.SPECIES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Layer normalisation over rows of one width: {@code y = g ⊙ x̂ + b} with {@code x̂ = (x − μ)·r},
 * {@code r = 1/√(σ² + ε)} (biased variance, PyTorch's {@code LayerNorm}).
 *
 * <p>The forward keeps only μ and r per row; the backward recomputes x̂ from the input the caller
 * keeps anyway (a pre-LN block's residual stream), so a layer norm costs two floats per row of
 * memory instead of a copy of x̂. The backward is one fused pass per row: x̂, the gain and bias
 * gradients and the two row means, then the input gradient {@code dx = r·(dx̂ − mean(dx̂) −
 * x̂·mean(dx̂ ⊙ x̂))} with {@code dx̂ = dy ⊙ g}.
 *
 * <p>Rows of x and dx may be {@code stride} apart (token 0 of each example in a [B·L, d] state); y
 * and dy are dense. Vectors along the row; no state, nothing allocated.
 */
public final class LayerNorm {
  /** PyTorch's default ε. */
  public static final float EPSILON = 1e-5f;

  private final int width;

  public LayerNorm(int width) {
    if (width < 1) {
      throw new IllegalArgumentException("width must be >= 1: " + width);
    }
    this.width = width;
  }

  public int width() {
    return width;
  }

  /**
   * For r &lt; rows: normalises x[xOff + r·xStride ..] into y[yOff + r·width ..] with the gain at
   * params[gain] and bias at params[bias]; keeps μ in mean[statsOff + r] and r in rstd[statsOff +
   * r].
   */
  public void forward(
      float[] x,
      int xOff,
      int xStride,
      int rows,
      float[] params,
      int gain,
      int bias,
      float[] y,
      int yOff,
      float[] mean,
      float[] rstd,
      int statsOff) {
    int d = width;
    int bound = SPECIES.loopBound(d);
    float invD = 1f / d;
    for (int r = 0; r < rows; r++) {
      int src = xOff + r * xStride;
      int dst = yOff + r * d;
      FloatVector acc = FloatVector.zero(SPECIES);
      int j = 0;
      for (; j < bound; j += LANES) {
        acc = acc.add(FloatVector.fromArray(SPECIES, x, src + j));
      }
      float sum = acc.reduceLanes(VectorOperators.ADD);
      for (; j < d; j++) {
        sum += x[src + j];
      }
      float mu = sum * invD;
      FloatVector muV = FloatVector.broadcast(SPECIES, mu);
      FloatVector sq = FloatVector.zero(SPECIES);
      j = 0;
      for (; j < bound; j += LANES) {
        FloatVector c = FloatVector.fromArray(SPECIES, x, src + j).sub(muV);
        sq = c.fma(c, sq);
      }
      float var = sq.reduceLanes(VectorOperators.ADD);
      for (; j < d; j++) {
        float c = x[src + j] - mu;
        var += c * c;
      }
      float rs = (float) (1 / Math.sqrt(var * invD + EPSILON));
      mean[statsOff + r] = mu;
      rstd[statsOff + r] = rs;
      FloatVector rsV = FloatVector.broadcast(SPECIES, rs);
      j = 0;
      for (; j < bound; j += LANES) {
        FloatVector xh = FloatVector.fromArray(SPECIES, x, src + j).sub(muV).mul(rsV);
        xh.fma(
                FloatVector.fromArray(SPECIES, params, gain + j),
                FloatVector.fromArray(SPECIES, params, bias + j))
            .intoArray(y, dst + j);
      }
      for (; j < d; j++) {
        float xh = (x[src + j] - mu) * rs;
        y[dst + j] = xh * params[gain + j] + params[bias + j];
      }
    }
  }

  /**
   * x̂ alone, for a backward that needs the normalised input again (a weight gradient): out[outOff
   * + r·width ..] = g ⊙ x̂ + b of row r, as {@link #forward} gave it, from the kept stats.
   */
  public void recompute(
      float[] x,
      int xOff,
      int xStride,
      int rows,
      float[] params,
      int gain,
      int bias,
      float[] mean,
      float[] rstd,
      int statsOff,
      float[] y,
      int yOff) {
    int d = width;
    int bound = SPECIES.loopBound(d);
    for (int r = 0; r < rows; r++) {
      int src = xOff + r * xStride;
      int dst = yOff + r * d;
      float mu = mean[statsOff + r];
      float rs = rstd[statsOff + r];
      FloatVector muV = FloatVector.broadcast(SPECIES, mu);
      FloatVector rsV = FloatVector.broadcast(SPECIES, rs);
      int j = 0;
      for (; j < bound; j += LANES) {
        FloatVector xh = FloatVector.fromArray(SPECIES, x, src + j).sub(muV).mul(rsV);
        xh.fma(
                FloatVector.fromArray(SPECIES, params, gain + j),
                FloatVector.fromArray(SPECIES, params, bias + j))
            .intoArray(y, dst + j);
      }
      for (; j < d; j++) {
        float xh = (x[src + j] - mu) * rs;
        y[dst + j] = xh * params[gain + j] + params[bias + j];
      }
    }
  }

  /**
   * Backward of {@link #forward}: dx[dxOff + r·dxStride ..] = (accumulate ? dx : 0) + the input
   * gradient of dy[dyOff + r·width ..]; grads[gradGain + j] += Σ_r dy ⊙ x̂, grads[gradBias + j] +=
   * Σ_r dy (rows in order). x, mean and rstd as the forward had them.
   */
  public void backward(
      float[] x,
      int xOff,
      int xStride,
      int rows,
      float[] mean,
      float[] rstd,
      int statsOff,
      float[] params,
      int gain,
      float[] dy,
      int dyOff,
      float[] grads,
      int gradGain,
      int gradBias,
      float[] dx,
      int dxOff,
      int dxStride,
      boolean accumulate) {
    int d = width;
    int bound = SPECIES.loopBound(d);
    float invD = 1f / d;
    for (int r = 0; r < rows; r++) {
      int src = xOff + r * xStride;
      int drow = dyOff + r * d;
      int dst = dxOff + r * dxStride;
      float mu = mean[statsOff + r];
      float rs = rstd[statsOff + r];
      FloatVector muV = FloatVector.broadcast(SPECIES, mu);
      FloatVector rsV = FloatVector.broadcast(SPECIES, rs);
      FloatVector sumV = FloatVector.zero(SPECIES);
      FloatVector sumXV = sumV;
      int j = 0;
      for (; j < bound; j += LANES) {
        FloatVector xh = FloatVector.fromArray(SPECIES, x, src + j).sub(muV).mul(rsV);
        FloatVector dyv = FloatVector.fromArray(SPECIES, dy, drow + j);
        dyv.fma(xh, FloatVector.fromArray(SPECIES, grads, gradGain + j))
            .intoArray(grads, gradGain + j);
        dyv.add(FloatVector.fromArray(SPECIES, grads, gradBias + j)).intoArray(grads, gradBias + j);
        FloatVector dxh = dyv.mul(FloatVector.fromArray(SPECIES, params, gain + j));
        sumV = sumV.add(dxh);
        sumXV = dxh.fma(xh, sumXV);
      }
      float sum = sumV.reduceLanes(VectorOperators.ADD);
      float sumX = sumXV.reduceLanes(VectorOperators.ADD);
      for (; j < d; j++) {
        float xh = (x[src + j] - mu) * rs;
        float dyv = dy[drow + j];
        grads[gradGain + j] += dyv * xh;
        grads[gradBias + j] += dyv;
        float dxh = dyv * params[gain + j];
        sum += dxh;
        sumX += dxh * xh;
      }
      float m = sum * invD;
      float mx = sumX * invD;
      FloatVector mV = FloatVector.broadcast(SPECIES, m);
      FloatVector mxV = FloatVector.broadcast(SPECIES, mx);
      j = 0;
      for (; j < bound; j += LANES) {
        FloatVector xh = FloatVector.fromArray(SPECIES, x, src + j).sub(muV).mul(rsV);
        FloatVector dxh =
            FloatVector.fromArray(SPECIES, dy, drow + j)
                .mul(FloatVector.fromArray(SPECIES, params, gain + j));
        FloatVector v = dxh.sub(mV).sub(xh.mul(mxV)).mul(rsV);
        (accumulate ? v.add(FloatVector.fromArray(SPECIES, dx, dst + j)) : v)
            .intoArray(dx, dst + j);
      }
      for (; j < d; j++) {
        float xh = (x[src + j] - mu) * rs;
        float v = rs * (dy[drow + j] * params[gain + j] - m - xh * mx);
        dx[dst + j] = accumulate ? dx[dst + j] + v : v;
      }
    }
  }
}
