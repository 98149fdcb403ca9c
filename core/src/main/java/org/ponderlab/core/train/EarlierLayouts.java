package org.ponderlab.core.train;

import org.ponderlab.core.model.transformer.TransformerMemory;
import org.ponderlab.core.model.transformer.TransformerSpec;

/**
 * Network layouts of earlier PonderLab builds that a saved run's model.bin may hold under the same
 * settings, so that such a run is recognised and refused with its reason: never loaded into the
 * wrong tensors, and never called damaged.
 */
public final class EarlierLayouts {
  private EarlierLayouts() {}

  /**
   * Why a model.bin of {@code count} parameters cannot be loaded into the network these settings
   * build, when an earlier layout explains it; null otherwise.
   */
  public static String explain(TrainingConfig config, long count) {
    if (config.taskKind() != TaskKind.CPVR || !"hyper-ut".equals(config.model())) {
      return null;
    }
    TransformerSpec spec = Experiments.cpvrSpec(config);
    long earlier = TransformerMemory.mlpOnlyHyperParameters(spec);
    if (earlier < 0 || count != earlier) {
      return null;
    }
    return "it holds "
        + count
        + " parameters: the Hyper-UT of earlier PonderLab builds, which generated only the MLP's"
        + " weights (W_q, W_k, W_v, W_o were plain matrices). This build generates the attention"
        + " projections too (paper 003 §3.1), a network of "
        + TransformerMemory.parameters(spec)
        + " parameters for these settings, so the saved weights cannot be loaded, evaluated or"
        + " continued here. Nothing was changed: its history still opens (plot, export, compare),"
        + " and a new run with the same settings trains the current Hyper-UT";
  }
}
