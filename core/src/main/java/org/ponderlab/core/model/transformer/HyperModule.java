package org.ponderlab.core.model.transformer;

import org.ponderlab.core.model.kernel.ColumnSums;
import org.ponderlab.core.model.kernel.Gemm;
import org.ponderlab.core.model.kernel.Layout;

/**
 * One hyper-module of Hyper-UT (paper 003 §3.1; HALTING.md "C-PVR"): the weight matrix of one dense
 * layer generated per example from a pool of M module embeddings. A single-head router scores q =
 * pooled·W_r against the pool's keys, s = softmax(q·keysᵀ/√e) (router temperature 1, paper 003's
 * table 2); the mixed value v = s·values goes through a linear generator, W = reshape(v·G + G₀,
 * [in, out]). Every dense layer of the block has its own module (the paper: "the hyper-modules for
 * different components of the layers are not shared"); the step's routing is kept in its {@link
 * StepRecord} so the backward needs no second routing.
 *
 * <p>Stateless apart from its sizes: the buffers are the caller's, so one instance serves every
 * step.
 */
final class HyperModule {
  private final int dim;
  private final int moduleDim;
  private final int pool;
  private final float scale;

  HyperModule(TransformerSpec spec) {
    this.dim = spec.dim();
    this.moduleDim = spec.moduleDim();
    this.pool = spec.poolSize();
    this.scale = (float) (1 / Math.sqrt(moduleDim));
  }

  /**
   * The router: {@code pooled} [B, d] → query [B, e] → scores [B, M] (softmax) → mix [B, e], into
   * the given record buffers.
   */
  void route(
      float[] params,
      HyperModuleParameters hm,
      float[] pooled,
      int batch,
      float[] query,
      float[] scores,
      float[] mix) {
    int e = moduleDim;
    Gemm.times(batch, e, dim, pooled, 0, params, hm.router(), query, 0, false);
    Gemm.timesTransposed(batch, pool, e, query, 0, params, hm.keys(), scores, 0, false);
    for (int b = 0; b < batch; b++) {
      int row = b * pool;
      float max = Float.NEGATIVE_INFINITY;
      for (int m = 0; m < pool; m++) {
        scores[row + m] *= scale;
        max = Math.max(max, scores[row + m]);
      }
      float sum = 0;
      for (int m = 0; m < pool; m++) {
        float ev = (float) Math.exp(scores[row + m] - max);
        scores[row + m] = ev;
        sum += ev;
      }
      for (int m = 0; m < pool; m++) {
        scores[row + m] /= sum;
      }
    }
    Gemm.times(batch, e, pool, scores, 0, params, hm.values(), mix, 0, false);
  }

  /** W_b = mix_b·G + G₀ for every example: [B, in·out], each row-major [in, out]. */
  void generate(float[] params, HyperModuleParameters hm, float[] mix, int batch, float[] into) {
    int size = hm.size();
    Layout.fillRows(params, hm.genBias(), size, into, 0, batch);
    Gemm.times(batch, size, moduleDim, mix, 0, params, hm.gen(), into, 0, true);
  }

  /**
   * From dL/dW per example [B, in·out]: adds the generator's, pool's and router's gradients into
   * grads and dL/d(pooled) into {@code dPooled} [B, d]. {@code ws} lends its router scratch.
   */
  void backward(
      float[] params,
      HyperModuleParameters hm,
      float[] pooled,
      float[] query,
      float[] scores,
      float[] mix,
      float[] dW,
      int batch,
      BlockWorkspace ws,
      float[] grads,
      float[] dPooled) {
    int e = moduleDim;
    int size = hm.size();
    // W = mix·G + G₀
    ColumnSums.addTo(dW, 0, batch, size, grads, hm.genBias());
    Gemm.transposedTimes(e, size, batch, mix, 0, dW, 0, grads, hm.gen(), true);
    Gemm.timesTransposed(batch, e, size, dW, 0, params, hm.gen(), ws.dMix, 0, false);
    // mix = s·values
    Gemm.transposedTimes(pool, e, batch, scores, 0, ws.dMix, 0, grads, hm.values(), true);
    Gemm.timesTransposed(batch, pool, e, ws.dMix, 0, params, hm.values(), ws.dScores, 0, false);
    // s = softmax(scale·q·keysᵀ)
    for (int b = 0; b < batch; b++) {
      int row = b * pool;
      float dot = 0;
      for (int m = 0; m < pool; m++) {
        dot += scores[row + m] * ws.dScores[row + m];
      }
      for (int m = 0; m < pool; m++) {
        ws.dScores[row + m] = scores[row + m] * (ws.dScores[row + m] - dot) * scale;
      }
    }
    Gemm.times(batch, e, pool, ws.dScores, 0, params, hm.keys(), ws.dQuery, 0, false);
    Gemm.transposedTimes(pool, e, batch, ws.dScores, 0, query, 0, grads, hm.keys(), true);
    // q = pooled·W_r
    Gemm.transposedTimes(dim, e, batch, pooled, 0, ws.dQuery, 0, grads, hm.router(), true);
    Gemm.timesTransposed(batch, dim, e, ws.dQuery, 0, params, hm.router(), dPooled, 0, true);
  }

  /** pooled[b] = mean over the L tokens of x's rows of example b. */
  static void pool(float[] x, int batch, int len, int dim, float[] pooled) {
    float invLen = 1f / len;
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < dim; j++) {
        float s = 0;
        for (int i = 0; i < len; i++) {
          s += x[(b * len + i) * dim + j];
        }
        pooled[b * dim + j] = s * invLen;
      }
    }
  }

  /** dx[row of example b] += dPooled[b]/L: the mean over tokens, backwards. */
  static void unpool(float[] dPooled, int batch, int len, int dim, float[] dx) {
    float invLen = 1f / len;
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < len; i++) {
        int r = (b * len + i) * dim;
        for (int j = 0; j < dim; j++) {
          dx[r + j] += dPooled[b * dim + j] * invLen;
        }
      }
    }
  }
}
