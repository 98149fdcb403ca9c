package org.ponderlab.core.model.transformer;

/**
 * Where a block's attention projections W_q, W_k, W_v and W_o come from at one step, and their
 * products with the activations, forward and backward: {@link SharedAttentionWeights} (the
 * parameters themselves: fixed transformer, UT) or {@link GeneratedAttentionWeights} (Hyper-UT:
 * generated per example and step by hyper-modules). {@link TransformerBlock} calls these around the
 * attention itself and never asks which.
 */
interface AttentionWeights {

  /** The provider for a model kind. */
  static AttentionWeights of(TransformerSpec spec) {
    return spec.kind() == TransformerSpec.Kind.HYPER
        ? new GeneratedAttentionWeights(spec)
        : new SharedAttentionWeights(spec);
  }

  /**
   * ws.x = LN₁(u) [B·L, d] on entry: writes [q | k | v] = x·[W_q | W_k | W_v] + [b_q | b_k | b_v]
   * into {@code qkv} [B·L, 3d] (and any routing into {@code rec}).
   */
  void project(
      float[] params,
      BlockParameters blk,
      int batch,
      StepRecord rec,
      BlockWorkspace ws,
      float[] qkv);

  /**
   * Adds o·W_o into {@code a} [B·L, d] (which holds the residual and b_o), with the W_o the last
   * {@link #project} of this workspace set up.
   */
  void output(
      float[] params, BlockParameters blk, int batch, BlockWorkspace ws, float[] o, float[] a);

  /**
   * {@code dh} = dL/da: adds W_o's gradient (b_o's is the caller's) into grads and writes dL/do =
   * dh·W_oᵀ into {@code dO}. {@code rec} as this step's forward left it.
   */
  void outputBackward(
      float[] params,
      BlockParameters blk,
      int batch,
      StepRecord rec,
      BlockWorkspace ws,
      float[] o,
      float[] dh,
      float[] dO,
      float[] grads);

  /**
   * ws.x = LN₁(u) and {@code dqkv} = dL/d[q | k | v] on entry, after {@link #outputBackward} of the
   * same step: adds the gradients of W_q, W_k, W_v and their biases into grads and writes dL/dx
   * into {@code dx} (every path from x: the three products, and a router that reads x).
   */
  void projectBackward(
      float[] params,
      BlockParameters blk,
      int batch,
      StepRecord rec,
      BlockWorkspace ws,
      float[] dqkv,
      float[] grads,
      float[] dx);
}
