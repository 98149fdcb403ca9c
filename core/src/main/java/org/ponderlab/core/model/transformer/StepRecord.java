package org.ponderlab.core.model.transformer;

/**
 * What one step leaves for the backward pass whatever the memory policy: the state h_n [B·L, d]
 * (the next step's input, and the start of a recomputation), the readout's normalised token-0 state
 * f_n [B, d] with its layer-norm statistics, and Hyper-UT's routing: the pooled states the routers
 * read (0: mean_tokens(LN₁(u)) for the attention's four modules, 1: mean_tokens(LN₂(a)) for the
 * MLP's two), and per module (indexed as {@link HyperModuleParameters}) its router query, scores
 * over the pool and mixed value. Step 0 holds h_0 (the embedding) only. Sized for the largest
 * batch.
 */
final class StepRecord {
  final float[] h;
  final float[] f;
  final float[] fMean;
  final float[] fRstd;
  final float[][] pooled;
  final float[][] routerQuery;
  final float[][] routerScores;
  final float[][] mix;

  StepRecord(TransformerSpec spec, int maxBatch, boolean stateOnly) {
    h = new float[maxBatch * spec.length() * spec.dim()];
    boolean readout = !stateOnly;
    boolean hyper = readout && spec.kind() == TransformerSpec.Kind.HYPER;
    f = readout ? new float[maxBatch * spec.dim()] : null;
    fMean = readout ? new float[maxBatch] : null;
    fRstd = readout ? new float[maxBatch] : null;
    int modules = HyperModuleParameters.COUNT;
    pooled = hyper ? new float[2][maxBatch * spec.dim()] : null;
    routerQuery = hyper ? new float[modules][maxBatch * spec.moduleDim()] : null;
    routerScores = hyper ? new float[modules][maxBatch * spec.poolSize()] : null;
    mix = hyper ? new float[modules][maxBatch * spec.moduleDim()] : null;
  }

  /** Floats a record holds (the formula of {@link TransformerMemory}). */
  static long floats(TransformerSpec spec, long batch, boolean stateOnly) {
    long n = batch * spec.length() * spec.dim();
    if (!stateOnly) {
      n += batch * spec.dim() + 2 * batch;
      if (spec.kind() == TransformerSpec.Kind.HYPER) {
        n +=
            2 * batch * spec.dim()
                + HyperModuleParameters.COUNT
                    * (2 * batch * spec.moduleDim() + batch * spec.poolSize());
      }
    }
    return n;
  }

  /** Floats this record really allocated. */
  long allocated() {
    return Buffers.length(h)
        + Buffers.length(f)
        + Buffers.length(fMean)
        + Buffers.length(fRstd)
        + Buffers.length(pooled)
        + Buffers.length(routerQuery)
        + Buffers.length(routerScores)
        + Buffers.length(mix);
  }
}
