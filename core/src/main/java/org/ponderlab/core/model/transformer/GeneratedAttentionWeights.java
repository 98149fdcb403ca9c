package org.ponderlab.core.model.transformer;

import static org.ponderlab.core.model.transformer.HyperModuleParameters.O;
import static org.ponderlab.core.model.transformer.HyperModuleParameters.Q;
import static org.ponderlab.core.model.transformer.HyperModuleParameters.V;

import java.util.Arrays;
import org.ponderlab.core.model.kernel.ColumnSums;
import org.ponderlab.core.model.kernel.Gemm;
import org.ponderlab.core.model.kernel.Layout;

/**
 * Hyper-UT's attention projections (paper 003 §3.1: "we replace the dense layers in the
 * self-attention module and the MLP … with hyper-modules"): W_q, W_k, W_v and W_o generated per
 * example and step, each by its own {@link HyperModule}. The four routers read the representation
 * at the attention's input, mean_tokens(LN₁(u)) of the example (the MLP's two read LN₂(a), its own
 * input); the biases b_q, b_k, b_v, b_o stay plain parameters, as b₁ and b₂ do.
 *
 * <p>Per example the products are [L, d]·[d, d], written straight into the [q | k | v] columns of
 * the fused buffer. The generated matrices live in the workspace for one step; the backward
 * regenerates them from the step's recorded mix (cheaper than keeping N copies).
 */
final class GeneratedAttentionWeights implements AttentionWeights {
  private final int len;
  private final int dim;
  private final HyperModule module;

  GeneratedAttentionWeights(TransformerSpec spec) {
    this.len = spec.length();
    this.dim = spec.dim();
    this.module = new HyperModule(spec);
  }

  @Override
  public void project(
      float[] params,
      BlockParameters blk,
      int batch,
      StepRecord rec,
      BlockWorkspace ws,
      float[] qkv) {
    int d = dim;
    int dd = d * d;
    int rows = batch * len;
    float[] pooled = rec.pooled[0];
    HyperModule.pool(ws.x, batch, len, d, pooled);
    for (int j = Q; j <= O; j++) {
      HyperModuleParameters hm = blk.modules()[j];
      module.route(params, hm, pooled, batch, rec.routerQuery[j], rec.routerScores[j], rec.mix[j]);
      module.generate(params, hm, rec.mix[j], batch, ws.generated[j]);
    }
    for (int r = 0; r < rows; r++) {
      for (int j = Q; j <= V; j++) {
        System.arraycopy(params, bias(blk, j), qkv, r * 3 * d + j * d, d);
      }
    }
    for (int b = 0; b < batch; b++) {
      int r0 = b * len;
      for (int j = Q; j <= V; j++) {
        Gemm.times(
            len,
            d,
            d,
            ws.x,
            r0 * d,
            d,
            ws.generated[j],
            b * dd,
            d,
            qkv,
            r0 * 3 * d + j * d,
            3 * d,
            true);
      }
    }
  }

  @Override
  public void output(
      float[] params, BlockParameters blk, int batch, BlockWorkspace ws, float[] o, float[] a) {
    int d = dim;
    for (int b = 0; b < batch; b++) {
      int r0 = b * len;
      Gemm.times(len, d, d, o, r0 * d, d, ws.generated[O], b * d * d, d, a, r0 * d, d, true);
    }
  }

  @Override
  public void outputBackward(
      float[] params,
      BlockParameters blk,
      int batch,
      StepRecord rec,
      BlockWorkspace ws,
      float[] o,
      float[] dh,
      float[] dO,
      float[] grads) {
    int d = dim;
    int dd = d * d;
    HyperModuleParameters hm = blk.modules()[O];
    module.generate(params, hm, rec.mix[O], batch, ws.generated[O]);
    for (int b = 0; b < batch; b++) {
      int r0 = b * len;
      // dW_o,b = o_bᵀ·dh_b ; dO_b = dh_b·W_o,bᵀ
      Gemm.transposedTimes(
          d, d, len, o, r0 * d, d, dh, r0 * d, d, ws.dGenerated[O], b * dd, d, false);
      Layout.transpose(ws.generated[O], b * dd, d, d, ws.transposed, 0);
      Gemm.times(len, d, d, dh, r0 * d, d, ws.transposed, 0, d, dO, r0 * d, d, false);
    }
    Arrays.fill(ws.dPooled, 0, batch * d, 0f);
    module.backward(
        params,
        hm,
        rec.pooled[0],
        rec.routerQuery[O],
        rec.routerScores[O],
        rec.mix[O],
        ws.dGenerated[O],
        batch,
        ws,
        grads,
        ws.dPooled);
  }

  @Override
  public void projectBackward(
      float[] params,
      BlockParameters blk,
      int batch,
      StepRecord rec,
      BlockWorkspace ws,
      float[] dqkv,
      float[] grads,
      float[] dx) {
    int d = dim;
    int dd = d * d;
    int rows = batch * len;
    ColumnSums.into(dqkv, 0, rows, 3 * d, ws.dbqkv, 0);
    for (int j = Q; j <= V; j++) {
      int b = bias(blk, j);
      for (int c = 0; c < d; c++) {
        grads[b + c] += ws.dbqkv[j * d + c];
      }
      module.generate(params, blk.modules()[j], rec.mix[j], batch, ws.generated[j]);
    }
    for (int b = 0; b < batch; b++) {
      int r0 = b * len;
      for (int j = Q; j <= V; j++) {
        int col = r0 * 3 * d + j * d;
        // dW_j,b = x_bᵀ·dqkv_b[:, j] ; dx_b += dqkv_b[:, j]·W_j,bᵀ
        Gemm.transposedTimes(
            d, d, len, ws.x, r0 * d, d, dqkv, col, 3 * d, ws.dGenerated[j], b * dd, d, false);
        Layout.transpose(ws.generated[j], b * dd, d, d, ws.transposed, 0);
        Gemm.times(len, d, d, dqkv, col, 3 * d, ws.transposed, 0, d, dx, r0 * d, d, j > Q);
      }
    }
    // dPooled holds W_o's router gradient (outputBackward); add Q's, K's and V's
    for (int j = Q; j <= V; j++) {
      module.backward(
          params,
          blk.modules()[j],
          rec.pooled[0],
          rec.routerQuery[j],
          rec.routerScores[j],
          rec.mix[j],
          ws.dGenerated[j],
          batch,
          ws,
          grads,
          ws.dPooled);
    }
    HyperModule.unpool(ws.dPooled, batch, len, d, dx);
  }

  /** Where b_q, b_k or b_v sits (nothing allocated per call). */
  private static int bias(BlockParameters blk, int j) {
    return j == Q ? blk.bq() : j == V ? blk.bv() : blk.bk();
  }
}
