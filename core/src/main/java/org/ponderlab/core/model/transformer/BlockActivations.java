package org.ponderlab.core.model.transformer;

import org.ponderlab.core.model.kernel.Attention;

/**
 * The activations of one block application that its backward reads and that are costly to
 * recompute: the fused projection [q | k | v] [B·L, 3d], the attention maps [B, H, L, L], the
 * attention output o [B·L, d], the residual a [B·L, d], the MLP pre-activation z₁ [B·L, m] and
 * GELU's tanh t [B·L, m] (so the backward needs no second tanh), and the mean and 1/σ of both layer
 * norms per row. Everything else (the layer-norm outputs, GELU's output) is recomputed in the
 * backward from these in one cheap pass. Sized for the largest batch.
 *
 * <p>A lean set ({@link TransformerMemory.Policy#EVERY_STEP_LEAN}) keeps no maps ({@code attention}
 * is null: the backward recomputes each head's map) and writes the tanh into a buffer all steps
 * share ({@code keepsTanh} false: the backward recomputes it from z₁ first); a set of {@link
 * TransformerMemory.Policy#EVERY_STEP_MAPS} shares the tanh likewise but keeps the maps, and (but
 * for Hyper-UT, whose z₁ comes from generated weights) shares z₁ too, recomputed in the backward by
 * one product.
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
  final boolean keepsTanh;
  final boolean keepsZ1;

  /** A full set: maps and tanh kept. */
  BlockActivations(TransformerSpec spec, int maxBatch) {
    this(spec, maxBatch, null, true, null);
  }

  /**
   * @param sharedTanh null for a full set; else its tanh is written into this buffer of {@link
   *     #tanhFloats} floats, which every step shares
   * @param keepsMaps whether the attention maps are kept (always, for a full set)
   * @param sharedZ1 null to keep z₁; else z₁ is written into this buffer of {@link #tanhFloats}
   *     floats, which every step shares (the backward recomputes it from LN₂(a): one product)
   */
  BlockActivations(
      TransformerSpec spec, int maxBatch, float[] sharedTanh, boolean keepsMaps, float[] sharedZ1) {
    int rows = maxBatch * spec.length();
    int rd = rows * spec.dim();
    boolean full = sharedTanh == null;
    qkv = new float[3 * rd];
    attention =
        full || keepsMaps
            ? new float[(int) Attention.mapSize(maxBatch, spec.heads(), spec.length())]
            : null;
    o = new float[rd];
    a = new float[rd];
    z1 = sharedZ1 == null ? new float[rows * spec.mlpDim()] : sharedZ1;
    keepsZ1 = sharedZ1 == null;
    t = full ? new float[rows * spec.mlpDim()] : sharedTanh;
    keepsTanh = full;
    mean1 = new float[rows];
    rstd1 = new float[rows];
    mean2 = new float[rows];
    rstd2 = new float[rows];
  }

  /**
   * Floats one set holds, full or lean (the formula of {@link TransformerMemory}; a lean set's
   * shared tanh not included).
   */
  static long floats(TransformerSpec spec, long batch, boolean full) {
    return floats(spec, batch, full, full, true);
  }

  /**
   * Floats one set holds with or without the maps, the tanh and z₁ (a shared tanh or z₁ not
   * included).
   */
  static long floats(TransformerSpec spec, long batch, boolean maps, boolean tanh, boolean z1) {
    long rows = batch * spec.length();
    long rd = rows * spec.dim();
    long n = 5 * rd + 4 * rows + (z1 ? rows * spec.mlpDim() : 0);
    if (maps) {
      n += Attention.mapSize((int) batch, spec.heads(), spec.length());
    }
    if (tanh) {
      n += tanhFloats(spec, batch);
    }
    return n;
  }

  /** Floats of GELU's tanh for a batch: B·L·m. */
  static long tanhFloats(TransformerSpec spec, long batch) {
    return batch * spec.length() * spec.mlpDim();
  }

  long allocated() {
    return Buffers.length(qkv)
        + Buffers.length(attention)
        + Buffers.length(o)
        + Buffers.length(a)
        + (keepsZ1 ? Buffers.length(z1) : 0)
        + (keepsTanh ? Buffers.length(t) : 0)
        + Buffers.length(mean1)
        + Buffers.length(rstd1)
        + Buffers.length(mean2)
        + Buffers.length(rstd2);
  }
}
