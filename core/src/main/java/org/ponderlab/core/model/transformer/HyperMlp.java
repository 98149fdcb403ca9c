package org.ponderlab.core.model.transformer;

import java.util.Arrays;
import org.ponderlab.core.model.kernel.ColumnSums;
import org.ponderlab.core.model.kernel.Gelu;
import org.ponderlab.core.model.kernel.Gemm;
import org.ponderlab.core.model.kernel.Layout;

/**
 * Hyper-UT's MLP (paper 003 §3.1): W₁ and W₂ generated per example and step by two hyper-modules. A
 * single-head router scores q = mean_tokens(LN₂(a))·W_r against the pool's keys, s =
 * softmax(q·keysᵀ/√e); the mixed value v = s·values goes through a linear generator, W =
 * reshape(v·G + G₀, [in, out]). The routing of each step is kept in its {@link StepRecord}; the
 * generated matrices are not (regenerating them in the backward is cheaper than keeping N copies),
 * and the backward generates their transposes directly from generators with permuted columns, so
 * that the per-example products run on the register tiles.
 */
final class HyperMlp {
  private final int len;
  private final int dim;
  private final int mlp;
  private final int moduleDim;
  private final int pool;

  HyperMlp(TransformerSpec spec) {
    this.len = spec.length();
    this.dim = spec.dim();
    this.mlp = spec.mlpDim();
    this.moduleDim = spec.moduleDim();
    this.pool = spec.poolSize();
  }

  /** ws.x = LN₂(a) on entry: routes, generates, z₁ into act; h into out unless it is null. */
  void forward(
      float[] params,
      BlockParameters blk,
      int batch,
      BlockActivations act,
      StepRecord rec,
      BlockWorkspace ws,
      float[] out) {
    int rows = batch * len;
    int size = dim * mlp;
    route(params, blk, batch, rec, ws.x);
    generate(params, blk.modules()[0], rec.mix[0], batch, ws.generated[0]);
    generate(params, blk.modules()[1], rec.mix[1], batch, ws.generated[1]);
    Layout.fillRows(params, blk.b1(), mlp, act.z1, 0, rows);
    for (int b = 0; b < batch; b++) {
      int r0 = b * len;
      Gemm.times(
          len,
          mlp,
          dim,
          ws.x,
          r0 * dim,
          dim,
          ws.generated[0],
          b * size,
          mlp,
          act.z1,
          r0 * mlp,
          mlp,
          true);
    }
    if (out == null) {
      Gelu.tanhPart(act.z1, 0, act.t, 0, rows * mlp);
      return;
    }
    Gelu.forward(act.z1, 0, act.t, 0, ws.g, 0, rows * mlp);
    RowOps.addBias(act.a, rows, dim, params, blk.b2(), out);
    for (int b = 0; b < batch; b++) {
      int r0 = b * len;
      Gemm.times(
          len,
          dim,
          mlp,
          ws.g,
          r0 * mlp,
          mlp,
          ws.generated[1],
          b * size,
          dim,
          out,
          r0 * dim,
          dim,
          true);
    }
  }

  /**
   * ws.x = LN₂(a), ws.dh = dL/dh on entry; ws.dx = dL/d(LN₂(a)) on exit, router and pool gradients
   * added.
   */
  void backward(
      float[] params,
      BlockParameters blk,
      int batch,
      BlockActivations act,
      StepRecord rec,
      BlockWorkspace ws,
      float[] grads) {
    int rows = batch * len;
    int size = dim * mlp;
    permuteGenerators(params, blk, ws);
    generateTransposed(
        rec.mix[0], ws.permutedGen[0], ws.permutedGenBias[0], size, batch, ws.generated[0]);
    generateTransposed(
        rec.mix[1], ws.permutedGen[1], ws.permutedGenBias[1], size, batch, ws.generated[1]);
    Gelu.outputFromTanh(act.z1, 0, act.t, 0, ws.g, 0, rows * mlp);
    ColumnSums.addTo(ws.dh, 0, rows, dim, grads, blk.b2());
    for (int b = 0; b < batch; b++) {
      int r0 = b * len;
      // dW₂_b = g_bᵀ·dh_b [m, d] ; dg_b = dh_b·W₂_bᵀ (W₂_bᵀ is [d, m])
      Gemm.transposedTimes(
          mlp,
          dim,
          len,
          ws.g,
          r0 * mlp,
          mlp,
          ws.dh,
          r0 * dim,
          dim,
          ws.dGenerated[1],
          b * size,
          dim,
          false);
      Gemm.times(
          len,
          mlp,
          dim,
          ws.dh,
          r0 * dim,
          dim,
          ws.generated[1],
          b * size,
          mlp,
          ws.dz,
          r0 * mlp,
          mlp,
          false);
    }
    Gelu.backward(act.z1, 0, act.t, 0, ws.dz, 0, rows * mlp);
    ColumnSums.addTo(ws.dz, 0, rows, mlp, grads, blk.b1());
    for (int b = 0; b < batch; b++) {
      int r0 = b * len;
      // dW₁_b = x2_bᵀ·dz_b [d, m] ; dx2_b = dz_b·W₁_bᵀ (W₁_bᵀ is [m, d])
      Gemm.transposedTimes(
          dim,
          mlp,
          len,
          ws.x,
          r0 * dim,
          dim,
          ws.dz,
          r0 * mlp,
          mlp,
          ws.dGenerated[0],
          b * size,
          mlp,
          false);
      Gemm.times(
          len,
          dim,
          mlp,
          ws.dz,
          r0 * mlp,
          mlp,
          ws.generated[0],
          b * size,
          dim,
          ws.dx,
          r0 * dim,
          dim,
          false);
    }
    routerBackward(params, blk, batch, rec, ws, grads);
  }

  private void routerBackward(
      float[] params,
      BlockParameters blk,
      int batch,
      StepRecord rec,
      BlockWorkspace ws,
      float[] grads) {
    int e = moduleDim;
    int size = dim * mlp;
    float scale = (float) (1 / Math.sqrt(e));
    Arrays.fill(ws.dPooled, 0, batch * dim, 0f);
    for (int j = 0; j < 2; j++) {
      HyperModuleParameters hm = blk.modules()[j];
      float[] dW = ws.dGenerated[j];
      float[] mx = rec.mix[j];
      float[] sc = rec.routerScores[j];
      float[] qr = rec.routerQuery[j];
      // W = mix·G + G₀
      ColumnSums.addTo(dW, 0, batch, size, grads, hm.genBias());
      Gemm.transposedTimes(e, size, batch, mx, 0, e, dW, 0, size, grads, hm.gen(), size, true);
      Gemm.timesTransposed(
          batch, e, size, dW, 0, size, params, hm.gen(), size, ws.dMix, 0, e, false);
      // mix = s·values
      Gemm.transposedTimes(pool, e, batch, sc, 0, pool, ws.dMix, 0, e, grads, hm.values(), e, true);
      Gemm.timesTransposed(
          batch, pool, e, ws.dMix, 0, e, params, hm.values(), e, ws.dScores, 0, pool, false);
      // s = softmax(scale·q·keysᵀ)
      for (int b = 0; b < batch; b++) {
        int row = b * pool;
        float dot = 0;
        for (int m = 0; m < pool; m++) {
          dot += sc[row + m] * ws.dScores[row + m];
        }
        for (int m = 0; m < pool; m++) {
          ws.dScores[row + m] = sc[row + m] * (ws.dScores[row + m] - dot) * scale;
        }
      }
      Gemm.times(batch, e, pool, ws.dScores, 0, pool, params, hm.keys(), e, ws.dQuery, 0, e, false);
      Gemm.transposedTimes(
          pool, e, batch, ws.dScores, 0, pool, qr, 0, e, grads, hm.keys(), e, true);
      // q = pooled·W_r
      Gemm.transposedTimes(
          dim, e, batch, rec.pooled, 0, dim, ws.dQuery, 0, e, grads, hm.router(), e, true);
      Gemm.timesTransposed(
          batch, dim, e, ws.dQuery, 0, e, params, hm.router(), e, ws.dPooled, 0, dim, true);
    }
    // pooled = mean over tokens of x2
    float invLen = 1f / len;
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < len; i++) {
        int r = (b * len + i) * dim;
        for (int jj = 0; jj < dim; jj++) {
          ws.dx[r + jj] += ws.dPooled[b * dim + jj] * invLen;
        }
      }
    }
  }

  /** Router of both modules: pooled state → query → scores over the pool → mix, into rec. */
  private void route(float[] params, BlockParameters blk, int batch, StepRecord rec, float[] x2) {
    int e = moduleDim;
    float[] pl = rec.pooled;
    float invLen = 1f / len;
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < dim; j++) {
        float s = 0;
        for (int i = 0; i < len; i++) {
          s += x2[(b * len + i) * dim + j];
        }
        pl[b * dim + j] = s * invLen;
      }
    }
    float scale = (float) (1 / Math.sqrt(e));
    for (int j = 0; j < 2; j++) {
      HyperModuleParameters hm = blk.modules()[j];
      float[] qr = rec.routerQuery[j];
      float[] sc = rec.routerScores[j];
      Gemm.times(batch, e, dim, pl, 0, dim, params, hm.router(), e, qr, 0, e, false);
      Gemm.timesTransposed(batch, pool, e, qr, 0, e, params, hm.keys(), e, sc, 0, pool, false);
      for (int b = 0; b < batch; b++) {
        int row = b * pool;
        float max = Float.NEGATIVE_INFINITY;
        for (int m = 0; m < pool; m++) {
          sc[row + m] *= scale;
          max = Math.max(max, sc[row + m]);
        }
        float sum = 0;
        for (int m = 0; m < pool; m++) {
          float ev = (float) Math.exp(sc[row + m] - max);
          sc[row + m] = ev;
          sum += ev;
        }
        for (int m = 0; m < pool; m++) {
          sc[row + m] /= sum;
        }
      }
      Gemm.times(batch, e, pool, sc, 0, pool, params, hm.values(), e, rec.mix[j], 0, e, false);
    }
  }

  /** W_b = mix_b·G + G₀ for every example: [B, in·out]. */
  private void generate(
      float[] params, HyperModuleParameters hm, float[] mix, int batch, float[] into) {
    int size = hm.size();
    Layout.fillRows(params, hm.genBias(), size, into, 0, batch);
    Gemm.times(
        batch, size, moduleDim, mix, 0, moduleDim, params, hm.gen(), size, into, 0, size, true);
  }

  private void generateTransposed(
      float[] mix, float[] gen, float[] genBias, int size, int batch, float[] into) {
    Layout.fillRows(genBias, 0, size, into, 0, batch);
    Gemm.times(batch, size, moduleDim, mix, 0, moduleDim, gen, 0, size, into, 0, size, true);
  }

  /**
   * G and G₀ of both hyper-modules with their columns permuted so that mix·G' + G₀' is the
   * transpose of the generated matrix: column i·out + o moves to o·in + i.
   */
  private void permuteGenerators(float[] params, BlockParameters blk, BlockWorkspace ws) {
    int e = moduleDim;
    for (int j = 0; j < 2; j++) {
      HyperModuleParameters hm = blk.modules()[j];
      int size = hm.size();
      for (int i = 0; i < hm.in(); i++) {
        for (int o = 0; o < hm.out(); o++) {
          int from = i * hm.out() + o;
          int to = o * hm.in() + i;
          for (int r = 0; r < e; r++) {
            ws.permutedGen[j][r * size + to] = params[hm.gen() + r * size + from];
          }
          ws.permutedGenBias[j][to] = params[hm.genBias() + from];
        }
      }
    }
  }
}
