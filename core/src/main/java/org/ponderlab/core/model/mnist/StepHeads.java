package org.ponderlab.core.model.mnist;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The per-step read-outs of the hidden state h_n: an output head ({@code classes} logits,
 * {@code h_n W_o + b_o}) and a halting head (one logit a_n = {@code h_n · w_a + b_a}), applied to
 * all steps of all examples as one product. Also the ‖h_n‖ that LAC halts on.
 *
 * <p>Parameters at an offset: W_o {@code [H, classes]}, b_o, w_a {@code [H]}, b_a.
 */
final class StepHeads {
  private final int hidden;
  private final int classes;

  StepHeads(int hidden, int classes) {
    this.hidden = hidden;
    this.classes = classes;
  }

  int parameterCount() {
    return hidden * classes + classes + hidden + 1;
  }

  /** U(−1/√H, 1/√H) weights, zero output bias, halting bias as given (sets the prior's start). */
  void initialize(float[] params, int offset, SplittableRandom rng, float haltingBias) {
    double bound = 1.0 / Math.sqrt(hidden);
    int wo = offset;
    int bo = wo + hidden * classes;
    int wa = bo + classes;
    int ba = wa + hidden;
    for (int i = wo; i < bo; i++) {
      params[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
    }
    Arrays.fill(params, bo, wa, 0f);
    for (int i = wa; i < ba; i++) {
      params[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
    }
    params[ba] = haltingBias;
  }

  /** {@code rows} = steps × batch hidden states; fills logits, halting logits and norms. */
  void forward(float[] params, int offset, float[] states, int rows, float[] logits, float[] halting, float[] norms) {
    int wo = offset;
    int bo = wo + hidden * classes;
    int wa = bo + classes;
    int ba = wa + hidden;
    for (int row = 0; row < rows; row++) {
      System.arraycopy(params, bo, logits, row * classes, classes);
    }
    Matrices.mulAdd(states, 0, params, wo, logits, 0, rows, hidden, classes);
    for (int row = 0; row < rows; row++) {
      int h = row * hidden;
      float a = params[ba];
      float squares = 0f;
      for (int j = 0; j < hidden; j++) {
        float v = states[h + j];
        a += v * params[wa + j];
        squares += v * v;
      }
      halting[row] = a;
      norms[row] = (float) Math.sqrt(squares);
    }
  }

  /** Overwrites the heads' slice of {@code grads} and {@code dStates} ({@code rows × H}). */
  void backward(float[] params, int offset, float[] states, int rows, float[] dLogits, float[] dHalting,
      float[] grads, float[] dStates) {
    int wo = offset;
    int bo = wo + hidden * classes;
    int wa = bo + classes;
    int ba = wa + hidden;
    Arrays.fill(grads, offset, offset + parameterCount(), 0f);
    Matrices.mulTransAAdd(states, 0, dLogits, 0, grads, wo, rows, hidden, classes);
    Matrices.columnSumsAdd(dLogits, 0, rows, classes, grads, bo);
    for (int row = 0; row < rows; row++) {
      float da = dHalting[row];
      grads[ba] += da;
      int h = row * hidden;
      int l = row * classes;
      for (int j = 0; j < hidden; j++) {
        grads[wa + j] += da * states[h + j];
        float d = da * params[wa + j];
        for (int o = 0; o < classes; o++) {
          d += dLogits[l + o] * params[wo + j * classes + o];
        }
        dStates[h + j] = d;
      }
    }
  }
}
