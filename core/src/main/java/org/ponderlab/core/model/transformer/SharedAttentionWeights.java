package org.ponderlab.core.model.transformer;

import org.ponderlab.core.model.kernel.ColumnSums;
import org.ponderlab.core.model.kernel.Gemm;
import org.ponderlab.core.model.kernel.Layout;

/**
 * The attention projections as plain parameters shared by every example (fixed transformer, UT): Q,
 * K and V as one product on the packed [W_q | W_k | W_v]; the biases are written into the output
 * before the product accumulates onto them.
 */
final class SharedAttentionWeights implements AttentionWeights {
  private final int len;
  private final int dim;

  SharedAttentionWeights(TransformerSpec spec) {
    this.len = spec.length();
    this.dim = spec.dim();
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
    int rows = batch * len;
    ws.packProjections(params, blk, d);
    Layout.fillRows(ws.bqkv, 0, 3 * d, qkv, 0, rows);
    Gemm.times(rows, 3 * d, d, ws.x, 0, d, ws.wqkv, 0, 3 * d, qkv, 0, 3 * d, true);
  }

  @Override
  public void output(
      float[] params, BlockParameters blk, int batch, BlockWorkspace ws, float[] o, float[] a) {
    int d = dim;
    Gemm.times(batch * len, d, d, o, 0, d, params, blk.wo(), d, a, 0, d, true);
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
    int rows = batch * len;
    Gemm.transposedTimesInBlocks(d, d, rows, o, 0, d, dh, 0, d, grads, blk.wo(), d, true);
    Layout.transpose(params, blk.wo(), d, d, ws.transposed, 0);
    Gemm.times(rows, d, d, dh, 0, d, ws.transposed, 0, d, dO, 0, d, false);
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
    int rows = batch * len;
    ws.packProjections(params, blk, d);
    ColumnSums.into(dqkv, 0, rows, 3 * d, ws.dbqkv, 0);
    Gemm.transposedTimesInBlocks(
        d, 3 * d, rows, ws.x, 0, d, dqkv, 0, 3 * d, ws.dWqkv, 0, 3 * d, false);
    scatter(ws, 0, blk.wq(), blk.bq(), grads);
    scatter(ws, 1, blk.wk(), blk.bk(), grads);
    scatter(ws, 2, blk.wv(), blk.bv(), grads);
    Gemm.times(rows, d, 3 * d, dqkv, 0, 3 * d, ws.wqkvT, 0, d, dx, 0, d, false);
  }

  /** The packed gradient's block j (q, k or v) added to its weight and bias. */
  private void scatter(BlockWorkspace ws, int j, int w, int b, float[] grads) {
    int d = dim;
    for (int i = 0; i < d; i++) {
      int src = i * 3 * d + j * d;
      int dst = w + i * d;
      for (int c = 0; c < d; c++) {
        grads[dst + c] += ws.dWqkv[src + c];
      }
    }
    for (int c = 0; c < d; c++) {
      grads[b + c] += ws.dbqkv[j * d + c];
    }
  }
}
