package org.ponderlab.core.model.transformer;

import org.ponderlab.core.model.transformer.ParameterLayout.Init;
import org.ponderlab.core.model.transformer.TransformerSpec.Kind;

/**
 * The flat parameter layout shared by {@link TransformerKernel} and the SameDiff reference of the
 * tests: every weight matrix is stored row-major as [in, out] (so y = x·W), in this order:
 *
 * <pre>
 * tok_emb [K, d], pos_emb [L, d]
 * ut, hyper-ut: step_emb1..N [d]
 * per block (transformer: b1_..bN_, otherwise one b_):
 *   ln1_g, ln1_b [d];
 *   transformer/ut: wq, bq, wk, bk, wv, bv, wo, bo ([d, d], [d])
 *   hyper-ut: hq_, bq, hk_, bk, hv_, bv, ho_, bo (a hyper-module, see below, generating [d, d])
 *   ln2_g, ln2_b [d];
 *   transformer/ut: w1 [d, m], w2 [m, d]
 *   hyper-ut: h1_ and h2_ hyper-modules generating [d, m] and [m, d]
 *   b1 [m], b2 [d]
 *   a hyper-module: keys [M, e], values [M, e], router [d, e], gen [e, in·out], gen_b [in·out]
 * lnf_g, lnf_b [d]
 * heads (transformer: one per block, suffix 1..N; otherwise one): out_w [d, C], out_b [C],
 *   halt_w [d, 1], halt_b [1]
 * </pre>
 *
 * Initialisation: embeddings N(0, 1) (PyTorch's nn.Embedding); linear weights U(±1/√in) (PyTorch's
 * nn.Linear), biases 0, layer-norm gains 1; the halting bias as the config says; module keys and
 * values N(0, 1); the generator U(±1/√(in·e)) and its bias G₀ U(±1/√in).
 */
final class TransformerParameters {
  /** Layer-norm ε (PyTorch's default). */
  static final double LN_EPSILON = 1e-5;

  private TransformerParameters() {}

  static String blockPrefix(TransformerSpec spec, int block) {
    return spec.kind() == Kind.FIXED ? "b" + block + "_" : "b_";
  }

  static String headSuffix(TransformerSpec spec, int step) {
    return spec.kind() == Kind.FIXED ? Integer.toString(step) : "";
  }

  static int blockCount(TransformerSpec spec) {
    return spec.kind() == Kind.FIXED ? spec.maxSteps() : 1;
  }

  static ParameterLayout layout(TransformerSpec spec) {
    ParameterLayout layout = new ParameterLayout();
    int d = spec.dim();
    int m = spec.mlpDim();
    layout.add("tok_emb", Init.NORMAL, 1.0, spec.vocabulary(), d);
    layout.add("pos_emb", Init.NORMAL, 1.0, spec.length(), d);
    if (spec.kind() != Kind.FIXED) {
      for (int n = 1; n <= spec.maxSteps(); n++) {
        layout.add("step_emb" + n, Init.NORMAL, 1.0, d);
      }
    }
    double inD = 1 / Math.sqrt(d);
    double inM = 1 / Math.sqrt(m);
    for (int blk = 1; blk <= blockCount(spec); blk++) {
      String p = blockPrefix(spec, blk);
      layout.add(p + "ln1_g", Init.ONES, 0, d);
      layout.add(p + "ln1_b", Init.ZEROS, 0, d);
      for (String w : new String[] {"q", "k", "v", "o"}) {
        if (spec.kind() == Kind.HYPER) {
          hyperModule(layout, spec, p + "h" + w + "_", d, d);
        } else {
          layout.add(p + "w" + w, Init.UNIFORM, inD, d, d);
        }
        layout.add(p + "b" + w, Init.ZEROS, 0, d);
      }
      layout.add(p + "ln2_g", Init.ONES, 0, d);
      layout.add(p + "ln2_b", Init.ZEROS, 0, d);
      if (spec.kind() == Kind.HYPER) {
        hyperModule(layout, spec, p + "h1_", d, m);
        hyperModule(layout, spec, p + "h2_", m, d);
      } else {
        layout.add(p + "w1", Init.UNIFORM, inD, d, m);
        layout.add(p + "w2", Init.UNIFORM, inM, m, d);
      }
      layout.add(p + "b1", Init.ZEROS, 0, m);
      layout.add(p + "b2", Init.ZEROS, 0, d);
    }
    layout.add("lnf_g", Init.ONES, 0, d);
    layout.add("lnf_b", Init.ZEROS, 0, d);
    int heads = spec.kind() == Kind.FIXED ? spec.maxSteps() : 1;
    for (int n = 1; n <= heads; n++) {
      String s = spec.kind() == Kind.FIXED ? Integer.toString(n) : "";
      layout.add("out_w" + s, Init.UNIFORM, inD, d, spec.outputs());
      layout.add("out_b" + s, Init.ZEROS, 0, spec.outputs());
      layout.add("halt_w" + s, Init.UNIFORM, inD, d, 1);
      layout.add("halt_b" + s, Init.HALTING_BIAS, 0, 1);
    }
    return layout;
  }

  private static void hyperModule(
      ParameterLayout layout, TransformerSpec spec, String p, int in, int out) {
    int e = spec.moduleDim();
    layout.add(p + "keys", Init.NORMAL, 1.0, spec.poolSize(), e);
    layout.add(p + "values", Init.NORMAL, 1.0, spec.poolSize(), e);
    layout.add(p + "router", Init.UNIFORM, 1 / Math.sqrt(spec.dim()), spec.dim(), e);
    layout.add(p + "gen", Init.UNIFORM, 1 / Math.sqrt((double) in * e), e, (long) in * out);
    layout.add(p + "gen_b", Init.UNIFORM, 1 / Math.sqrt(in), (long) in * out);
  }
}
