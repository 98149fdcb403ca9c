package org.ponderlab.core.model.mnist;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A GRU (PyTorch's gate convention) in plain Java, fed the same input at every step:
 *
 * <pre>
 *   r = σ(x W_ir + b_ir + h W_hr + b_hr)      z = σ(x W_iz + b_iz + h W_hz + b_hz)
 *   c = tanh(x W_in + b_in + r ⊙ (h W_hn + b_hn))      h' = (1 − z) ⊙ c + z ⊙ h,   h_0 = 0
 * </pre>
 *
 * Since x does not change, its projection {@code x W_i + b_i} is computed once per forward and its
 * gradient summed over steps before one product with W_iᵀ. Correctness first: this is the
 * reference the project's vectorised GRU kernel can replace (same layout, same maths).
 *
 * <p>Parameters at an offset: W_i {@code [in, 3H]}, b_i {@code [3H]}, W_h {@code [H, 3H]}, b_h
 * {@code [3H]}; gate columns in the order r, z, n.
 */
final class GruStepCell implements StepCell {
  private final int in;
  private final int hidden;
  private final int gates;
  private float[] x = new float[0];
  private float[] gx = new float[0];
  private float[] gh = new float[0];
  private float[] r = new float[0];
  private float[] z = new float[0];
  private float[] c = new float[0];
  private float[] hn = new float[0];
  private float[] states = new float[0];
  private float[] dGx = new float[0];
  private float[] dGh = new float[0];
  private float[] dh = new float[0];
  private float[] whT;
  private float[] wiT;
  private int batch;
  private int steps;

  GruStepCell(int in, int hidden) {
    this.in = in;
    this.hidden = hidden;
    this.gates = 3 * hidden;
    this.whT = new float[gates * hidden];
    this.wiT = new float[gates * in];
  }

  @Override
  public int parameterCount() {
    return in * gates + gates + hidden * gates + gates;
  }

  @Override
  public int inputSize() {
    return in;
  }

  @Override
  public int hiddenSize() {
    return hidden;
  }

  /** U(−1/√H, 1/√H) for every weight and bias, as PyTorch initialises a GRU. */
  @Override
  public void initialize(float[] params, int offset, SplittableRandom rng) {
    double bound = 1.0 / Math.sqrt(hidden);
    for (int i = 0; i < parameterCount(); i++) {
      params[offset + i] = (float) ((2 * rng.nextDouble() - 1) * bound);
    }
  }

  @Override
  public void forward(float[] params, int offset, float[] input, int batch, int steps, float[] out) {
    ensureCapacity(batch, steps);
    this.batch = batch;
    this.steps = steps;
    int wi = offset;
    int bi = wi + in * gates;
    int wh = bi + gates;
    int bh = wh + hidden * gates;
    System.arraycopy(input, 0, x, 0, batch * in);
    for (int b = 0; b < batch; b++) {
      System.arraycopy(params, bi, gx, b * gates, gates);
    }
    Matrices.mulAdd(x, 0, params, wi, gx, 0, batch, in, gates);
    int bh1 = batch * hidden;
    for (int n = 0; n < steps; n++) {
      for (int b = 0; b < batch; b++) {
        System.arraycopy(params, bh, gh, b * gates, gates);
      }
      if (n > 0) {
        Matrices.mulAdd(out, (n - 1) * bh1, params, wh, gh, 0, batch, hidden, gates);
      }
      for (int b = 0; b < batch; b++) {
        int g = b * gates;
        int s = n * bh1 + b * hidden;
        int prev = s - bh1;
        for (int j = 0; j < hidden; j++) {
          float rj = sigmoid(gx[g + j] + gh[g + j]);
          float zj = sigmoid(gx[g + hidden + j] + gh[g + hidden + j]);
          float hnj = gh[g + 2 * hidden + j];
          float cj = (float) Math.tanh(gx[g + 2 * hidden + j] + rj * hnj);
          float hp = n > 0 ? out[prev + j] : 0f;
          r[s + j] = rj;
          z[s + j] = zj;
          c[s + j] = cj;
          hn[s + j] = hnj;
          out[s + j] = (1f - zj) * cj + zj * hp;
        }
      }
    }
    System.arraycopy(out, 0, states, 0, steps * bh1);
  }

  @Override
  public void backward(float[] params, int offset, float[] dStates, float[] grads, float[] dx) {
    int wi = offset;
    int bi = wi + in * gates;
    int wh = bi + gates;
    int bh = wh + hidden * gates;
    Arrays.fill(grads, offset, offset + parameterCount(), 0f);
    Matrices.transpose(params, wh, hidden, gates, whT);
    int bh1 = batch * hidden;
    Arrays.fill(dGx, 0, batch * gates, 0f);
    Arrays.fill(dh, 0, bh1, 0f);
    for (int n = steps - 1; n >= 0; n--) {
      for (int b = 0; b < batch; b++) {
        int g = b * gates;
        int s = n * bh1 + b * hidden;
        int prev = s - bh1;
        for (int j = 0; j < hidden; j++) {
          float d = dStates[s + j] + dh[b * hidden + j];
          float zj = z[s + j];
          float cj = c[s + j];
          float rj = r[s + j];
          float hp = n > 0 ? states[prev + j] : 0f;
          float dcPre = d * (1f - zj) * (1f - cj * cj);
          float drPre = dcPre * hn[s + j] * rj * (1f - rj);
          float dzPre = d * (hp - cj) * zj * (1f - zj);
          dGx[g + j] += drPre;
          dGx[g + hidden + j] += dzPre;
          dGx[g + 2 * hidden + j] += dcPre;
          dGh[g + j] = drPre;
          dGh[g + hidden + j] = dzPre;
          dGh[g + 2 * hidden + j] = dcPre * rj;
          dh[b * hidden + j] = d * zj; // the direct path h' = ... + z ⊙ h
        }
      }
      Matrices.columnSumsAdd(dGh, 0, batch, gates, grads, bh);
      if (n > 0) {
        Matrices.mulTransAAdd(states, (n - 1) * bh1, dGh, 0, grads, wh, batch, hidden, gates);
        Matrices.mulAdd(dGh, 0, whT, 0, dh, 0, batch, gates, hidden);
      }
    }
    Matrices.columnSumsAdd(dGx, 0, batch, gates, grads, bi);
    Matrices.mulTransAAdd(x, 0, dGx, 0, grads, wi, batch, in, gates);
    Matrices.transpose(params, wi, in, gates, wiT);
    Arrays.fill(dx, 0, batch * in, 0f);
    Matrices.mulAdd(dGx, 0, wiT, 0, dx, 0, batch, gates, in);
  }

  private void ensureCapacity(int batch, int steps) {
    int perStep = batch * hidden;
    if (x.length < batch * in) {
      x = new float[batch * in];
      gx = new float[batch * gates];
      gh = new float[batch * gates];
      dGx = new float[batch * gates];
      dGh = new float[batch * gates];
      dh = new float[perStep];
    }
    if (r.length < steps * perStep) {
      r = new float[steps * perStep];
      z = new float[steps * perStep];
      c = new float[steps * perStep];
      hn = new float[steps * perStep];
      states = new float[steps * perStep];
    }
  }

  private static float sigmoid(float v) {
    return (float) (1.0 / (1.0 + Math.exp(-v)));
  }
}
