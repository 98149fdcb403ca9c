package org.ponderlab.core.model.kernel;

import static org.ponderlab.core.model.kernel.VectorMath.LANES;

/**
 * Bidirectional multi-head softmax attention over the L tokens of each example, on a fused
 * projection: row t of example b in {@code qkv} is [q | k | v] (3·d values, head h's slice at h·d_h
 * in each third), as one {@code x·[W_q | W_k | W_v]} product leaves it. Per example and head:
 * {@code P = softmax(Q·Kᵀ/√d_h)}, {@code O = P·V}; the backward gives dQ, dK, dV into the same
 * packed layout, so one product gives the input gradient of all three projections.
 *
 * <p>Padded rows: a map row holds {@link #paddedLength} (L rounded up to whole vectors) columns,
 * the padding 0. K and V are transposed per head into a zero-padded [d_h, L'] buffer, so Q·Kᵀ and
 * dO·Vᵀ run on whole-vector register tiles only; at L 100 the unpadded product spent more than half
 * its time on the 4 scalar columns past the last whole vector (measured: 8 µs against 3 µs per head
 * on this machine). The softmax then runs whole vectors along the padded rows too.
 *
 * <p>Keeping the maps is the caller's choice: {@link #forward} and {@link #backward} take the maps
 * array, or null to keep none — the backward then recomputes each head's map (Q·Kᵀ and the softmax,
 * the same code on the same values, so the same bits) just before differentiating it. The products
 * run on {@link Matmul}'s register tiles (through {@link Gemm}). The buffers are this instance's
 * own (one instance per thread); nothing is allocated per call.
 */
public final class Attention {
  private final int len;
  private final int padded;
  private final int dim;
  private final int heads;
  private final int headDim;
  private final float scale;
  private final float[] transposed;
  private final float[] scores;
  private final float[] dScores;

  public Attention(int len, int dim, int heads) {
    if (len < 1 || heads < 1 || dim % heads != 0) {
      throw new IllegalArgumentException("length " + len + ", width " + dim + ", heads " + heads);
    }
    this.len = len;
    this.padded = paddedLength(len);
    this.dim = dim;
    this.heads = heads;
    this.headDim = dim / heads;
    this.scale = (float) (1 / Math.sqrt(headDim));
    this.transposed = new float[headDim * padded]; // columns [len, padded) stay 0
    this.scores = new float[len * padded];
    this.dScores = new float[len * padded];
  }

  /** L rounded up to a whole number of vectors: the row length of a map. */
  public static int paddedLength(int len) {
    return (len + LANES - 1) / LANES * LANES;
  }

  /** Floats of the attention maps for a batch: batch·heads·L·L' (L' = {@link #paddedLength}). */
  public static long mapSize(int batch, int heads, int len) {
    return (long) batch * heads * len * paddedLength(len);
  }

  /** Floats of an instance's own scratch: d_h·L' + 2·L·L'. */
  public static long scratchFloats(int len, int dim, int heads) {
    long padded = paddedLength(len);
    return dim / heads * padded + 2L * len * padded;
  }

  /** Floats of this instance's own scratch ({@link #scratchFloats(int, int, int)}). */
  public long scratchFloats() {
    return transposed.length + scores.length + dScores.length;
  }

  /**
   * o[(b·L + i)·d + h·d_h ..] = Σ_j P_ij·v_j for b &lt; batch; the maps go to p (P of example b,
   * head h, row i at ((b·heads + h)·L + i)·L', padding 0) unless p is null.
   */
  public void forward(float[] qkv, int batch, float[] p, float[] o) {
    int ld = 3 * dim;
    for (int b = 0; b < batch; b++) {
      for (int hh = 0; hh < heads; hh++) {
        int q = b * len * ld + hh * headDim;
        float[] map = p == null ? scores : p;
        int mapOff = p == null ? 0 : mapOffset(b, hh);
        map(qkv, q, map, mapOff);
        Gemm.times(
            len,
            headDim,
            len,
            map,
            mapOff,
            padded,
            qkv,
            q + 2 * dim,
            ld,
            o,
            b * len * dim + hh * headDim,
            dim,
            false);
      }
    }
  }

  /**
   * dqkv (overwritten, packed as qkv) from dO [B·L, d], with the forward's qkv and its maps p, or
   * null if the forward kept none (each map is then recomputed).
   */
  public void backward(float[] qkv, float[] p, int batch, float[] dO, float[] dqkv) {
    int ld = 3 * dim;
    for (int b = 0; b < batch; b++) {
      for (int hh = 0; hh < heads; hh++) {
        int q = b * len * ld + hh * headDim;
        int k = q + dim;
        int v = q + 2 * dim;
        int out = b * len * dim + hh * headDim;
        float[] map = p;
        int mapOff = mapOffset(b, hh);
        if (p == null) {
          map = scores;
          mapOff = 0;
          map(qkv, q, map, mapOff);
        }
        // dP = dO·Vᵀ (padding columns 0: Vᵀ's are) ; dV = Pᵀ·dO
        transposeSlice(qkv, v, ld);
        Gemm.times(
            len, padded, headDim, dO, out, dim, transposed, 0, padded, dScores, 0, padded, false);
        Gemm.transposedTimes(
            len, headDim, len, map, mapOff, padded, dO, out, dim, dqkv, v, ld, false);
        Softmax.backward(map, mapOff, dScores, 0, len, padded, scale);
        // dQ = dS·K ; dK = dSᵀ·Q
        Gemm.times(len, headDim, len, dScores, 0, padded, qkv, k, ld, dqkv, q, ld, false);
        Gemm.transposedTimes(len, headDim, len, dScores, 0, padded, qkv, q, ld, dqkv, k, ld, false);
      }
    }
  }

  private int mapOffset(int b, int hh) {
    return (b * heads + hh) * len * padded;
  }

  /** P = softmax(Q·Kᵀ/√d_h) of the head whose q slice starts at q, into map [L, L'] at mapOff. */
  private void map(float[] qkv, int q, float[] map, int mapOff) {
    int ld = 3 * dim;
    transposeSlice(qkv, q + dim, ld);
    Gemm.times(len, padded, headDim, qkv, q, ld, transposed, 0, padded, map, mapOff, padded, false);
    Softmax.forward(map, mapOff, len, len, padded, scale);
  }

  /** transposed [d_h, L'] = the [L, d_h] slice of m starting at base, rows ld apart. */
  private void transposeSlice(float[] m, int base, int ld) {
    for (int i = 0; i < len; i++) {
      int row = base + i * ld;
      for (int j = 0; j < headDim; j++) {
        transposed[j * padded + i] = m[row + j];
      }
    }
  }
}
