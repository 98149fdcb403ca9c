package org.ponderlab.core.optim;

/**
 * Adam (Kingma and Ba) over one flat parameter buffer, with global gradient-norm clipping applied
 * first (same semantics as torch.nn.utils.clip_grad_norm_: scale all gradients by clip / (‖g‖ +
 * 1e-6) when ‖g‖ &gt; clip). A parameter range may have its own learning rate (PALBERT's Lambda
 * head). Allocates nothing per step.
 */
public final class Adam {
  private final float[] m;
  private final float[] v;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final float[] rateScale;
  private long t;

  public Adam(int parameterCount) {
    this(parameterCount, 0.9, 0.999, 1e-8);
  }

  public Adam(int parameterCount, double beta1, double beta2, double epsilon) {
    this.m = new float[parameterCount];
    this.v = new float[parameterCount];
    this.rateScale = new float[parameterCount];
    java.util.Arrays.fill(rateScale, 1f);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  /** Parameters in [from, to) use {@code rate / baseRate} times the base learning rate. */
  public void setRateRatio(int from, int to, float ratio) {
    java.util.Arrays.fill(rateScale, from, to, ratio);
  }

  /** The global L2 norm of a gradient buffer. */
  public static double norm(float[] grads) {
    double s = 0;
    for (float g : grads) {
      s += (double) g * g;
    }
    return Math.sqrt(s);
  }

  /**
   * One update. Returns the gradient's global norm before clipping (non-finite if the gradient
   * holds NaN or infinity, in which case nothing is updated).
   */
  public double step(float[] params, float[] grads, double learningRate, double clip) {
    double norm = norm(grads);
    if (!Double.isFinite(norm)) {
      return norm;
    }
    float scale = clip > 0 && norm > clip ? (float) (clip / (norm + 1e-6)) : 1f;
    t++;
    double c1 = 1 - Math.pow(beta1, t);
    double c2 = 1 - Math.pow(beta2, t);
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    float stepSize = (float) (learningRate / c1);
    float sqrtC2 = (float) Math.sqrt(c2);
    float eps = (float) epsilon;
    for (int i = 0; i < params.length; i++) {
      float g = grads[i] * scale;
      float mi = b1 * m[i] + (1 - b1) * g;
      float vi = b2 * v[i] + (1 - b2) * g * g;
      m[i] = mi;
      v[i] = vi;
      // torch.optim.Adam: p -= lr/c1 · m / (sqrt(v)/sqrt(c2) + eps)
      params[i] -= rateScale[i] * stepSize * mi / ((float) Math.sqrt(vi) / sqrtC2 + eps);
    }
    return norm;
  }

  /** Steps taken so far. */
  public long steps() {
    return t;
  }

  /** The moment buffers and step count, for saving and resuming a run exactly. */
  public float[] firstMoment() {
    return m;
  }

  public float[] secondMoment() {
    return v;
  }

  public void setSteps(long steps) {
    this.t = steps;
  }
}
