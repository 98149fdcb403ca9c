package org.ponderlab.core.model.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Attention} against a plain double-precision multi-head attention (forward: outputs and
 * maps, the maps' padding zero), and its backward against finite differences of that reference, at
 * the bench's size (L 16, d 32, 2 heads), paper 003's L 100 (map rows padded to whole vectors), odd
 * sizes (1 token, 17 and 19 tokens, widths 6 and 15 with 3 and 5 heads) and batches 1 and 3;
 * keeping no maps (the backward recomputes them) gives the same bits as keeping them.
 *
 * <p>Mutations seen caught (2026-12-05): the backward without maps not recomputing them (using the
 * last head's map left in the scratch) failed 7 of the 8 cases ("gradients with recomputed maps");
 * the padded softmax masking one real column of each row's last vector as padding failed all 8
 * (o[0] off, NaN at one token).
 */
class AttentionTest {

  @ParameterizedTest
  @CsvSource({
    "1, 1, 4, 1",
    "3, 5, 6, 3",
    "1, 7, 15, 5",
    "3, 16, 32, 2",
    "2, 19, 24, 1",
    "3, 17, 32, 2",
    "1, 100, 32, 2",
    "3, 100, 32, 2"
  })
  void forwardAndBackwardMatchTheReference(int batch, int len, int dim, int heads) {
    SplittableRandom rng = new SplittableRandom(batch * 1000L + len * 10L + dim);
    float[] qkv = LayerNormTest.random(rng, batch * len * 3 * dim, 1.5);
    float[] p = new float[(int) Attention.mapSize(batch, heads, len)];
    float[] o = new float[batch * len * dim];
    Attention attention = new Attention(len, dim, heads);
    attention.forward(qkv, batch, p, o);
    double[] expected = reference(qkv, batch, len, dim, heads);
    for (int i = 0; i < o.length; i++) {
      assertEquals(expected[i], o[i], 1e-5 + 1e-4 * Math.abs(expected[i]), "o[" + i + "]");
    }
    assertMaps(qkv, p, batch, len, dim, heads);
    float[] oWithoutMaps = new float[o.length];
    attention.forward(qkv, batch, null, oWithoutMaps);
    assertArrayEquals(o, oWithoutMaps, "outputs without kept maps");
    float[] dO = LayerNormTest.random(rng, o.length, 1.0);
    float[] dqkv = new float[qkv.length];
    attention.backward(qkv, p, batch, dO, dqkv);
    float[] dqkvRecomputed = new float[qkv.length];
    attention.backward(qkv, null, batch, dO, dqkvRecomputed);
    assertArrayEquals(dqkv, dqkvRecomputed, "gradients with recomputed maps");
    for (int probe = 0; probe < Math.min(qkv.length, 60); probe++) {
      int i = probe * 7919 % qkv.length;
      double numeric =
          LayerNormTest.derivative(
              qkv,
              i,
              1e-3,
              () -> {
                double[] out = reference(qkv, batch, len, dim, heads);
                double s = 0;
                for (int j = 0; j < out.length; j++) {
                  s += out[j] * dO[j];
                }
                return s;
              });
      assertEquals(numeric, dqkv[i], 1e-3 + 1e-3 * Math.abs(numeric), "dqkv[" + i + "]");
    }
  }

  /** Each map row: the reference's softmax in its first L columns, exact zeros in its padding. */
  private static void assertMaps(float[] qkv, float[] p, int batch, int len, int dim, int heads) {
    int padded = Attention.paddedLength(len);
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < heads; h++) {
        for (int i = 0; i < len; i++) {
          double[] s = softmaxRow(qkv, b, h, i, len, dim, heads);
          int row = ((b * heads + h) * len + i) * padded;
          for (int j = 0; j < padded; j++) {
            double want = j < len ? s[j] : 0;
            assertEquals(want, p[row + j], 1e-6 + 1e-4 * want, "map " + b + "," + h + "," + i);
          }
        }
      }
    }
  }

  /** Row i of example b's head h map, softmax(q_i·Kᵀ/√d_h) over the L keys, in double. */
  private static double[] softmaxRow(
      float[] qkv, int b, int h, int i, int len, int dim, int heads) {
    int hd = dim / heads;
    int ld = 3 * dim;
    double[] s = new double[len];
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < len; j++) {
      double dot = 0;
      for (int k = 0; k < hd; k++) {
        dot +=
            (double) qkv[(b * len + i) * ld + h * hd + k]
                * qkv[(b * len + j) * ld + dim + h * hd + k];
      }
      s[j] = dot / Math.sqrt(hd);
      max = Math.max(max, s[j]);
    }
    double sum = 0;
    for (int j = 0; j < len; j++) {
      s[j] = Math.exp(s[j] - max);
      sum += s[j];
    }
    for (int j = 0; j < len; j++) {
      s[j] /= sum;
    }
    return s;
  }

  /** o of softmax(QKᵀ/√d_h)·V per example and head, in double. */
  static double[] reference(float[] qkv, int batch, int len, int dim, int heads) {
    int hd = dim / heads;
    int ld = 3 * dim;
    double[] o = new double[batch * len * dim];
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < heads; h++) {
        for (int i = 0; i < len; i++) {
          double[] s = softmaxRow(qkv, b, h, i, len, dim, heads);
          for (int k = 0; k < hd; k++) {
            double acc = 0;
            for (int j = 0; j < len; j++) {
              acc += s[j] * qkv[(b * len + j) * ld + 2 * dim + h * hd + k];
            }
            o[(b * len + i) * dim + h * hd + k] = acc;
          }
        }
      }
    }
    return o;
  }
}
