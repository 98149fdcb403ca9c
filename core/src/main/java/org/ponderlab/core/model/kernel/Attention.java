package org.ponderlab.core.model.kernel;

/**
 * Bidirectional multi-head softmax attention over the L tokens of each example, on a fused
 * projection: row t of example b in {@code qkv} is [q | k | v] (3·d values, head h's slice at h·d_h
 * in each third), as one {@code x·[W_q | W_k | W_v]} product leaves it. Per example and head:
 * {@code P = softmax(Q·Kᵀ/√d_h)}, {@code O = P·V}; the backward gives dQ, dK, dV into the same
 * packed layout, so one product gives the input gradient of all three projections.
 *
 * <p>The products run on {@link Matmul}'s register tiles (through {@link Gemm}); K and V are
 * transposed per head into a small buffer so that QKᵀ and dO·Vᵀ run vectors along the tokens. The
 * buffers are this instance's own (one instance per thread); nothing is allocated per call.
 */
public final class Attention {
  private final int len;
  private final int dim;
  private final int heads;
  private final int headDim;
  private final float scale;
  private final float[] transposed;
  private final float[] dScores;

  public Attention(int len, int dim, int heads) {
    if (len < 1 || heads < 1 || dim % heads != 0) {
      throw new IllegalArgumentException("length " + len + ", width " + dim + ", heads " + heads);
    }
    this.len = len;
    this.dim = dim;
    this.heads = heads;
    this.headDim = dim / heads;
    this.scale = (float) (1 / Math.sqrt(headDim));
    this.transposed = new float[headDim * len];
    this.dScores = new float[len * len];
  }

  /** Floats of the attention maps for a batch: batch·heads·L². */
  public static long mapSize(int batch, int heads, int len) {
    return (long) batch * heads * len * len;
  }

  /**
   * p[((b·heads + h)·L + i)·L + j] = attention of token i to j (kept for the backward) and o[(b·L +
   * i)·d + h·d_h ..] = Σ_j p·v_j, for b &lt; batch.
   */
  public void forward(float[] qkv, int batch, float[] p, float[] o) {
    int ld = 3 * dim;
    int ll = len * len;
    for (int b = 0; b < batch; b++) {
      int pBase = b * heads * ll;
      for (int hh = 0; hh < heads; hh++) {
        int q = b * len * ld + hh * headDim;
        transposeSlice(qkv, q + dim, ld);
        Gemm.times(
            len, len, headDim, qkv, q, ld, transposed, 0, len, p, pBase + hh * ll, len, false);
      }
      Softmax.forward(p, pBase, heads * len, len, scale);
      for (int hh = 0; hh < heads; hh++) {
        int q = b * len * ld + hh * headDim;
        Gemm.times(
            len,
            headDim,
            len,
            p,
            pBase + hh * ll,
            len,
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

  /** dqkv (overwritten, packed as qkv) from dO [B·L, d], with the forward's qkv and p. */
  public void backward(float[] qkv, float[] p, int batch, float[] dO, float[] dqkv) {
    int ld = 3 * dim;
    int ll = len * len;
    for (int b = 0; b < batch; b++) {
      for (int hh = 0; hh < heads; hh++) {
        int q = b * len * ld + hh * headDim;
        int k = q + dim;
        int v = q + 2 * dim;
        int out = b * len * dim + hh * headDim;
        int pOff = (b * heads + hh) * ll;
        // dP = dO·Vᵀ ; dV = Pᵀ·dO
        transposeSlice(qkv, v, ld);
        Gemm.times(len, len, headDim, dO, out, dim, transposed, 0, len, dScores, 0, len, false);
        Gemm.transposedTimes(len, headDim, len, p, pOff, len, dO, out, dim, dqkv, v, ld, false);
        Softmax.backward(p, pOff, dScores, 0, len, len, scale);
        // dQ = dS·K ; dK = dSᵀ·Q
        Gemm.times(len, headDim, len, dScores, 0, len, qkv, k, ld, dqkv, q, ld, false);
        Gemm.transposedTimes(len, headDim, len, dScores, 0, len, qkv, q, ld, dqkv, k, ld, false);
      }
    }
  }

  /** Floats of this instance's own scratch: d_h·L + L². */
  public long scratchFloats() {
    return transposed.length + dScores.length;
  }

  /** transposed [d_h, L] = the [L, d_h] slice of m starting at base, rows ld apart. */
  private void transposeSlice(float[] m, int base, int ld) {
    for (int i = 0; i < len; i++) {
      int row = base + i * ld;
      for (int j = 0; j < headDim; j++) {
        transposed[j * len + i] = m[row + j];
      }
    }
  }
}
