package org.ponderlab.core.model.transformer;

import org.ponderlab.core.model.kernel.Gemm;
import org.ponderlab.core.model.kernel.LayerNorm;
import org.ponderlab.core.model.kernel.Layout;

/**
 * The readout at every step n: f = LN_f(h_n[token 0]) (the C-PVR chain starts at position 0),
 * output logits f·W_out + b_out, halting logit f·w_halt + b_halt, and ‖h_n‖ over all L·d values of
 * each example (LAC halts on it). The backward adds dL/dh_n[token 0] into the residual stream's
 * gradient.
 */
final class Readout {
  private final int len;
  private final int dim;
  private final int classes;
  private final int normGain;
  private final int normBias;
  private final LayerNorm norm;

  Readout(TransformerSpec spec, int normGain, int normBias) {
    this.len = spec.length();
    this.dim = spec.dim();
    this.classes = spec.outputs();
    this.normGain = normGain;
    this.normBias = normBias;
    this.norm = new LayerNorm(dim);
  }

  /** Step n's logits, halting logits and norms at their {@code Network} indices. */
  void forward(
      float[] params,
      ReadoutParameters head,
      StepRecord rec,
      int batch,
      int n,
      float[] outputLogits,
      float[] haltingLogits,
      float[] hiddenNorms) {
    int perExample = len * dim;
    norm.forward(
        rec.h, 0, perExample, batch, params, normGain, normBias, rec.f, 0, rec.fMean, rec.fRstd, 0);
    for (int b = 0; b < batch; b++) {
      hiddenNorms[(n - 1) * batch + b] = RowOps.norm(rec.h, b * perExample, perExample);
    }
    int outBase = (n - 1) * batch * classes;
    Layout.fillRows(params, head.outBias(), classes, outputLogits, outBase, batch);
    Gemm.times(
        batch,
        classes,
        dim,
        rec.f,
        0,
        dim,
        params,
        head.outWeight(),
        classes,
        outputLogits,
        outBase,
        classes,
        true);
    Gemm.timesTransposed(
        batch,
        1,
        dim,
        rec.f,
        0,
        dim,
        params,
        head.haltWeight(),
        dim,
        haltingLogits,
        (n - 1) * batch,
        1,
        false);
    for (int b = 0; b < batch; b++) {
      haltingLogits[(n - 1) * batch + b] += params[head.haltBias()];
    }
  }

  /** Adds the head's gradients into grads and dL/dh_n[token 0] (through LN_f) into dh. */
  void backward(
      float[] params,
      ReadoutParameters head,
      StepRecord rec,
      int batch,
      int n,
      float[] dOut,
      float[] dHalt,
      float[] grads,
      float[] df,
      float[] dh) {
    int outBase = (n - 1) * batch * classes;
    int haltBase = (n - 1) * batch;
    // dW_out += fᵀ·dY, db_out += Σ dY, dw_halt += fᵀ·da, db_halt += Σ da
    Gemm.transposedTimes(
        dim,
        classes,
        batch,
        rec.f,
        0,
        dim,
        dOut,
        outBase,
        classes,
        grads,
        head.outWeight(),
        classes,
        true);
    Gemm.transposedTimes(
        dim, 1, batch, rec.f, 0, dim, dHalt, haltBase, 1, grads, head.haltWeight(), 1, true);
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < classes; c++) {
        grads[head.outBias() + c] += dOut[outBase + b * classes + c];
      }
      grads[head.haltBias()] += dHalt[haltBase + b];
    }
    // df = dY·W_outᵀ + da·w_haltᵀ
    Gemm.timesTransposed(
        batch,
        dim,
        classes,
        dOut,
        outBase,
        classes,
        params,
        head.outWeight(),
        classes,
        df,
        0,
        dim,
        false);
    Gemm.times(batch, dim, 1, dHalt, haltBase, 1, params, head.haltWeight(), dim, df, 0, dim, true);
    int perExample = len * dim;
    norm.backward(
        rec.h,
        0,
        perExample,
        batch,
        rec.fMean,
        rec.fRstd,
        0,
        params,
        normGain,
        df,
        0,
        grads,
        normGain,
        normBias,
        dh,
        0,
        perExample,
        true);
  }
}
