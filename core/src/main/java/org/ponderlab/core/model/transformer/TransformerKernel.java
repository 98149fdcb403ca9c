package org.ponderlab.core.model.transformer;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ponderlab.core.model.Network;
import org.ponderlab.core.model.kernel.Matmul;
import org.ponderlab.core.model.kernel.VectorMath;
import org.ponderlab.core.model.transformer.TransformerSpec.Kind;

/**
 * Transformer step networks for C-PVR in plain Java (forward and hand-written backward, matmuls on
 * the Vector API through {@link Matmul}): a fixed-depth transformer, a Universal Transformer (UT)
 * and Hyper-UT ({@link Kind}). Checked against {@link TransformerReference}, the same models in
 * SameDiff (double precision, autodiff), and by finite differences.
 *
 * <h2>Model</h2>
 * <ul>
 *   <li>Input: token ids (the float values of x, which must be whole numbers in [0, K)) → token
 *       embedding + learned position embedding; this [B·L, d] state is h_0, so step 1 already
 *       depends on x.
 *   <li>Block (pre-LN): a ← u + MHA(LN₁(u))·W_o + b_o; h ← a + gelu(LN₂(a)·W₁ + b₁)·W₂ + b₂, with
 *       bidirectional softmax(QKᵀ/√d_h) attention over the L tokens, layer norm with ε = 1e-5 and
 *       the tanh approximation of GELU.
 *   <li>Readout at every step n: f = LN_f(h_n[token 0]) (the C-PVR chain starts at position 0);
 *       output logits f·W_out + b_out, halting logit f·w_halt + b_halt.
 *   <li>{@code transformer}: N distinct blocks, u = h_{n−1}; a readout head per block, so every
 *       halting method sees N steps (the {@code fixed} method uses the last).
 *   <li>{@code ut}: one shared block applied up to N times, u = h_{n−1} + s_n with a learned step
 *       embedding s_n; one shared readout head.
 *   <li>{@code hyper-ut}: as {@code ut}, but the block's W₁ and W₂ come from two hyper-modules
 *       (paper 003 §3.1). Each has a pool of M module embeddings split into keys [M, e] and values
 *       [M, e]; a single-head router scores q = mean_tokens(LN₂(a))·W_r against the keys,
 *       s = softmax(q·keysᵀ/√e) (router temperature 1, as paper 003's table 2); the mixed value
 *       v = s·values goes through a linear generator, W = reshape(v·G + G₀, [in, out]). Weights are
 *       generated <b>per example and per step</b>: the router reads each example's own current
 *       state, as the paper conditions the module on the representation at that layer, and the
 *       per-example product [L, d]·[d, m] costs what the shared one does; the generator itself
 *       ([B, e]·[e, d·m]) is small. G₀, the generator's bias, acts as a static weight the modules
 *       modulate. The attention projections stay shared (paper 003 also generates those).
 * </ul>
 * Halting is per example (the {@link Network} contract), not per token as in paper 003's ACT.
 * Every step is computed, as in {@code PonderNetwork}; evaluation reports the step each example
 * would halt at under the rule.
 *
 * <p>Memory: activations of every step are kept for the backward pass, for the largest batch:
 * about (9·d + 2·m)·L·N floats per example plus the attention maps (H·L²·N per example).
 * Not thread-safe; one trainer thread owns a network. Nothing is allocated per iteration.
 */
public final class TransformerKernel implements Network {

  private static final float GELU_C = (float) Math.sqrt(2 / Math.PI);
  private static final float GELU_A = 0.044715f;
  private static final float LN_EPS = (float) TransformerParameters.LN_EPSILON;

  private final TransformerSpec spec;
  private final ParameterLayout layout;
  private final int maxBatch;
  private final int len;
  private final int dim;
  private final int heads;
  private final int headDim;
  private final int mlp;
  private final int classes;
  private final int maxSteps;
  private final Block[] blocks;
  private final Head[] readouts;
  private final int tokEmb;
  private final int posEmb;
  private final int[] stepEmb;
  private final int lnfG;
  private final int lnfB;

  // activations, per step (index n = 1..N; h[0] is the embedding)
  private final float[][] h;
  private final float[][] u;
  private final float[][] x1hat;
  private final float[][] rstd1;
  private final float[][] x1;
  private final float[][] q;
  private final float[][] k;
  private final float[][] v;
  private final float[][] attn;
  private final float[][] o;
  private final float[][] a;
  private final float[][] x2hat;
  private final float[][] rstd2;
  private final float[][] x2;
  private final float[][] z1;
  private final float[][] g;
  private final float[][] fhat;
  private final float[][] rstdf;
  private final float[][] f;
  // Hyper-UT: pooled state [B, d], and per module the router query, scores and mix per step
  private final float[][] pooled;
  private final float[][][] routerQuery;
  private final float[][][] routerScores;
  private final float[][][] mix;
  private final float[][] generated; // W₁, W₂ of the current step [B, in·out]

  // outputs
  private final float[] outputLogits;
  private final float[] haltingLogits;
  private final float[] hiddenNorms;
  private final int[] tokens;

  // backward scratch
  private final float[] dh;
  private final float[] da;
  private final float[] dx;
  private final float[] dq;
  private final float[] dk;
  private final float[] dv;
  private final float[] dO;
  private final float[] dz;
  private final float[] dP;
  private final float[] sliceT;
  private final float[] geluScratch;
  private final float[] df;
  private final float[] dfirst;
  private final float[] transposed;
  private final float[][] dGenerated;
  private final float[][] permutedGen;
  private final float[][] permutedGenBias;
  private final float[] dPooled;
  private final float[] dMix;
  private final float[] dScores;
  private final float[] dQuery;
  private final float[] colSum;

  private int batch;
  private int steps;

  public TransformerKernel(TransformerSpec spec, int maxBatch) {
    this.spec = spec;
    this.layout = TransformerParameters.layout(spec);
    this.maxBatch = maxBatch;
    this.len = spec.length();
    this.dim = spec.dim();
    this.heads = spec.heads();
    this.headDim = dim / heads;
    this.mlp = spec.mlpDim();
    this.classes = spec.outputs();
    this.maxSteps = spec.maxSteps();
    this.tokEmb = layout.get("tok_emb").offset();
    this.posEmb = layout.get("pos_emb").offset();
    this.stepEmb = new int[maxSteps + 1];
    if (spec.kind() != Kind.FIXED) {
      for (int n = 1; n <= maxSteps; n++) {
        stepEmb[n] = layout.get("step_emb" + n).offset();
      }
    }
    this.blocks = new Block[TransformerParameters.blockCount(spec)];
    for (int i = 0; i < blocks.length; i++) {
      blocks[i] = new Block(TransformerParameters.blockPrefix(spec, i + 1));
    }
    this.readouts = new Head[spec.kind() == Kind.FIXED ? maxSteps : 1];
    for (int i = 0; i < readouts.length; i++) {
      readouts[i] = new Head(TransformerParameters.headSuffix(spec, i + 1));
    }
    this.lnfG = layout.get("lnf_g").offset();
    this.lnfB = layout.get("lnf_b").offset();

    int rows = maxBatch * len;
    int rd = rows * dim;
    int rm = rows * mlp;
    int n1 = maxSteps + 1;
    h = new float[n1][];
    h[0] = new float[rd];
    u = new float[n1][];
    x1hat = new float[n1][];
    rstd1 = new float[n1][];
    x1 = new float[n1][];
    q = new float[n1][];
    k = new float[n1][];
    v = new float[n1][];
    attn = new float[n1][];
    o = new float[n1][];
    a = new float[n1][];
    x2hat = new float[n1][];
    rstd2 = new float[n1][];
    x2 = new float[n1][];
    z1 = new float[n1][];
    g = new float[n1][];
    fhat = new float[n1][];
    rstdf = new float[n1][];
    f = new float[n1][];
    boolean hyper = spec.kind() == Kind.HYPER;
    int e = hyper ? spec.moduleDim() : 0;
    int pool = hyper ? spec.poolSize() : 0;
    pooled = new float[n1][];
    routerQuery = new float[2][n1][];
    routerScores = new float[2][n1][];
    mix = new float[2][n1][];
    for (int n = 1; n <= maxSteps; n++) {
      h[n] = new float[rd];
      u[n] = spec.kind() == Kind.FIXED ? null : new float[rd];
      x1hat[n] = new float[rd];
      rstd1[n] = new float[rows];
      x1[n] = new float[rd];
      q[n] = new float[rd];
      k[n] = new float[rd];
      v[n] = new float[rd];
      attn[n] = new float[maxBatch * heads * len * len];
      o[n] = new float[rd];
      a[n] = new float[rd];
      x2hat[n] = new float[rd];
      rstd2[n] = new float[rows];
      x2[n] = new float[rd];
      z1[n] = new float[rm];
      g[n] = new float[rm];
      fhat[n] = new float[maxBatch * dim];
      rstdf[n] = new float[maxBatch];
      f[n] = new float[maxBatch * dim];
      if (hyper) {
        pooled[n] = new float[maxBatch * dim];
        for (int j = 0; j < 2; j++) {
          routerQuery[j][n] = new float[maxBatch * e];
          routerScores[j][n] = new float[maxBatch * pool];
          mix[j][n] = new float[maxBatch * e];
        }
      }
    }
    generated = hyper ? new float[][] {new float[maxBatch * dim * mlp], new float[maxBatch * dim * mlp]} : null;
    dGenerated = hyper ? new float[][] {new float[maxBatch * dim * mlp], new float[maxBatch * dim * mlp]} : null;
    permutedGen = hyper ? new float[][] {new float[e * dim * mlp], new float[e * dim * mlp]} : null;
    permutedGenBias = hyper ? new float[][] {new float[dim * mlp], new float[dim * mlp]} : null;
    dPooled = hyper ? new float[maxBatch * dim] : null;
    dMix = hyper ? new float[maxBatch * e] : null;
    dScores = hyper ? new float[maxBatch * pool] : null;
    dQuery = hyper ? new float[maxBatch * e] : null;

    outputLogits = new float[maxSteps * maxBatch * classes];
    haltingLogits = new float[maxSteps * maxBatch];
    hiddenNorms = new float[maxSteps * maxBatch];
    tokens = new int[rows];

    dh = new float[rd];
    da = new float[rd];
    dx = new float[rd];
    dq = new float[rd];
    dk = new float[rd];
    dv = new float[rd];
    dO = new float[rd];
    dz = new float[rm];
    dP = new float[len * len];
    sliceT = new float[headDim * len];
    geluScratch = new float[rm];
    df = new float[maxBatch * dim];
    dfirst = new float[maxBatch * dim];
    transposed = new float[Math.max(dim * dim, dim * mlp)];
    colSum = new float[Math.max(Math.max(dim, mlp), dim * mlp)];
  }

  /** Offsets of one block's tensors in the flat buffer. */
  private final class Block {
    final int ln1g;
    final int ln1b;
    final int wq;
    final int bq;
    final int wk;
    final int bk;
    final int wv;
    final int bv;
    final int wo;
    final int bo;
    final int ln2g;
    final int ln2b;
    final int w1;
    final int w2;
    final int b1;
    final int b2;
    final HyperModule[] modules;

    Block(String p) {
      ln1g = off(p + "ln1_g");
      ln1b = off(p + "ln1_b");
      wq = off(p + "wq");
      bq = off(p + "bq");
      wk = off(p + "wk");
      bk = off(p + "bk");
      wv = off(p + "wv");
      bv = off(p + "bv");
      wo = off(p + "wo");
      bo = off(p + "bo");
      ln2g = off(p + "ln2_g");
      ln2b = off(p + "ln2_b");
      b1 = off(p + "b1");
      b2 = off(p + "b2");
      if (spec.kind() == Kind.HYPER) {
        w1 = -1;
        w2 = -1;
        modules = new HyperModule[] {new HyperModule(p + "h1_", dim, mlp), new HyperModule(p + "h2_", mlp, dim)};
      } else {
        w1 = off(p + "w1");
        w2 = off(p + "w2");
        modules = null;
      }
    }
  }

  /** Offsets of one hyper-module's tensors and the generated matrix's shape. */
  private final class HyperModule {
    final int keys;
    final int values;
    final int router;
    final int gen;
    final int genB;
    final int in;
    final int out;

    HyperModule(String p, int in, int out) {
      keys = off(p + "keys");
      values = off(p + "values");
      router = off(p + "router");
      gen = off(p + "gen");
      genB = off(p + "gen_b");
      this.in = in;
      this.out = out;
    }
  }

  /** Offsets of one readout head. */
  private final class Head {
    final int outW;
    final int outB;
    final int haltW;
    final int haltB;

    Head(String s) {
      outW = off("out_w" + s);
      outB = off("out_b" + s);
      haltW = off("halt_w" + s);
      haltB = off("halt_b" + s);
    }
  }

  private int off(String name) {
    return layout.get(name).offset();
  }

  public TransformerSpec spec() {
    return spec;
  }

  @Override
  public int parameterCount() {
    return layout.total();
  }

  @Override
  public int outputs() {
    return classes;
  }

  @Override
  public void initialize(float[] params, long seed, float haltingBias) {
    layout.initialize(params, new SplittableRandom(seed), haltingBias);
  }

  @Override
  public float[] outputLogits() {
    return outputLogits;
  }

  @Override
  public float[] haltingLogits() {
    return haltingLogits;
  }

  /** ‖h_n‖ over all L·d values of each example's state after step n (before the final norm). */
  @Override
  public float[] hiddenNorms() {
    return hiddenNorms;
  }

  private Block block(int n) {
    return spec.kind() == Kind.FIXED ? blocks[n - 1] : blocks[0];
  }

  private Head head(int n) {
    return spec.kind() == Kind.FIXED ? readouts[n - 1] : readouts[0];
  }

  // ================================================================ forward

  @Override
  public void forward(float[] params, float[] x, int batch, int steps) {
    if (batch < 1 || batch > maxBatch || steps < 1 || steps > maxSteps) {
      throw new IllegalArgumentException("batch " + batch + " (max " + maxBatch + ") or steps " + steps
          + " (max " + maxSteps + ") out of range");
    }
    this.batch = batch;
    this.steps = steps;
    int rows = batch * len;
    float[] h0 = h[0];
    for (int r = 0; r < rows; r++) {
      float xv = x[r];
      int id = (int) xv;
      if (id < 0 || id >= spec.vocabulary() || id != xv) {
        throw new IllegalArgumentException("input " + xv + " is not a token id in [0, " + spec.vocabulary() + ")");
      }
      tokens[r] = id;
      int t = tokEmb + id * dim;
      int p = posEmb + (r % len) * dim;
      for (int j = 0; j < dim; j++) {
        h0[r * dim + j] = params[t + j] + params[p + j];
      }
    }
    for (int n = 1; n <= steps; n++) {
      Block blk = block(n);
      float[] in;
      if (spec.kind() == Kind.FIXED) {
        in = h[n - 1];
      } else {
        in = u[n];
        float[] prev = h[n - 1];
        int s = stepEmb[n];
        for (int r = 0; r < rows; r++) {
          for (int j = 0; j < dim; j++) {
            in[r * dim + j] = prev[r * dim + j] + params[s + j];
          }
        }
      }
      blockForward(params, blk, n, in);
      readoutForward(params, head(n), n);
    }
  }

  private void blockForward(float[] params, Block blk, int n, float[] in) {
    int rows = batch * len;
    layerNorm(in, rows, params, blk.ln1g, blk.ln1b, x1hat[n], rstd1[n], x1[n]);
    linear(x1[n], rows, dim, dim, params, blk.wq, blk.bq, q[n]);
    linear(x1[n], rows, dim, dim, params, blk.wk, blk.bk, k[n]);
    linear(x1[n], rows, dim, dim, params, blk.wv, blk.bv, v[n]);
    attentionForward(n);
    // a = in + o·W_o + b_o
    float[] an = a[n];
    linear(o[n], rows, dim, dim, params, blk.wo, blk.bo, an);
    for (int i = 0; i < rows * dim; i++) {
      an[i] += in[i];
    }
    layerNorm(an, rows, params, blk.ln2g, blk.ln2b, x2hat[n], rstd2[n], x2[n]);
    float[] hn = h[n];
    if (blk.modules == null) {
      linear(x2[n], rows, dim, mlp, params, blk.w1, blk.b1, z1[n]);
      gelu(z1[n], g[n], rows * mlp);
      linear(g[n], rows, mlp, dim, params, blk.w2, blk.b2, hn);
    } else {
      route(params, blk, n);
      generate(params, blk.modules[0], mix[0][n], generated[0]);
      generate(params, blk.modules[1], mix[1][n], generated[1]);
      int w1Size = dim * mlp;
      for (int b = 0; b < batch; b++) {
        int r0 = b * len;
        Matmul.multiply(len, mlp, dim, x2[n], r0 * dim, dim, 1, generated[0], b * w1Size, mlp,
            z1[n], r0 * mlp, mlp, false);
      }
      addBias(z1[n], rows, mlp, params, blk.b1);
      gelu(z1[n], g[n], rows * mlp);
      for (int b = 0; b < batch; b++) {
        int r0 = b * len;
        Matmul.multiply(len, dim, mlp, g[n], r0 * mlp, mlp, 1, generated[1], b * w1Size, dim,
            hn, r0 * dim, dim, false);
      }
      addBias(hn, rows, dim, params, blk.b2);
    }
    for (int i = 0; i < rows * dim; i++) {
      hn[i] += an[i];
    }
  }

  /** Softmax attention per example and head: attn = softmax(QKᵀ/√d_h), o = attn·V. */
  private void attentionForward(int n) {
    float scale = (float) (1 / Math.sqrt(headDim));
    float[] qn = q[n];
    float[] kn = k[n];
    float[] vn = v[n];
    float[] pn = attn[n];
    float[] on = o[n];
    int ll = len * len;
    for (int b = 0; b < batch; b++) {
      for (int hh = 0; hh < heads; hh++) {
        int base = b * len * dim + hh * headDim;
        int pOff = (b * heads + hh) * ll;
        sliceTranspose(kn, base, headDim);
        Matmul.multiply(len, len, headDim, qn, base, dim, 1, sliceT, 0, len, pn, pOff, len, false);
        for (int i = 0; i < len; i++) {
          int row = pOff + i * len;
          float max = Float.NEGATIVE_INFINITY;
          for (int j = 0; j < len; j++) {
            pn[row + j] *= scale;
            max = Math.max(max, pn[row + j]);
          }
          float sum = 0;
          for (int j = 0; j < len; j++) {
            float ev = VectorMath.exp(pn[row + j] - max);
            pn[row + j] = ev;
            sum += ev;
          }
          float inv = 1 / sum;
          for (int j = 0; j < len; j++) {
            pn[row + j] *= inv;
          }
        }
        Matmul.multiply(len, headDim, len, pn, pOff, len, 1, vn, base, dim, on, base, dim, false);
      }
    }
  }

  /** Hyper-UT router for both modules of step n: pooled state → query → scores over the pool → mix. */
  private void route(float[] params, Block blk, int n) {
    int e = spec.moduleDim();
    int pool = spec.poolSize();
    float[] pl = pooled[n];
    float[] xs = x2[n];
    float invLen = 1f / len;
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < dim; j++) {
        float s = 0;
        for (int i = 0; i < len; i++) {
          s += xs[(b * len + i) * dim + j];
        }
        pl[b * dim + j] = s * invLen;
      }
    }
    float scale = (float) (1 / Math.sqrt(e));
    for (int j = 0; j < 2; j++) {
      HyperModule hm = blk.modules[j];
      float[] qr = routerQuery[j][n];
      float[] sc = routerScores[j][n];
      Matmul.multiply(batch, e, dim, pl, 0, dim, 1, params, hm.router, e, qr, 0, e, false);
      Matmul.multiplyTransposedB(batch, pool, e, qr, 0, e, params, hm.keys, e, sc, 0, pool, false);
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
      Matmul.multiply(batch, e, pool, sc, 0, pool, 1, params, hm.values, e, mix[j][n], 0, e, false);
    }
  }

  /** W_b = mix_b·G + G₀ for every example: [B, in·out]. */
  private void generate(float[] params, HyperModule hm, float[] mixN, float[] into) {
    int e = spec.moduleDim();
    int size = hm.in * hm.out;
    Matmul.multiply(batch, size, e, mixN, 0, e, 1, params, hm.gen, size, into, 0, size, false);
    addBias(into, batch, size, params, hm.genB);
  }

  private void generateWith(float[] mixN, float[] gen, float[] genBias, int size, float[] into) {
    int e = spec.moduleDim();
    Matmul.multiply(batch, size, e, mixN, 0, e, 1, gen, 0, size, into, 0, size, false);
    addBias(into, batch, size, genBias, 0);
  }

  /**
   * G and G₀ of both hyper-modules with their columns permuted so that mix·G' + G₀' is the
   * transpose of the generated matrix: column i·out + o moves to o·in + i.
   */
  private void permuteGenerators(float[] params) {
    int e = spec.moduleDim();
    for (int j = 0; j < 2; j++) {
      HyperModule hm = blocks[0].modules[j];
      int size = hm.in * hm.out;
      for (int i = 0; i < hm.in; i++) {
        for (int o = 0; o < hm.out; o++) {
          int from = i * hm.out + o;
          int to = o * hm.in + i;
          for (int r = 0; r < e; r++) {
            permutedGen[j][r * size + to] = params[hm.gen + r * size + from];
          }
          permutedGenBias[j][to] = params[hm.genB + from];
        }
      }
    }
  }

  private void readoutForward(float[] params, Head hd, int n) {
    float[] hn = h[n];
    float[] fh = fhat[n];
    float[] rs = rstdf[n];
    float[] fo = f[n];
    for (int b = 0; b < batch; b++) {
      int src = b * len * dim; // token 0 of example b
      normRow(hn, src, params, lnfG, lnfB, fh, b * dim, rs, b, fo, b * dim);
      double ss = 0;
      for (int i = src; i < src + len * dim; i++) {
        ss += (double) hn[i] * hn[i];
      }
      hiddenNorms[(n - 1) * batch + b] = (float) Math.sqrt(ss);
    }
    int outBase = (n - 1) * batch * classes;
    Matmul.multiply(batch, classes, dim, fo, 0, dim, 1, params, hd.outW, classes, outputLogits, outBase, classes, false);
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < classes; c++) {
        outputLogits[outBase + b * classes + c] += params[hd.outB + c];
      }
      float s = params[hd.haltB];
      for (int j = 0; j < dim; j++) {
        s += fo[b * dim + j] * params[hd.haltW + j];
      }
      haltingLogits[(n - 1) * batch + b] = s;
    }
  }

  // ================================================================ backward

  @Override
  public void backward(float[] params, float[] dOutputLogits, float[] dHaltingLogits, float[] grads) {
    Arrays.fill(grads, 0, layout.total(), 0f);
    int rows = batch * len;
    Arrays.fill(dh, 0, rows * dim, 0f);
    if (spec.kind() == Kind.HYPER) {
      permuteGenerators(params);
    }
    for (int n = steps; n >= 1; n--) {
      readoutBackward(params, head(n), n, dOutputLogits, dHaltingLogits, grads);
      blockBackward(params, block(n), n, grads);
      // dh now holds dL/du_n; u_n = h_{n−1} + s_n
      if (spec.kind() != Kind.FIXED) {
        columnSums(dh, rows, dim, grads, stepEmb[n]);
      }
    }
    for (int r = 0; r < rows; r++) {
      int t = tokEmb + tokens[r] * dim;
      int p = posEmb + (r % len) * dim;
      for (int j = 0; j < dim; j++) {
        float gv = dh[r * dim + j];
        grads[t + j] += gv;
        grads[p + j] += gv;
      }
    }
  }

  /** Adds step n's head gradients and dL/dh_n[token 0] (through LN_f) into dh. */
  private void readoutBackward(float[] params, Head hd, int n, float[] dOut, float[] dHalt, float[] grads) {
    int outBase = (n - 1) * batch * classes;
    int haltBase = (n - 1) * batch;
    float[] fo = f[n];
    // dW_out += fᵀ·dY, db_out += Σ dY, dw_halt += fᵀ·da, db_halt += Σ da
    Matmul.multiply(dim, classes, batch, fo, 0, 1, dim, dOut, outBase, classes, grads, hd.outW, classes, true);
    for (int b = 0; b < batch; b++) {
      for (int c = 0; c < classes; c++) {
        grads[hd.outB + c] += dOut[outBase + b * classes + c];
      }
      float dA = dHalt[haltBase + b];
      grads[hd.haltB] += dA;
      for (int j = 0; j < dim; j++) {
        grads[hd.haltW + j] += fo[b * dim + j] * dA;
      }
    }
    // df = dY·W_outᵀ + da·w_haltᵀ
    Matmul.multiplyTransposedB(batch, dim, classes, dOut, outBase, classes, params, hd.outW, classes, df, 0, dim, false);
    for (int b = 0; b < batch; b++) {
      float dA = dHalt[haltBase + b];
      for (int j = 0; j < dim; j++) {
        df[b * dim + j] += dA * params[hd.haltW + j];
      }
    }
    layerNormBackward(df, batch, fhat[n], rstdf[n], params, lnfG, grads, lnfG, lnfB, dfirst);
    for (int b = 0; b < batch; b++) {
      int dst = b * len * dim;
      for (int j = 0; j < dim; j++) {
        dh[dst + j] += dfirst[b * dim + j];
      }
    }
  }

  /** On entry dh = dL/dh_n; on exit dh = dL/du_n (the block's input). */
  private void blockBackward(float[] params, Block blk, int n, float[] grads) {
    int rows = batch * len;
    int rd = rows * dim;
    // ---- MLP: h = a + mlp(x2): da starts as dh; dx (= dL/dx2) from the MLP
    if (blk.modules == null) {
      columnSums(dh, rows, dim, grads, blk.b2);
      Matmul.multiply(mlp, dim, rows, g[n], 0, 1, mlp, dh, 0, dim, grads, blk.w2, dim, true);
      transpose(params, blk.w2, mlp, dim, transposed); // W₂ᵀ [d, m]
      Matmul.multiply(rows, mlp, dim, dh, 0, dim, 1, transposed, 0, mlp, dz, 0, mlp, false);
      geluBackward(z1[n], dz, rows * mlp);
      columnSums(dz, rows, mlp, grads, blk.b1);
      Matmul.multiply(dim, mlp, rows, x2[n], 0, 1, dim, dz, 0, mlp, grads, blk.w1, mlp, true);
      transpose(params, blk.w1, dim, mlp, transposed); // W₁ᵀ [m, d]
      Matmul.multiply(rows, dim, mlp, dz, 0, mlp, 1, transposed, 0, dim, dx, 0, dim, false);
    } else {
      hyperMlpBackward(params, blk, n, grads);
    }
    System.arraycopy(dh, 0, da, 0, rd);
    layerNormBackwardAccumulate(dx, rows, x2hat[n], rstd2[n], params, blk.ln2g, grads, blk.ln2g, blk.ln2b, da);
    // ---- attention: a = in + o·W_o + b_o
    columnSums(da, rows, dim, grads, blk.bo);
    Matmul.multiply(dim, dim, rows, o[n], 0, 1, dim, da, 0, dim, grads, blk.wo, dim, true);
    transpose(params, blk.wo, dim, dim, transposed);
    Matmul.multiply(rows, dim, dim, da, 0, dim, 1, transposed, 0, dim, dO, 0, dim, false);
    attentionBackward(n);
    // q, k, v = x1·W + b
    Arrays.fill(dx, 0, rd, 0f);
    projectionBackward(params, n, dq, blk.wq, blk.bq, grads);
    projectionBackward(params, n, dk, blk.wk, blk.bk, grads);
    projectionBackward(params, n, dv, blk.wv, blk.bv, grads);
    // in → a (residual) and in → LN₁ → x1
    System.arraycopy(da, 0, dh, 0, rd);
    layerNormBackwardAccumulate(dx, rows, x1hat[n], rstd1[n], params, blk.ln1g, grads, blk.ln1g, blk.ln1b, dh);
  }

  private void projectionBackward(float[] params, int n, float[] dOutProj, int w, int bias, float[] grads) {
    int rows = batch * len;
    columnSums(dOutProj, rows, dim, grads, bias);
    Matmul.multiply(dim, dim, rows, x1[n], 0, 1, dim, dOutProj, 0, dim, grads, w, dim, true);
    transpose(params, w, dim, dim, transposed);
    Matmul.multiply(rows, dim, dim, dOutProj, 0, dim, 1, transposed, 0, dim, dx, 0, dim, true);
  }

  private void attentionBackward(int n) {
    float scale = (float) (1 / Math.sqrt(headDim));
    float[] qn = q[n];
    float[] kn = k[n];
    float[] vn = v[n];
    float[] pn = attn[n];
    int ll = len * len;
    for (int b = 0; b < batch; b++) {
      for (int hh = 0; hh < heads; hh++) {
        int base = b * len * dim + hh * headDim;
        int pOff = (b * heads + hh) * ll;
        // dP = dO·Vᵀ ; dV = Pᵀ·dO
        sliceTranspose(vn, base, headDim);
        Matmul.multiply(len, len, headDim, dO, base, dim, 1, sliceT, 0, len, dP, 0, len, false);
        Matmul.multiply(len, headDim, len, pn, pOff, 1, len, dO, base, dim, dv, base, dim, false);
        // dS = P ⊙ (dP − Σ_j P·dP) · scale (in place in dP)
        for (int i = 0; i < len; i++) {
          float dot = 0;
          for (int j = 0; j < len; j++) {
            dot += pn[pOff + i * len + j] * dP[i * len + j];
          }
          for (int j = 0; j < len; j++) {
            dP[i * len + j] = pn[pOff + i * len + j] * (dP[i * len + j] - dot) * scale;
          }
        }
        // dQ = dS·K ; dK = dSᵀ·Q
        Matmul.multiply(len, headDim, len, dP, 0, len, 1, kn, base, dim, dq, base, dim, false);
        Matmul.multiply(len, headDim, len, dP, 0, 1, len, qn, base, dim, dk, base, dim, false);
      }
    }
  }

  /** Backward of the hyper-modules' MLP: dh → dx (= dL/dx2), with router and pool gradients. */
  private void hyperMlpBackward(float[] params, Block blk, int n, float[] grads) {
    int rows = batch * len;
    int size = dim * mlp;
    // regenerate this step's weights, transposed (W_bᵀ = mix_b·G' + G₀' with G's columns permuted
    // by permuteGenerators): recomputing is cheaper than keeping N copies, and the transposes let
    // the per-example products run on the register tiles
    generateWith(mix[0][n], permutedGen[0], permutedGenBias[0], size, generated[0]);
    generateWith(mix[1][n], permutedGen[1], permutedGenBias[1], size, generated[1]);
    columnSums(dh, rows, dim, grads, blk.b2);
    for (int b = 0; b < batch; b++) {
      int r0 = b * len;
      // dW₂_b = g_bᵀ·dh_b [m, d] ; dg_b = dh_b·W₂_bᵀ (W₂_bᵀ is [d, m])
      Matmul.multiply(mlp, dim, len, g[n], r0 * mlp, 1, mlp, dh, r0 * dim, dim, dGenerated[1], b * size, dim, false);
      Matmul.multiply(len, mlp, dim, dh, r0 * dim, dim, 1, generated[1], b * size, mlp, dz, r0 * mlp, mlp, false);
    }
    geluBackward(z1[n], dz, rows * mlp);
    columnSums(dz, rows, mlp, grads, blk.b1);
    for (int b = 0; b < batch; b++) {
      int r0 = b * len;
      // dW₁_b = x2_bᵀ·dz_b [d, m] ; dx2_b = dz_b·W₁_bᵀ (W₁_bᵀ is [m, d])
      Matmul.multiply(dim, mlp, len, x2[n], r0 * dim, 1, dim, dz, r0 * mlp, mlp, dGenerated[0], b * size, mlp, false);
      Matmul.multiply(len, dim, mlp, dz, r0 * mlp, mlp, 1, generated[0], b * size, dim, dx, r0 * dim, dim, false);
    }
    int e = spec.moduleDim();
    int pool = spec.poolSize();
    float scale = (float) (1 / Math.sqrt(e));
    Arrays.fill(dPooled, 0, batch * dim, 0f);
    for (int j = 0; j < 2; j++) {
      HyperModule hm = blk.modules[j];
      float[] dW = dGenerated[j];
      float[] mx = mix[j][n];
      float[] sc = routerScores[j][n];
      float[] qr = routerQuery[j][n];
      // W = mix·G + G₀
      columnSums(dW, batch, size, grads, hm.genB);
      Matmul.multiply(e, size, batch, mx, 0, 1, e, dW, 0, size, grads, hm.gen, size, true);
      Matmul.multiplyTransposedB(batch, e, size, dW, 0, size, params, hm.gen, size, dMix, 0, e, false);
      // mix = s·values
      Matmul.multiply(pool, e, batch, sc, 0, 1, pool, dMix, 0, e, grads, hm.values, e, true);
      Matmul.multiplyTransposedB(batch, pool, e, dMix, 0, e, params, hm.values, e, dScores, 0, pool, false);
      // s = softmax(scale·q·keysᵀ)
      for (int b = 0; b < batch; b++) {
        int row = b * pool;
        float dot = 0;
        for (int m = 0; m < pool; m++) {
          dot += sc[row + m] * dScores[row + m];
        }
        for (int m = 0; m < pool; m++) {
          dScores[row + m] = sc[row + m] * (dScores[row + m] - dot) * scale;
        }
      }
      Matmul.multiply(batch, e, pool, dScores, 0, pool, 1, params, hm.keys, e, dQuery, 0, e, false);
      Matmul.multiply(pool, e, batch, dScores, 0, 1, pool, qr, 0, e, grads, hm.keys, e, true);
      // q = pooled·W_r
      Matmul.multiply(dim, e, batch, pooled[n], 0, 1, dim, dQuery, 0, e, grads, hm.router, e, true);
      Matmul.multiplyTransposedB(batch, dim, e, dQuery, 0, e, params, hm.router, e, dPooled, 0, dim, true);
    }
    // pooled = mean over tokens of x2
    float invLen = 1f / len;
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < len; i++) {
        int r = (b * len + i) * dim;
        for (int jj = 0; jj < dim; jj++) {
          dx[r + jj] += dPooled[b * dim + jj] * invLen;
        }
      }
    }
  }

  // ================================================================ pieces

  /** sliceT [cols, L] = transpose of the [L, cols] slice of a [B·L, d] matrix starting at base. */
  private void sliceTranspose(float[] m, int base, int cols) {
    for (int i = 0; i < len; i++) {
      int row = base + i * dim;
      for (int j = 0; j < cols; j++) {
        sliceT[j * len + i] = m[row + j];
      }
    }
  }

  /** out = x·W + b for x [rows, in], W [in, out] at w, b [out] at bias. */
  private static void linear(float[] x, int rows, int in, int out, float[] params, int w, int bias, float[] y) {
    Matmul.multiply(rows, out, in, x, 0, in, 1, params, w, out, y, 0, out, false);
    addBias(y, rows, out, params, bias);
  }

  private static void addBias(float[] y, int rows, int cols, float[] params, int bias) {
    for (int r = 0; r < rows; r++) {
      int row = r * cols;
      for (int c = 0; c < cols; c++) {
        y[row + c] += params[bias + c];
      }
    }
  }

  /** grads[at + c] += Σ_r m[r, c]. */
  private void columnSums(float[] m, int rows, int cols, float[] grads, int at) {
    Arrays.fill(colSum, 0, cols, 0f);
    for (int r = 0; r < rows; r++) {
      int row = r * cols;
      for (int c = 0; c < cols; c++) {
        colSum[c] += m[row + c];
      }
    }
    for (int c = 0; c < cols; c++) {
      grads[at + c] += colSum[c];
    }
  }

  /** dst [cols, rows] = transpose of params' [rows, cols] matrix at off. */
  private static void transpose(float[] params, int off, int rows, int cols, float[] dst) {
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        dst[c * rows + r] = params[off + r * cols + c];
      }
    }
  }

  private void layerNorm(float[] x, int rows, float[] params, int gain, int bias, float[] xhat, float[] rstd, float[] y) {
    for (int r = 0; r < rows; r++) {
      normRow(x, r * dim, params, gain, bias, xhat, r * dim, rstd, r, y, r * dim);
    }
  }

  /** One row of layer norm: x̂ = (x − μ)/√(σ² + ε), y = g ⊙ x̂ + b. */
  private void normRow(float[] x, int src, float[] params, int gain, int bias, float[] xhat, int dst,
      float[] rstd, int rIndex, float[] y, int yDst) {
    float mean = 0;
    for (int j = 0; j < dim; j++) {
      mean += x[src + j];
    }
    mean /= dim;
    float var = 0;
    for (int j = 0; j < dim; j++) {
      float c = x[src + j] - mean;
      var += c * c;
    }
    var /= dim;
    float r = (float) (1 / Math.sqrt(var + LN_EPS));
    rstd[rIndex] = r;
    for (int j = 0; j < dim; j++) {
      float xh = (x[src + j] - mean) * r;
      xhat[dst + j] = xh;
      y[yDst + j] = xh * params[gain + j] + params[bias + j];
    }
  }

  /** dx = LN backward of dy (overwrites dx), accumulating the gain and bias gradients. */
  private void layerNormBackward(float[] dy, int rows, float[] xhat, float[] rstd, float[] params, int gain,
      float[] grads, int dGain, int dBias, float[] dxOut) {
    Arrays.fill(dxOut, 0, rows * dim, 0f);
    layerNormBackwardAccumulate(dy, rows, xhat, rstd, params, gain, grads, dGain, dBias, dxOut);
  }

  /**
   * dxOut += LN backward of dy: dx = r·(dx̂ − mean(dx̂) − x̂·mean(dx̂ ⊙ x̂)) with dx̂ = dy ⊙ g;
   * grads[dGain] += Σ dy ⊙ x̂, grads[dBias] += Σ dy.
   */
  private void layerNormBackwardAccumulate(float[] dy, int rows, float[] xhat, float[] rstd, float[] params,
      int gain, float[] grads, int dGain, int dBias, float[] dxOut) {
    float invD = 1f / dim;
    for (int r = 0; r < rows; r++) {
      int row = r * dim;
      float sum = 0;
      float sumX = 0;
      for (int j = 0; j < dim; j++) {
        float dyv = dy[row + j];
        float xh = xhat[row + j];
        grads[dGain + j] += dyv * xh;
        grads[dBias + j] += dyv;
        float dxh = dyv * params[gain + j];
        sum += dxh;
        sumX += dxh * xh;
      }
      float mean = sum * invD;
      float meanX = sumX * invD;
      float rs = rstd[r];
      for (int j = 0; j < dim; j++) {
        float dxh = dy[row + j] * params[gain + j];
        dxOut[row + j] += rs * (dxh - mean - xhat[row + j] * meanX);
      }
    }
  }

  /** y = ½x(1 + tanh(√(2/π)(x + 0.044715x³))); tanh lanewise by {@link VectorMath#tanh(float[], int, float[], int, int)}. */
  private void gelu(float[] x, float[] y, int count) {
    float[] t = geluScratch;
    for (int i = 0; i < count; i++) {
      float xv = x[i];
      t[i] = GELU_C * (xv + GELU_A * xv * xv * xv);
    }
    VectorMath.tanh(t, 0, t, 0, count);
    for (int i = 0; i < count; i++) {
      y[i] = 0.5f * x[i] * (1 + t[i]);
    }
  }

  /** dy ← dy ⊙ gelu'(x), in place: ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²). */
  private void geluBackward(float[] x, float[] dy, int count) {
    float[] t = geluScratch;
    for (int i = 0; i < count; i++) {
      float xv = x[i];
      t[i] = GELU_C * (xv + GELU_A * xv * xv * xv);
    }
    VectorMath.tanh(t, 0, t, 0, count);
    for (int i = 0; i < count; i++) {
      float xv = x[i];
      float tv = t[i];
      float deriv = 0.5f * (1 + tv) + 0.5f * xv * (1 - tv * tv) * GELU_C * (1 + 3 * GELU_A * xv * xv);
      dy[i] *= deriv;
    }
  }
}
