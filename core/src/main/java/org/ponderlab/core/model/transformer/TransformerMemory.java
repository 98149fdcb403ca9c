package org.ponderlab.core.model.transformer;

/**
 * What a {@link TransformerKernel} allocates, predicted from its spec without building it, so a
 * run that cannot fit is refused before it starts. Kept next to the kernel: when the kernel's
 * buffers change (e.g. recomputation instead of keeping every step's activations), change {@link
 * #activationFloats} with it; {@code TransformerMemoryTest} holds the two together.
 */
public final class TransformerMemory {
  private TransformerMemory() {}

  /** The exact parameter count (the kernel's flat buffer), or -1 when it exceeds a Java array. */
  public static long parameters(TransformerSpec spec) {
    try {
      return TransformerParameters.layout(spec).total();
    } catch (IllegalArgumentException tooMany) {
      return -1;
    }
  }

  /**
   * Floats the kernel keeps besides its parameters, for batches up to {@code maxBatch}: every
   * step's forward activations (kept for backpropagation), the backward scratch and the heads'
   * outputs. Counts the buffers the constructor allocates, term by term.
   */
  public static long activationFloats(TransformerSpec spec, int maxBatch) {
    long b = maxBatch;
    long rows = b * spec.length();
    long d = spec.dim();
    long rd = rows * d;
    long rm = rows * spec.mlpDim();
    long n = spec.maxSteps();
    boolean hyper = spec.kind() == TransformerSpec.Kind.HYPER;
    long e = hyper ? spec.moduleDim() : 0;
    long pool = hyper ? spec.poolSize() : 0;
    long perStep = rd * (spec.kind() == TransformerSpec.Kind.FIXED ? 10 : 11) // h, u, x1hat, x1, q, k, v, o, a, x2hat, x2
        + 2 * rows // rstd1, rstd2
        + attention(spec, maxBatch) // attn
        + 2 * rm // z1, g
        + 2 * b * d + b // fhat, f, rstdf
        + (hyper ? b * d + 2 * (2 * b * e + b * pool) : 0);
    long hyperScratch = hyper ? 4 * b * d * spec.mlpDim() + 2 * e * d * spec.mlpDim() + 2 * d * spec.mlpDim()
        + 3 * b * e + b * d + b * pool : 0;
    long heads = n * b * spec.outputs() + 2 * n * b + rows;
    long backward = 9 * rd + 2 * rm + (long) spec.length() * spec.length() + d * spec.length() + 2 * b * d
        + Math.max(d * d, d * spec.mlpDim()) + Math.max(Math.max(d, spec.mlpDim()), d * spec.mlpDim());
    return rd + n * perStep + hyperScratch + heads + backward;
  }

  /** The largest single array the kernel allocates (a Java array holds at most 2^31 − 9 values). */
  public static long largestArray(TransformerSpec spec, int maxBatch) {
    long rows = (long) maxBatch * spec.length();
    long hyper = spec.kind() == TransformerSpec.Kind.HYPER ? (long) maxBatch * spec.dim() * spec.mlpDim() : 0;
    return Math.max(Math.max(rows * spec.mlpDim(), attention(spec, maxBatch)),
        Math.max(hyper, (long) spec.maxSteps() * maxBatch * spec.outputs()));
  }

  private static long attention(TransformerSpec spec, int maxBatch) {
    return (long) maxBatch * spec.heads() * spec.length() * spec.length();
  }
}
