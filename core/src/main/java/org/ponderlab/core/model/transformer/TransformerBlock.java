package org.ponderlab.core.model.transformer;

import org.ponderlab.core.model.kernel.ColumnSums;
import org.ponderlab.core.model.kernel.Gelu;
import org.ponderlab.core.model.kernel.Gemm;
import org.ponderlab.core.model.kernel.LayerNorm;
import org.ponderlab.core.model.kernel.Layout;

/**
 * One pre-LN block, forward and backward: {@code a = u + MHA(LN₁(u))·W_o + b_o}, {@code h = a +
 * gelu(LN₂(a)·W₁ + b₁)·W₂ + b₂}. Where W_q, W_k, W_v and W_o come from is the {@link
 * AttentionWeights} provider's business (shared parameters, or Hyper-UT's per-example generated
 * matrices); Hyper-UT's W₁, W₂ are generated per example by {@link HyperMlp}.
 *
 * <p>Biases and residuals are written into the output before the product accumulates onto them (no
 * extra pass); the backward adds every gradient into the residual stream's dh in place. Matrix
 * products on {@code Matmul}'s register tiles (through {@link Gemm}'s named products).
 */
final class TransformerBlock {
  private final int len;
  private final int dim;
  private final int mlp;
  private final LayerNorm norm;
  private final HyperMlp hyperMlp;
  private final AttentionWeights projections;

  TransformerBlock(TransformerSpec spec) {
    this.len = spec.length();
    this.dim = spec.dim();
    this.mlp = spec.mlpDim();
    this.norm = new LayerNorm(dim);
    this.hyperMlp = spec.kind() == TransformerSpec.Kind.HYPER ? new HyperMlp(spec) : null;
    this.projections = AttentionWeights.of(spec);
  }

  /**
   * Runs the block on {@code in} [B·L, d] into {@code act} (and Hyper-UT's routing into {@code
   * rec}); writes h into {@code out} unless it is null (a recomputation for the backward needs only
   * what {@code act} keeps).
   */
  void forward(
      float[] params,
      BlockParameters blk,
      float[] in,
      int batch,
      BlockActivations act,
      StepRecord rec,
      BlockWorkspace ws,
      float[] out) {
    int rows = batch * len;
    int d = dim;
    norm.forward(
        in, 0, d, rows, params, blk.ln1Gain(), blk.ln1Bias(), ws.x, 0, act.mean1, act.rstd1, 0);
    projections.project(params, blk, batch, rec, ws, act.qkv);
    ws.attention.forward(act.qkv, batch, act.attention, act.o);
    RowOps.addBias(in, rows, d, params, blk.bo(), act.a);
    projections.output(params, blk, batch, ws, act.o, act.a);
    norm.forward(
        act.a, 0, d, rows, params, blk.ln2Gain(), blk.ln2Bias(), ws.x, 0, act.mean2, act.rstd2, 0);
    if (blk.hyper()) {
      hyperMlp.forward(params, blk, batch, act, rec, ws, out);
      return;
    }
    Layout.fillRows(params, blk.b1(), mlp, act.z1, 0, rows);
    Gemm.times(rows, mlp, d, ws.x, 0, d, params, blk.w1(), mlp, act.z1, 0, mlp, true);
    if (out == null) {
      Gelu.tanhPart(act.z1, 0, act.t, 0, rows * mlp);
      return;
    }
    if (act.keepsTanh) {
      Gelu.forward(act.z1, 0, act.t, 0, ws.g, 0, rows * mlp);
    } else {
      Gelu.output(act.z1, 0, ws.g, 0, rows * mlp); // a lean set: the backward recomputes the tanh
    }
    RowOps.addBias(act.a, rows, d, params, blk.b2(), out);
    Gemm.times(rows, d, mlp, ws.g, 0, mlp, params, blk.w2(), d, out, 0, d, true);
  }

  /**
   * On entry ws.dh = dL/dh of this block's output; on exit ws.dh = dL/d(in). Adds the block's
   * parameter gradients into grads. {@code act} and {@code rec} as this block's forward on {@code
   * in} left them.
   */
  void backward(
      float[] params,
      BlockParameters blk,
      float[] in,
      int batch,
      BlockActivations act,
      StepRecord rec,
      BlockWorkspace ws,
      float[] grads) {
    int rows = batch * len;
    int d = dim;
    float[] dh = ws.dh;
    // ---- MLP: h = a + gelu(x2·W1 + b1)·W2 + b2 → ws.dx = dL/dx2
    norm.recompute(
        act.a, 0, d, rows, params, blk.ln2Gain(), blk.ln2Bias(), act.mean2, act.rstd2, 0, ws.x, 0);
    if (blk.hyper()) {
      if (!act.keepsTanh) {
        Gelu.tanhPart(act.z1, 0, act.t, 0, rows * mlp); // a lean set shares t across steps
      }
      hyperMlp.backward(params, blk, batch, act, rec, ws, grads);
    } else {
      if (!act.keepsZ1) { // the forward's own product on the recomputed LN₂(a): the same bits
        Layout.fillRows(params, blk.b1(), mlp, act.z1, 0, rows);
        Gemm.times(rows, mlp, d, ws.x, 0, d, params, blk.w1(), mlp, act.z1, 0, mlp, true);
      }
      if (act.keepsTanh) {
        Gelu.outputFromTanh(act.z1, 0, act.t, 0, ws.g, 0, rows * mlp);
      } else {
        Gelu.forward(act.z1, 0, act.t, 0, ws.g, 0, rows * mlp); // a lean set: t and g in one pass
      }
      ColumnSums.addTo(dh, 0, rows, d, grads, blk.b2());
      // dW₂ᵀ = dhᵀ·g [d, m], added transposed: its tiles hold 16 accumulators, dW₂ = gᵀ·dh's 8
      Gemm.transposedTimesInBlocks(
          d, mlp, rows, dh, 0, d, ws.g, 0, mlp, ws.transposed, 0, mlp, false);
      addTransposed(ws.transposed, d, mlp, grads, blk.w2());
      Layout.transpose(params, blk.w2(), mlp, d, ws.transposed, 0); // W₂ᵀ [d, m]
      Gemm.times(rows, mlp, d, dh, 0, d, ws.transposed, 0, mlp, ws.dz, 0, mlp, false);
      Gelu.backward(act.z1, 0, act.t, 0, ws.dz, 0, rows * mlp);
      ColumnSums.addTo(ws.dz, 0, rows, mlp, grads, blk.b1());
      Gemm.transposedTimesInBlocks(
          d, mlp, rows, ws.x, 0, d, ws.dz, 0, mlp, grads, blk.w1(), mlp, true);
      Layout.transpose(params, blk.w1(), d, mlp, ws.transposed, 0); // W₁ᵀ [m, d]
      Gemm.times(rows, d, mlp, ws.dz, 0, mlp, ws.transposed, 0, d, ws.dx, 0, d, false);
    }
    // dh += LN₂ backward: dh is now dL/da
    norm.backward(
        act.a,
        0,
        d,
        rows,
        act.mean2,
        act.rstd2,
        0,
        params,
        blk.ln2Gain(),
        ws.dx,
        0,
        grads,
        blk.ln2Gain(),
        blk.ln2Bias(),
        dh,
        0,
        d,
        true);
    // ---- attention: a = in + o·W_o + b_o
    ColumnSums.addTo(dh, 0, rows, d, grads, blk.bo());
    projections.outputBackward(params, blk, batch, rec, ws, act.o, dh, ws.dO, grads);
    ws.attention.backward(act.qkv, act.attention, batch, ws.dO, ws.dqkv);
    // [q | k | v] = x1·Wqkv + bqkv
    norm.recompute(
        in, 0, d, rows, params, blk.ln1Gain(), blk.ln1Bias(), act.mean1, act.rstd1, 0, ws.x, 0);
    projections.projectBackward(params, blk, batch, rec, ws, ws.dqkv, grads, ws.dx);
    // in → a (residual, already in dh) and in → LN₁ → x1
    norm.backward(
        in,
        0,
        d,
        rows,
        act.mean1,
        act.rstd1,
        0,
        params,
        blk.ln1Gain(),
        ws.dx,
        0,
        grads,
        blk.ln1Gain(),
        blk.ln1Bias(),
        dh,
        0,
        d,
        true);
  }

  /** g[at + c·rows + r] += m[r·cols + c]: a [rows, cols] product added to a [cols, rows] weight. */
  private static void addTransposed(float[] m, int rows, int cols, float[] g, int at) {
    for (int c = 0; c < cols; c++) {
      int dst = at + c * rows;
      for (int r = 0; r < rows; r++) {
        g[dst + r] += m[r * cols + c];
      }
    }
  }
}
