package org.ponderlab.core.model.transformer;

/**
 * How much memory a {@link TransformerKernel} allocates, and whether it keeps every step's block
 * activations for the backward or recomputes them: the one place that says so (a memory check
 * before training reads {@link #bytes}; a test holds the formula to what the kernel allocates).
 *
 * <p>Per step the kernel always keeps the state h_n [B·L, d] and the readout's small buffers
 * ({@link StepRecord}). The block's own activations ({@link BlockActivations}: q, k, v, the
 * attention maps, o, a, z₁: about (5·d + m)·L + H·L² floats per example) are kept for every step
 * when that takes at most {@link #STORE_EVERY_STEP_LIMIT} bytes; otherwise one set is kept and the
 * backward recomputes each step's block from h_{n−1} before differentiating it (one more block
 * forward per step, paid only at sizes that would not fit otherwise, such as paper 003's L 100, N
 * 32). Plus one {@link BlockWorkspace} of scratch and the output buffers.
 */
public final class TransformerMemory {
  /** Above this many bytes of per-step block activations, the kernel recomputes them instead. */
  public static final long STORE_EVERY_STEP_LIMIT = 512L << 20;

  private TransformerMemory() {}

  /** True if a kernel for this spec and largest batch keeps every step's block activations. */
  public static boolean storesEveryStep(TransformerSpec spec, int maxBatch) {
    return 4 * spec.maxSteps() * BlockActivations.floats(spec, maxBatch) <= STORE_EVERY_STEP_LIMIT;
  }

  /**
   * Bytes of the float buffers a kernel for this spec and largest batch allocates (parameters not
   * included).
   */
  public static long bytes(TransformerSpec spec, int maxBatch) {
    return 4 * activationFloats(spec, maxBatch);
  }

  /**
   * Floats a kernel for this spec and largest batch allocates besides its parameters, under its
   * policy.
   */
  public static long activationFloats(TransformerSpec spec, int maxBatch) {
    return floats(spec, maxBatch, storesEveryStep(spec, maxBatch));
  }

  /** The exact parameter count (the kernel's flat buffer), or -1 when it exceeds a Java array. */
  public static long parameters(TransformerSpec spec) {
    try {
      return TransformerParameters.layout(spec).total();
    } catch (IllegalArgumentException tooMany) {
      return -1;
    }
  }

  /**
   * The parameter count a Hyper-UT of this spec had in builds before its attention projections were
   * generated (W_q, W_k, W_v, W_o plain [d, d] matrices, only W₁ and W₂ from hyper-modules): what
   * the model.bin of a run saved by such a build holds, so it can be recognised and refused with
   * its reason. -1 for other kinds, or when the count exceeds a Java array.
   */
  public static long mlpOnlyHyperParameters(TransformerSpec spec) {
    long now = parameters(spec);
    if (spec.kind() != TransformerSpec.Kind.HYPER || now < 0) {
      return -1;
    }
    long d = spec.dim();
    long e = spec.moduleDim();
    long module = 2L * spec.poolSize() * e + d * e + (e + 1) * d * d;
    return now - 4 * module + 4 * d * d;
  }

  /** The largest single array the kernel allocates (a Java array holds at most 2^31 − 9 values). */
  public static long largestArray(TransformerSpec spec, int maxBatch) {
    long rows = (long) maxBatch * spec.length();
    long rd = rows * spec.dim();
    long hyper =
        spec.kind() == TransformerSpec.Kind.HYPER
            ? (long) maxBatch * spec.dim() * Math.max(spec.dim(), spec.mlpDim())
            : 0;
    long maps = (long) maxBatch * spec.heads() * spec.length() * spec.length();
    long outputs = (long) spec.maxSteps() * maxBatch * spec.outputs();
    return Math.max(
        Math.max(3 * rd, rows * spec.mlpDim()), Math.max(Math.max(maps, hyper), outputs));
  }

  /** Floats the kernel allocates under the given policy (parameters not included). */
  static long floats(TransformerSpec spec, long maxBatch, boolean everyStep) {
    int steps = spec.maxSteps();
    long n =
        StepRecord.floats(spec, maxBatch, true) + steps * StepRecord.floats(spec, maxBatch, false);
    n += (everyStep ? steps : 1) * BlockActivations.floats(spec, maxBatch);
    n += BlockWorkspace.floats(spec, maxBatch);
    n += outputFloats(spec, maxBatch);
    return n;
  }

  /** Logits, halting logits, norms, the readout's gradient scratch and the token ids. */
  static long outputFloats(TransformerSpec spec, long maxBatch) {
    long perStep = maxBatch * spec.outputs() + 2 * maxBatch;
    return spec.maxSteps() * perStep + maxBatch * spec.dim() + maxBatch * spec.length();
  }
}
