package org.ponderlab.core.model.transformer;

/**
 * Where one pre-LN block's tensors sit in the flat parameter buffer ({@link TransformerParameters}
 * names them). Hyper-UT blocks have no W_q, W_k, W_v, W_o, W₁, W₂ (−1) but six hyper-modules that
 * generate them ({@link HyperModuleParameters#Q} … {@link HyperModuleParameters#W2}); the biases
 * stay plain parameters.
 */
record BlockParameters(
    int ln1Gain,
    int ln1Bias,
    int wq,
    int bq,
    int wk,
    int bk,
    int wv,
    int bv,
    int wo,
    int bo,
    int ln2Gain,
    int ln2Bias,
    int w1,
    int b1,
    int w2,
    int b2,
    HyperModuleParameters[] modules) {

  static BlockParameters of(
      ParameterLayout layout, String prefix, boolean hyper, int dim, int mlp) {
    HyperModuleParameters[] modules = null;
    if (hyper) {
      modules = new HyperModuleParameters[HyperModuleParameters.COUNT];
      for (int j = 0; j < HyperModuleParameters.COUNT; j++) {
        int in = j == HyperModuleParameters.W2 ? mlp : dim;
        int out = j == HyperModuleParameters.W1 ? mlp : dim;
        modules[j] =
            HyperModuleParameters.of(layout, prefix + HyperModuleParameters.prefix(j), in, out);
      }
    }
    return new BlockParameters(
        off(layout, prefix + "ln1_g"),
        off(layout, prefix + "ln1_b"),
        hyper ? -1 : off(layout, prefix + "wq"),
        off(layout, prefix + "bq"),
        hyper ? -1 : off(layout, prefix + "wk"),
        off(layout, prefix + "bk"),
        hyper ? -1 : off(layout, prefix + "wv"),
        off(layout, prefix + "bv"),
        hyper ? -1 : off(layout, prefix + "wo"),
        off(layout, prefix + "bo"),
        off(layout, prefix + "ln2_g"),
        off(layout, prefix + "ln2_b"),
        hyper ? -1 : off(layout, prefix + "w1"),
        off(layout, prefix + "b1"),
        hyper ? -1 : off(layout, prefix + "w2"),
        off(layout, prefix + "b2"),
        modules);
  }

  boolean hyper() {
    return modules != null;
  }

  static int off(ParameterLayout layout, String name) {
    return layout.get(name).offset();
  }
}
