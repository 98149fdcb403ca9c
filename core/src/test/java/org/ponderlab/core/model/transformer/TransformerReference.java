package org.ponderlab.core.model.transformer;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.ponderlab.core.model.Network;
import org.ponderlab.core.model.transformer.ParameterLayout.Tensor;
import org.ponderlab.core.model.transformer.TransformerSpec.Kind;

/**
 * The transformer models of {@link TransformerKernel} written op by op in ND4J SameDiff, as an
 * independent reference: SameDiff's autodiff gives the gradients without any of the kernel's hand
 * derivation, and in double precision it is the model the finite-difference tests check. Its
 * parameter table is its own ({@link ReferenceLayout}, written from the architecture, not the
 * kernel's {@code TransformerParameters}), and so are its formulas (layer norm with ε = 1e-5
 * written out, tanh-approximation GELU written out, softmax attention, Hyper-UT's hyper-modules as
 * HALTING.md and paper 003 §3.1 define them) and its embedding: the lookup is a one-hot of the
 * token ids (SameDiff's {@code oneHot}) times the token table, plus the position table broadcast
 * over the batch, so the gradient's scatter-add over repeated ids is SameDiff's own matmul backward
 * (no loop of ours). A layout or formula slip in the kernel cannot hide in both. Kernel and
 * reference agree to float rounding.
 *
 * <p>It implements {@link Network} and can train, but slowly: SameDiff 1.0.0-M2.1 spends about a
 * millisecond of session overhead per op on this machine and its layer_norm_bp took 8.8 ms per call
 * at [1536, 32], so a UT iteration (batch 64, L 24, d 32, N 10) took 1.5–3 s (under load) against
 * tens of milliseconds for the kernel.
 *
 * <p>{@link #backward} evaluates the linear functional Σ outputLogits ⊙ dOut + Σ haltingLogits ⊙
 * dHalt with dOut and dHalt as placeholders; its gradient with respect to the logits is exactly
 * (dOut, dHalt), so SameDiff's gradient of this scalar is the backpropagation of the halting
 * method's gradient. SameDiff recomputes the forward inside {@code calculateGradients}. One graph
 * per step count, built on first use. Not thread-safe.
 */
public final class TransformerReference implements Network {

  private static final String TOKENS = "tokens";
  private static final String D_OUT = "dOut";
  private static final String D_HALT = "dHalt";
  private static final String LOGITS = "logits";
  private static final String HALTING = "halting";
  private static final String NORMS = "norms";
  private static final String LOSS = "loss";

  private final TransformerSpec spec;
  private final int maxBatch;
  private final DataType dtype;
  private final ParameterLayout layout;
  private final Map<Integer, Graph> graphs = new HashMap<>();
  private final float[] outputLogits;
  private final float[] haltingLogits;
  private final float[] hiddenNorms;
  private final int[] tokenBuffer;
  private Graph last;
  private INDArray lastTokens;
  private double[] lastLogits;
  private double[] lastHalting;
  private int batch;
  private int steps;

  /** The float32 network the trainer uses. */
  public TransformerReference(TransformerSpec spec, int maxBatch) {
    this(spec, maxBatch, DataType.FLOAT);
  }

  /**
   * @param dtype FLOAT for training; DOUBLE for gradient checks (parameters and logits still pass
   *     through the contract's float arrays)
   */
  public TransformerReference(TransformerSpec spec, int maxBatch, DataType dtype) {
    this.spec = spec;
    this.maxBatch = maxBatch;
    this.dtype = dtype;
    this.layout = ReferenceLayout.of(spec);
    this.outputLogits = new float[spec.maxSteps() * maxBatch * spec.outputs()];
    this.haltingLogits = new float[spec.maxSteps() * maxBatch];
    this.hiddenNorms = new float[spec.maxSteps() * maxBatch];
    this.tokenBuffer = new int[maxBatch * spec.length()];
  }

  public TransformerSpec spec() {
    return spec;
  }

  // ---------------------------------------------------------------- parameters

  @Override
  public int parameterCount() {
    return layout.total();
  }

  /** The tensors of the flat parameter buffer in order, as "name[shape]@offset". */
  public List<String> parameterNames() {
    List<String> names = new ArrayList<>();
    for (Tensor t : layout.tensors()) {
      names.add(t.name() + java.util.Arrays.toString(t.shape()) + "@" + t.offset());
    }
    return names;
  }

  ParameterLayout layout() {
    return layout;
  }

  /** Offset of a named tensor in the flat buffer (for tests and inspection). */
  public int offsetOf(String name) {
    return layout.get(name).offset();
  }

  @Override
  public int outputs() {
    return spec.outputs();
  }

  @Override
  public void initialize(float[] params, long seed, float haltingBias) {
    layout.initialize(params, new SplittableRandom(seed), haltingBias);
  }

  // ---------------------------------------------------------------- forward / backward

  @Override
  public void forward(float[] params, float[] x, int batch, int steps) {
    if (batch < 1 || batch > maxBatch || steps < 1 || steps > spec.maxSteps()) {
      throw new IllegalArgumentException(
          "batch "
              + batch
              + " (max "
              + maxBatch
              + ") or steps "
              + steps
              + " (max "
              + spec.maxSteps()
              + ") out of range");
    }
    Graph g = graph(steps);
    g.load(params);
    int l = spec.length();
    for (int i = 0; i < batch * l; i++) {
      int v = (int) x[i];
      if (v < 0 || v >= spec.vocabulary() || v != x[i]) {
        throw new IllegalArgumentException(
            "input " + x[i] + " is not a token id in [0, " + spec.vocabulary() + ")");
      }
      tokenBuffer[i] = v;
    }
    INDArray tokens = Nd4j.createFromArray(java.util.Arrays.copyOf(tokenBuffer, batch * l));
    Map<String, INDArray> out = g.sd.output(Map.of(TOKENS, tokens), LOGITS, HALTING, NORMS);
    copyOut(out.get(LOGITS), outputLogits, steps * batch * spec.outputs());
    copyOut(out.get(HALTING), haltingLogits, steps * batch);
    copyOut(out.get(NORMS), hiddenNorms, steps * batch);
    this.lastLogits = flatDouble(out.get(LOGITS));
    this.lastHalting = flatDouble(out.get(HALTING));
    this.last = g;
    this.lastTokens = tokens;
    this.batch = batch;
    this.steps = steps;
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

  @Override
  public void backward(
      float[] params, float[] dOutputLogits, float[] dHaltingLogits, float[] grads) {
    if (last == null) {
      throw new IllegalStateException("backward before forward");
    }
    Graph g = last;
    g.load(params);
    INDArray dOut = Nd4j.create(dtype, steps, batch, spec.outputs());
    INDArray dHalt = Nd4j.create(dtype, steps, batch);
    copyIn(dOutputLogits, 0, dOut, steps * batch * spec.outputs());
    copyIn(dHaltingLogits, 0, dHalt, steps * batch);
    Map<String, INDArray> placeholders = Map.of(D_OUT, dOut, D_HALT, dHalt, TOKENS, lastTokens);
    Map<String, INDArray> gradients = g.gradients(placeholders);
    java.util.Arrays.fill(grads, 0, layout.total(), 0f);
    for (Tensor t : g.used) {
      INDArray gr = gradients.get(t.name());
      if (gr == null) {
        continue; // not reachable from the loss in this graph
      }
      copyOut(gr, grads, t.offset(), t.size());
    }
  }

  /**
   * Σ dOut ⊙ logits + Σ dHalt ⊙ halting of the last forward, from the logits in the network's own
   * precision (not rounded to float): the functional {@link #backward} differentiates, for
   * finite-difference checks.
   */
  double linearFunctional(float[] dOut, float[] dHalt) {
    double sum = 0;
    for (int i = 0; i < lastLogits.length; i++) {
      sum += lastLogits[i] * dOut[i];
    }
    for (int i = 0; i < lastHalting.length; i++) {
      sum += lastHalting[i] * dHalt[i];
    }
    return sum;
  }

  // ---------------------------------------------------------------- copying

  private static double[] flatDouble(INDArray a) {
    INDArray c = a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
    return java.util.Arrays.copyOf(c.data().asDouble(), (int) a.length());
  }

  private void copyIn(float[] src, int offset, INDArray dst, int count) {
    if (dtype == DataType.FLOAT) {
      float[] slice =
          offset == 0 && src.length == count
              ? src
              : java.util.Arrays.copyOfRange(src, offset, offset + count);
      dst.data().setData(slice);
    } else {
      double[] d = new double[count];
      for (int i = 0; i < count; i++) {
        d[i] = src[offset + i];
      }
      dst.data().setData(d);
    }
  }

  private static void copyOut(INDArray a, float[] dst, int count) {
    copyOut(a, dst, 0, count);
  }

  private static void copyOut(INDArray a, float[] dst, int offset, int count) {
    INDArray c = a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
    if (c.length() != count) {
      throw new IllegalStateException(
          "expected " + count + " values, got shape " + java.util.Arrays.toString(a.shape()));
    }
    if (c.dataType() == DataType.FLOAT) {
      float[] v = c.data().asFloat();
      System.arraycopy(v, 0, dst, offset, count);
    } else {
      double[] v = c.data().asDouble();
      for (int i = 0; i < count; i++) {
        dst[offset + i] = (float) v[i];
      }
    }
  }

  // ---------------------------------------------------------------- graph

  private Graph graph(int steps) {
    return graphs.computeIfAbsent(steps, Graph::new);
  }

  /** The SameDiff graph for one step count. */
  private final class Graph {
    final SameDiff sd = SameDiff.create();
    final List<Tensor> used = new ArrayList<>();
    final Map<String, SDVariable> vars = new HashMap<>();
    final String[] gradientNames;
    boolean gradientsBuilt;

    Graph(int steps) {
      build(steps);
      List<String> names = new ArrayList<>();
      used.forEach(t -> names.add(t.name()));
      gradientNames = names.toArray(String[]::new);
    }

    SDVariable p(String name) {
      return vars.computeIfAbsent(
          name,
          n -> {
            Tensor t = layout.get(n);
            used.add(t);
            return sd.var(n, Nd4j.zeros(dtype, t.shape()));
          });
    }

    void load(float[] params) {
      for (Tensor t : used) {
        copyIn(params, t.offset(), vars.get(t.name()).getArr(), t.size());
      }
    }

    Map<String, INDArray> gradients(Map<String, INDArray> placeholders) {
      if (!gradientsBuilt) {
        // SameDiff 1.0.0-M2.1 prints a line per differentiated op to System.out while it builds
        // the gradient graph (once per graph); mute only that call.
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
          gradientsBuilt = true;
          return sd.calculateGradients(placeholders, gradientNames);
        } finally {
          System.setOut(stdout);
        }
      }
      return sd.calculateGradients(placeholders, gradientNames);
    }

    private void build(int steps) {
      int l = spec.length();
      int d = spec.dim();
      // [B·L, d] state h_0 = tok_emb[a_i] + pos_emb[i]: the lookup as one-hot(a)·tok_emb (its
      // backward, one-hotᵀ·dh, is the scatter-add over repeated ids) and the positions added
      // broadcast over the batch ([B, L, d] + [L, d]). Not gather: SameDiff 1.0.0-M2.1's gather
      // backward gave wrong embedding gradients (the finite-difference test caught it).
      SDVariable ids = sd.placeHolder(TOKENS, DataType.INT, -1);
      SDVariable oneHot = sd.oneHot(ids, spec.vocabulary(), -1, 1.0, 0.0, dtype);
      SDVariable tokens = sd.reshape(oneHot.mmul(p("tok_emb")), -1, l, d);
      SDVariable h = sd.reshape(tokens.add(p("pos_emb")), -1, d);
      SDVariable dOut = sd.placeHolder(D_OUT, dtype, steps, -1, spec.outputs());
      SDVariable dHalt = sd.placeHolder(D_HALT, dtype, steps, -1);
      // selects token 0 of each example from the [B, L·d] view: a matmul, so no slicing op
      double[] sel = new double[l * d * d];
      for (int j = 0; j < d; j++) {
        sel[j * d + j] = 1;
      }
      SDVariable first =
          sd.constant("first_token", Nd4j.createFromArray(sel).castTo(dtype).reshape(l * d, d));
      SDVariable[] logits = new SDVariable[steps];
      SDVariable[] halting = new SDVariable[steps];
      SDVariable[] norms = new SDVariable[steps];
      for (int n = 1; n <= steps; n++) {
        int blk = spec.kind() == Kind.FIXED ? n : 1;
        if (spec.kind() != Kind.FIXED) {
          h = h.add(p("step_emb" + n));
        }
        h = block(h, ReferenceLayout.block(spec, blk));
        SDVariable flat = sd.reshape(h, -1, l * d);
        norms[n - 1] = sd.norm2(flat, 1);
        SDVariable f = layerNorm(flat.mmul(first), "lnf_");
        String s = ReferenceLayout.head(spec, n);
        logits[n - 1] = f.mmul(p("out_w" + s)).add(p("out_b" + s));
        halting[n - 1] = sd.reshape(f.mmul(p("halt_w" + s)).add(p("halt_b" + s)), -1);
      }
      SDVariable y = sd.stack(LOGITS, 0, logits);
      SDVariable a = sd.stack(HALTING, 0, halting);
      sd.stack(NORMS, 0, norms);
      SDVariable loss = y.mul(dOut).sum().add(a.mul(dHalt).sum());
      loss = sd.identity(LOSS, loss);
      sd.setLossVariables(loss);
    }

    /** One pre-LN block on the [B·L, d] state. */
    private SDVariable block(SDVariable h, String p) {
      int l = spec.length();
      int d = spec.dim();
      int heads = spec.heads();
      int dh = d / heads;
      SDVariable x = layerNorm(h, p + "ln1_");
      // Hyper-UT: every dense layer's weights come from its own hyper-module; the attention's four
      // routers read the representation at the attention's input, mean over tokens of LN₁(u)
      SDVariable pooledIn = hyper() ? sd.mean(sd.reshape(x, -1, l, d), 1) : null; // [B, d]
      SDVariable q = dense(x, pooledIn, p, "q", d, d).add(p(p + "bq"));
      SDVariable k = dense(x, pooledIn, p, "k", d, d).add(p(p + "bk"));
      SDVariable v = dense(x, pooledIn, p, "v", d, d).add(p(p + "bv"));
      SDVariable att;
      if (heads == 1) {
        SDVariable q3 = sd.reshape(q, -1, l, d);
        SDVariable k3 = sd.reshape(k, -1, l, d);
        SDVariable v3 = sd.reshape(v, -1, l, d);
        SDVariable scores = sd.mmul(q3, k3, false, true, false).mul(1 / Math.sqrt(dh));
        SDVariable w = sd.nn().softmax(scores, 2);
        att = sd.reshape(sd.mmul(w, v3), -1, d);
      } else {
        SDVariable q4 = sd.permute(sd.reshape(q, -1, l, heads, dh), 0, 2, 1, 3);
        SDVariable k4 = sd.permute(sd.reshape(k, -1, l, heads, dh), 0, 2, 1, 3);
        SDVariable v4 = sd.permute(sd.reshape(v, -1, l, heads, dh), 0, 2, 1, 3);
        SDVariable scores = sd.mmul(q4, k4, false, true, false).mul(1 / Math.sqrt(dh));
        SDVariable w = sd.nn().softmax(scores, 3);
        att = sd.reshape(sd.permute(sd.mmul(w, v4), 0, 2, 1, 3), -1, d);
      }
      h = h.add(dense(att, pooledIn, p, "o", d, d).add(p(p + "bo")));
      SDVariable z = layerNorm(h, p + "ln2_");
      // the MLP's two routers read its own input, mean over tokens of LN₂(a)
      SDVariable pooledMid = hyper() ? sd.mean(sd.reshape(z, -1, l, d), 1) : null;
      SDVariable u = gelu(dense(z, pooledMid, p, "1", d, spec.mlpDim()).add(p(p + "b1")));
      return h.add(dense(u, pooledMid, p, "2", spec.mlpDim(), d).add(p(p + "b2")));
    }

    private boolean hyper() {
      return spec.kind() == Kind.HYPER;
    }

    /**
     * x·W for the dense layer {@code name} (q, k, v, o, 1, 2) of a block on rows [B·L, in]: W is
     * the parameter {@code w<name>} shared by every example, or (Hyper-UT) W_b generated for each
     * example b by the hyper-module {@code h<name>_} from the router input {@code pooled} [B, d].
     */
    private SDVariable dense(
        SDVariable x, SDVariable pooled, String p, String name, int in, int out) {
      if (!hyper()) {
        return x.mmul(p(p + "w" + name));
      }
      int l = spec.length();
      SDVariable w = generated(pooled, p + "h" + name + "_", in, out); // [B, in, out]
      return sd.reshape(sd.mmul(sd.reshape(x, -1, l, in), w), -1, out);
    }

    /** (x − mean)/√(var + ε)·g + b over the last dimension of [rows, d] (biased variance). */
    private SDVariable layerNorm(SDVariable x, String prefix) {
      SDVariable centred = x.sub(sd.mean(x, true, 1));
      SDVariable var = sd.mean(centred.mul(centred), true, 1);
      SDVariable normed = centred.mul(sd.math().rsqrt(var.add(ReferenceLayout.LN_EPSILON)));
      return normed.mul(p(prefix + "g")).add(p(prefix + "b"));
    }

    /** GELU, tanh approximation: ½x(1 + tanh(√(2/π)(x + 0.044715x³))). */
    private SDVariable gelu(SDVariable x) {
      SDVariable inner = x.add(x.mul(x).mul(x).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
      return x.mul(0.5).mul(sd.math().tanh(inner).add(1.0));
    }

    /** A hyper-module: per-example weights [B, in, out] from the router's mix of the pool. */
    private SDVariable generated(SDVariable pooled, String p, int in, int out) {
      int e = spec.moduleDim();
      SDVariable query = pooled.mmul(p(p + "router")); // [B, e]
      SDVariable scores = query.mmul(sd.transpose(p(p + "keys"))).mul(1 / Math.sqrt(e)); // [B, M]
      SDVariable mix = sd.nn().softmax(scores, 1).mmul(p(p + "values")); // [B, e]
      SDVariable w = mix.mmul(p(p + "gen")).add(p(p + "gen_b")); // [B, in·out]
      return sd.reshape(w, -1, in, out);
    }
  }
}
