package org.ponderlab.core.model.transformer;

/** Where one hyper-module's tensors sit, and the shape [in, out] of the matrix it generates. */
record HyperModuleParameters(
    int keys, int values, int router, int gen, int genBias, int in, int out) {

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
