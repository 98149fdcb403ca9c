package org.ponderlab.core.model.transformer;

import org.ponderlab.core.model.kernel.Attention;

/**
 * The activations of one block application that its backward reads and that are costly to
 * recompute: the fused projection [q | k | v] [B·L, 3d], the attention maps [B, H, L, L], the
 * attention output o [B·L, d], the residual a [B·L, d], the MLP pre-activation z₁ [B·L, m] and
 * GELU's tanh t [B·L, m] (so the backward needs no second tanh), and the mean and 1/σ of both layer
 * norms per row. Everything else (the layer-norm outputs, GELU's output) is recomputed in the
 * backward from these in one cheap pass. Sized for the largest batch.
 */
final class BlockActivations {
  final float[] qkv;
  final float[] attention;
  final float[] o;
  final float[] a;
  final float[] z1;
  final float[] t;
  final float[] mean1;
  final float[] rstd1;
  final float[] mean2;
  final float[] rstd2;

  BlockActivations(TransformerSpec spec, int maxBatch) {
    int rows = maxBatch * spec.length();
    int rd = rows * spec.dim();
    qkv = new float[3 * rd];
    attention = new float[(int) Attention.mapSize(maxBatch, spec.heads(), spec.length())];
    o = new float[rd];
    a = new float[rd];
    z1 = new float[rows * spec.mlpDim()];
    t = new float[rows * spec.mlpDim()];
    mean1 = new float[rows];
    rstd1 = new float[rows];
    mean2 = new float[rows];
    rstd2 = new float[rows];
  }

  /** Floats one set holds (the formula of {@link TransformerMemory}). */
  static long floats(TransformerSpec spec, long batch) {
    long rows = batch * spec.length();
    long rd = rows * spec.dim();
    return 5 * rd
        + Attention.mapSize((int) batch, spec.heads(), spec.length())
        + 2 * rows * spec.mlpDim()
        + 4 * rows;
  }

  long allocated() {
    return Buffers.length(qkv)
        + Buffers.length(attention)
        + Buffers.length(o)
        + Buffers.length(a)
        + Buffers.length(z1)
        + Buffers.length(t)
        + Buffers.length(mean1)
        + Buffers.length(rstd1)
        + Buffers.length(mean2)
        + Buffers.length(rstd2);
  }
}
