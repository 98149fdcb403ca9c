package org.ponderlab.core.model.transformer;

import org.ponderlab.core.model.kernel.Attention;

/**
 * Scratch of one network instance for a block's forward and backward, reused by every step (one
 * instance per thread: nothing here is shared, so two networks run concurrently on two shards of a
 * batch). Sized for the largest batch.
 *
 * <ul>
 *   <li>{@code u}: the block input h_{n−1} + s_n (UT, Hyper-UT); {@code x}: a layer norm's output
 *       (LN₁ then LN₂, recomputed in the backward); {@code g}: GELU's output.
 *   <li>{@code dh}: the gradient flowing down the residual stream; {@code dx}, {@code dO}, {@code
 *       dz}, {@code dqkv}: gradients of a layer-norm output, the attention output, the MLP
 *       pre-activation and the fused projection.
 *   <li>{@code wqkv} [d, 3d] = [W_q | W_k | W_v] and its transpose, {@code bqkv} [3d], so the three
 *       projections are one product forward and one backward; {@code dWqkv}, {@code dbqkv} their
 *       gradients before they are scattered back; {@code transposed}: W_o, W₁ or W₂ transposed.
 *   <li>Hyper-UT: the six generated matrices per example (W_q, W_k, W_v, W_o [d, d], W₁ [d, m], W₂
 *       [m, d], indexed as {@link HyperModuleParameters}), their gradients, the MLP generators with
 *       columns permuted (so the MLP's backward generates the transposes), and the routers' small
 *       gradients.
 * </ul>
 */
final class BlockWorkspace {
  final Attention attention;
  final float[] u;
  final float[] x;
  final float[] g;
  final float[] dh;
  final float[] dx;
  final float[] dO;
  final float[] dz;
  final float[] dqkv;
  final float[] wqkv;
  final float[] wqkvT;
  final float[] bqkv;
  final float[] dWqkv;
  final float[] dbqkv;
  final float[] transposed;
  final float[][] generated;
  final float[][] dGenerated;
  final float[][] permutedGen;
  final float[][] permutedGenBias;
  final float[] dPooled;
  final float[] dMix;
  final float[] dScores;
  final float[] dQuery;

  BlockWorkspace(TransformerSpec spec, int maxBatch) {
    int d = spec.dim();
    int m = spec.mlpDim();
    int rows = maxBatch * spec.length();
    int rd = rows * d;
    int rm = rows * m;
    attention = new Attention(spec.length(), d, spec.heads());
    u = new float[rd];
    x = new float[rd];
    g = new float[rm];
    dh = new float[rd];
    dx = new float[rd];
    dO = new float[rd];
    dz = new float[rm];
    dqkv = new float[3 * rd];
    wqkv = new float[3 * d * d];
    wqkvT = new float[3 * d * d];
    bqkv = new float[3 * d];
    dWqkv = new float[3 * d * d];
    dbqkv = new float[3 * d];
    transposed = new float[Math.max(d * d, d * m)];
    boolean hyper = spec.kind() == TransformerSpec.Kind.HYPER;
    int e = hyper ? spec.moduleDim() : 0;
    int size = d * m;
    generated = hyper ? new float[HyperModuleParameters.COUNT][] : null;
    dGenerated = hyper ? new float[HyperModuleParameters.COUNT][] : null;
    for (int j = 0; hyper && j < HyperModuleParameters.COUNT; j++) {
      int generatedSize = j < HyperModuleParameters.FIRST_MLP ? d * d : size;
      generated[j] = new float[maxBatch * generatedSize];
      dGenerated[j] = new float[maxBatch * generatedSize];
    }
    permutedGen = hyper ? new float[2][e * size] : null;
    permutedGenBias = hyper ? new float[2][size] : null;
    dPooled = hyper ? new float[maxBatch * d] : null;
    dMix = hyper ? new float[maxBatch * e] : null;
    dScores = hyper ? new float[maxBatch * spec.poolSize()] : null;
    dQuery = hyper ? new float[maxBatch * e] : null;
  }

  /**
   * Floats a workspace holds, attention's own small buffers included (the formula of {@link
   * TransformerMemory}).
   */
  static long floats(TransformerSpec spec, long batch) {
    long d = spec.dim();
    long m = spec.mlpDim();
    long rows = batch * spec.length();
    long rd = rows * d;
    long rm = rows * m;
    long n = 8 * rd + 2 * rm + 9 * d * d + 6 * d + Math.max(d * d, d * m);
    n += Attention.scratchFloats(spec.length(), spec.dim(), spec.heads());
    if (spec.kind() == TransformerSpec.Kind.HYPER) {
      long e = spec.moduleDim();
      long size = d * m;
      n +=
          2 * batch * (4 * d * d + 2 * size)
              + 2 * e * size
              + 2 * size
              + batch * d
              + 2 * batch * e
              + batch * spec.poolSize();
    }
    return n;
  }

  long allocated() {
    return Buffers.length(u)
        + Buffers.length(x)
        + Buffers.length(g)
        + Buffers.length(dh)
        + Buffers.length(dx)
        + Buffers.length(dO)
        + Buffers.length(dz)
        + Buffers.length(dqkv)
        + Buffers.length(wqkv)
        + Buffers.length(wqkvT)
        + Buffers.length(bqkv)
        + Buffers.length(dWqkv)
        + Buffers.length(dbqkv)
        + Buffers.length(transposed)
        + Buffers.length(generated)
        + Buffers.length(dGenerated)
        + Buffers.length(permutedGen)
        + Buffers.length(permutedGenBias)
        + Buffers.length(dPooled)
        + Buffers.length(dMix)
        + Buffers.length(dScores)
        + Buffers.length(dQuery)
        + attention.scratchFloats();
  }

  /** Packs [W_q | W_k | W_v], its transpose and [b_q | b_k | b_v] of one block. */
  void packProjections(float[] params, BlockParameters blk, int d) {
    packProjection(params, blk.wq(), blk.bq(), 0, d);
    packProjection(params, blk.wk(), blk.bk(), 1, d);
    packProjection(params, blk.wv(), blk.bv(), 2, d);
  }

  private void packProjection(float[] params, int w, int b, int j, int d) {
    int ld = 3 * d;
    for (int i = 0; i < d; i++) {
      System.arraycopy(params, w + i * d, wqkv, i * ld + j * d, d);
      for (int c = 0; c < d; c++) {
        wqkvT[(j * d + c) * d + i] = params[w + i * d + c];
      }
    }
    System.arraycopy(params, b, bqkv, j * d, d);
  }
}
