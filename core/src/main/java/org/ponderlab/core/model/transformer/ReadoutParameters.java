package org.ponderlab.core.model.transformer;

/** Where one readout head's tensors sit: output W [d, C], b [C], halting w [d], b [1]. */
record ReadoutParameters(int outWeight, int outBias, int haltWeight, int haltBias) {

  static ReadoutParameters of(ParameterLayout layout, String suffix) {
    return new ReadoutParameters(
        BlockParameters.off(layout, "out_w" + suffix),
            BlockParameters.off(layout, "out_b" + suffix),
        BlockParameters.off(layout, "halt_w" + suffix),
            BlockParameters.off(layout, "halt_b" + suffix));
  }
}
