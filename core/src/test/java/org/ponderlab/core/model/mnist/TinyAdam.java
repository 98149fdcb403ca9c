package org.ponderlab.core.model.mnist;

/** Adam over a flat parameter vector, for tests that must not depend on the project's optimiser. */
final class TinyAdam {
  private final float lr;
  private final float[] m;
  private final float[] v;
  private int t;

  TinyAdam(int size, float lr) {
    this.lr = lr;
    this.m = new float[size];
    this.v = new float[size];
  }

  void step(float[] params, float[] grads) {
    t++;
    double c1 = 1 - Math.pow(0.9, t);
    double c2 = 1 - Math.pow(0.999, t);
    for (int i = 0; i < params.length; i++) {
      m[i] = 0.9f * m[i] + 0.1f * grads[i];
      v[i] = 0.999f * v[i] + 0.001f * grads[i] * grads[i];
      params[i] -= (float) (lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8));
    }
  }
}
