package org.ponderlab.core.model.transformer;

/**
 * Where one hyper-module's tensors sit, and the shape [in, out] of the matrix it generates. A
 * Hyper-UT block has one per dense layer, indexed {@link #Q}, {@link #K}, {@link #V}, {@link #O}
 * (the attention's projections) and {@link #W1}, {@link #W2} (the MLP's two layers).
 */
record HyperModuleParameters(
    int keys, int values, int router, int gen, int genBias, int in, int out) {

  static final int Q = 0;
  static final int K = 1;
  static final int V = 2;
  static final int O = 3;
  static final int W1 = 4;
  static final int W2 = 5;

  /** Hyper-modules per Hyper-UT block. */
  static final int COUNT = 6;

  /** The first module whose router reads the MLP's input LN₂(a); the ones before read LN₁(u). */
  static final int FIRST_MLP = W1;

  /** Layout prefix of module j within a block: hq_, hk_, hv_, ho_, h1_, h2_. */
  static String prefix(int j) {
    return "h" + "qkvo12".charAt(j) + "_";
  }

  static HyperModuleParameters of(ParameterLayout layout, String prefix, int in, int out) {
    return new HyperModuleParameters(
        BlockParameters.off(layout, prefix + "keys"),
        BlockParameters.off(layout, prefix + "values"),
        BlockParameters.off(layout, prefix + "router"),
        BlockParameters.off(layout, prefix + "gen"),
        BlockParameters.off(layout, prefix + "gen_b"),
        in,
        out);
  }

  int size() {
    return in * out;
  }
}
