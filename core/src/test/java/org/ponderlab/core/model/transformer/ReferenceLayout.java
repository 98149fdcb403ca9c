package org.ponderlab.core.model.transformer;

import org.ponderlab.core.model.transformer.ParameterLayout.Init;
import org.ponderlab.core.model.transformer.TransformerSpec.Kind;

/**
 * The reference's own parameter table, written from the architecture (HALTING.md "Tasks", C-PVR
 * models; paper 003 section 3 for Hyper-UT) and not from the kernel's {@code
 * TransformerParameters}: if the kernel's table drifts (a tensor reordered, reshaped, missing,
 * initialised differently), the reference stops agreeing with the kernel and {@code
 * TransformerKernelTest} compares the two tables tensor by tensor. Only the container ({@link
 * ParameterLayout}: names to offsets) is shared.
 *
 * <p>Order and shapes: weights [in, out] (y = x·W), row-major. Embeddings (token [K, d], position
 * [L, d]; UT and Hyper-UT add a step embedding [d] per step n = 1..N); then per block (fixed: one
 * per step, prefix {@code bN_}; otherwise one shared, prefix {@code b_}) the pre-LN attention half
 * (LN gain and bias, then Q, K, V, O each as weight and bias) and the MLP half (LN gain and bias,
 * two dense layers d → m → d, then their two biases); then the final LN and the readout (fixed: one
 * per step), output d → C and halting d → 1.
 *
 * <p>Hyper-UT (HALTING.md: "the dense layers of the shared block take their weights from a
 * hyper-module"; paper 003 §3.1: the dense layers "in the self-attention module and the MLP", the
 * hyper-modules "for different components of the layers are not shared"): each of the six dense
 * layers' weights is replaced, in its place, by its own hyper-module {@code hq_, hk_, hv_, ho_,
 * h1_, h2_} — a pool of M keys and M values of width e, a router d → e, and a generator e → in·out
 * with its bias; every bias stays a plain parameter.
 *
 * <p>Initialisation as PyTorch's defaults: embeddings and module keys/values N(0, 1), dense weights
 * U(±1/√in), biases 0, LN gains 1, halting bias the run's; the generator U(±1/√(in·e)) and its bias
 * U(±1/√in).
 */
final class ReferenceLayout {
  /** Layer-norm ε, PyTorch's default. */
  static final double LN_EPSILON = 1e-5;

  private ReferenceLayout() {}

  static String block(TransformerSpec spec, int step) {
    return spec.kind() == Kind.FIXED ? "b" + step + "_" : "b_";
  }

  static String head(TransformerSpec spec, int step) {
    return spec.kind() == Kind.FIXED ? String.valueOf(step) : "";
  }

  static ParameterLayout of(TransformerSpec spec) {
    ParameterLayout t = new ParameterLayout();
    int d = spec.dim();
    int m = spec.mlpDim();
    int n = spec.maxSteps();
    boolean fixed = spec.kind() == Kind.FIXED;
    t.add("tok_emb", Init.NORMAL, 1, spec.vocabulary(), d);
    t.add("pos_emb", Init.NORMAL, 1, spec.length(), d);
    for (int s = 1; !fixed && s <= n; s++) {
      t.add("step_emb" + s, Init.NORMAL, 1, d);
    }
    for (int s = 1; s <= (fixed ? n : 1); s++) {
      String b = block(spec, s);
      t.add(b + "ln1_g", Init.ONES, 0, d);
      t.add(b + "ln1_b", Init.ZEROS, 0, d);
      dense(t, spec, b, "q", d, d);
      t.add(b + "bq", Init.ZEROS, 0, d);
      dense(t, spec, b, "k", d, d);
      t.add(b + "bk", Init.ZEROS, 0, d);
      dense(t, spec, b, "v", d, d);
      t.add(b + "bv", Init.ZEROS, 0, d);
      dense(t, spec, b, "o", d, d);
      t.add(b + "bo", Init.ZEROS, 0, d);
      t.add(b + "ln2_g", Init.ONES, 0, d);
      t.add(b + "ln2_b", Init.ZEROS, 0, d);
      dense(t, spec, b, "1", d, m);
      dense(t, spec, b, "2", m, d);
      t.add(b + "b1", Init.ZEROS, 0, m);
      t.add(b + "b2", Init.ZEROS, 0, d);
    }
    t.add("lnf_g", Init.ONES, 0, d);
    t.add("lnf_b", Init.ZEROS, 0, d);
    for (int s = 1; s <= (fixed ? n : 1); s++) {
      String h = head(spec, s);
      t.add("out_w" + h, Init.UNIFORM, 1 / Math.sqrt(d), d, spec.outputs());
      t.add("out_b" + h, Init.ZEROS, 0, spec.outputs());
      t.add("halt_w" + h, Init.UNIFORM, 1 / Math.sqrt(d), d, 1);
      t.add("halt_b" + h, Init.HALTING_BIAS, 0, 1);
    }
    return t;
  }

  /**
   * A dense layer's weight: the matrix w&lt;name&gt; [in, out], or Hyper-UT's module
   * h&lt;name&gt;_.
   */
  private static void dense(
      ParameterLayout t, TransformerSpec spec, String block, String name, int in, int out) {
    if (spec.kind() == Kind.HYPER) {
      module(t, spec, block + "h" + name + "_", in, out);
    } else {
      t.add(block + "w" + name, Init.UNIFORM, 1 / Math.sqrt(in), in, out);
    }
  }

  private static void module(ParameterLayout t, TransformerSpec spec, String p, int in, int out) {
    int e = spec.moduleDim();
    t.add(p + "keys", Init.NORMAL, 1, spec.poolSize(), e);
    t.add(p + "values", Init.NORMAL, 1, spec.poolSize(), e);
    t.add(p + "router", Init.UNIFORM, 1 / Math.sqrt(spec.dim()), spec.dim(), e);
    t.add(p + "gen", Init.UNIFORM, 1 / Math.sqrt((double) in * e), e, (long) in * out);
    t.add(p + "gen_b", Init.UNIFORM, 1 / Math.sqrt(in), (long) in * out);
  }
}
