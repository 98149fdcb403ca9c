package org.ponderlab.core.model.transformer;

import org.ponderlab.core.model.kernel.Attention;

/**
 * How much memory a {@link TransformerKernel} allocates, and how much of each step's block it keeps
 * for the backward: the one place that says so (a memory check before training reads {@link
 * #bytes}; a test holds the formula to what the kernel allocates).
 *
 * <p>Per step the kernel always keeps the state h_n [B·L, d] and the readout's small buffers
 * ({@link StepRecord}). Of the block's own activations ({@link BlockActivations}: q, k, v, the
 * attention maps, o, a, z₁ and GELU's tanh) it keeps, by {@link Policy}:
 *
 * <ul>
 *   <li>{@link Policy#EVERY_STEP}: all of them for every step, when that takes at most {@link
 *       #STORE_EVERY_STEP_LIMIT} bytes (the bench's L 16);
 *   <li>{@link Policy#EVERY_STEP_MAPS}: all but the tanh and z₁ for every step (Hyper-UT keeps z₁),
 *       when that fits the lean budget (below; paper 003's L 100, N 32 at 128 rows takes 0.74 GB,
 *       in the launcher's default heap): the backward recomputes the tanh (one pass) and z₁ (one
 *       product, a few percent of an iteration), not the maps, which took more than a tenth of a
 *       paper-size iteration to recompute (the backward's Q·Kᵀ and softmax);
 *   <li>{@link Policy#EVERY_STEP_LEAN}: all but the maps and the tanh for every step, when that
 *       fits the lean budget (half the Java heap; paper 003's L 100, N 32 at 256 rows takes 0.96
 *       GB). The maps are H·L² floats per example, the largest part at long L; the backward
 *       recomputes each head's map (one Q·Kᵀ and softmax, about a sixth of a block's forward at L
 *       100) and the tanh (one pass) instead of the whole block;
 *   <li>{@link Policy#RECOMPUTE}: one set; the backward recomputes each step's block from h_{n−1}
 *       before differentiating it (one more block forward per step), for sizes that fit neither.
 * </ul>
 *
 * All four give the same numbers, bit for bit. Plus one {@link BlockWorkspace} of scratch and the
 * output buffers.
 */
public final class TransformerMemory {
  /** What the kernel keeps of each step's block for the backward. */
  public enum Policy {
    /** Every step's activations, the attention maps and GELU's tanh included. */
    EVERY_STEP,
    /**
     * Every step's activations and attention maps but GELU's tanh, recomputed per step in the
     * backward.
     */
    EVERY_STEP_MAPS,
    /** Every step's activations but the maps and the tanh, recomputed per step in the backward. */
    EVERY_STEP_LEAN,
    /** One set of activations; each step's block is recomputed in the backward. */
    RECOMPUTE
  }

  /** Above this many bytes of per-step block activations, the kernel keeps less than all. */
  public static final long STORE_EVERY_STEP_LIMIT = 512L << 20;

  private TransformerMemory() {}

  /** The policy for this spec and largest batch in this JVM: lean budget half its maximum heap. */
  public static Policy policy(TransformerSpec spec, int maxBatch) {
    return policy(spec, maxBatch, leanBudget());
  }

  /**
   * The policy given a budget in bytes for the kept activations of {@link Policy#EVERY_STEP_MAPS}
   * and {@link Policy#EVERY_STEP_LEAN}: the first of EVERY_STEP, EVERY_STEP_MAPS, EVERY_STEP_LEAN,
   * RECOMPUTE whose kept activations fit.
   */
  public static Policy policy(TransformerSpec spec, long maxBatch, long leanBudgetBytes) {
    long steps = spec.maxSteps();
    if (4 * steps * BlockActivations.floats(spec, maxBatch, true) <= STORE_EVERY_STEP_LIMIT) {
      return Policy.EVERY_STEP;
    }
    if (4 * steps * mapsSetFloats(spec, maxBatch) <= leanBudgetBytes) {
      return Policy.EVERY_STEP_MAPS;
    }
    if (4 * steps * BlockActivations.floats(spec, maxBatch, false) <= leanBudgetBytes) {
      return Policy.EVERY_STEP_LEAN;
    }
    return Policy.RECOMPUTE;
  }

  /** Bytes {@link Policy#EVERY_STEP_LEAN} may keep in this JVM: half its maximum heap. */
  public static long leanBudget() {
    return Runtime.getRuntime().maxMemory() / 2;
  }

  /** True if a kernel for this spec and largest batch keeps every step's block activations. */
  public static boolean storesEveryStep(TransformerSpec spec, int maxBatch) {
    return policy(spec, maxBatch) != Policy.RECOMPUTE;
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
    return floats(spec, maxBatch, policy(spec, maxBatch));
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
    long maps = Attention.mapSize(maxBatch, spec.heads(), spec.length());
    long outputs = (long) spec.maxSteps() * maxBatch * spec.outputs();
    return Math.max(
        Math.max(3 * rd, rows * spec.mlpDim()), Math.max(Math.max(maps, hyper), outputs));
  }

  /** Floats the kernel allocates under the given policy (parameters not included). */
  static long floats(TransformerSpec spec, long maxBatch, Policy policy) {
    int steps = spec.maxSteps();
    long n =
        StepRecord.floats(spec, maxBatch, true) + steps * StepRecord.floats(spec, maxBatch, false);
    n +=
        switch (policy) {
          case EVERY_STEP -> steps * BlockActivations.floats(spec, maxBatch, true);
          case EVERY_STEP_MAPS ->
              steps * mapsSetFloats(spec, maxBatch)
                  + BlockActivations.tanhFloats(spec, maxBatch)
                  + (sharesZ1(spec) ? BlockActivations.tanhFloats(spec, maxBatch) : 0);
          case EVERY_STEP_LEAN ->
              steps * BlockActivations.floats(spec, maxBatch, false)
                  + BlockActivations.tanhFloats(spec, maxBatch);
          case RECOMPUTE -> BlockActivations.floats(spec, maxBatch, true);
        };
    n += BlockWorkspace.floats(spec, maxBatch);
    n += outputFloats(spec, maxBatch);
    return n;
  }

  /** Whether {@link Policy#EVERY_STEP_MAPS} shares z₁ across steps: all kinds but Hyper-UT. */
  static boolean sharesZ1(TransformerSpec spec) {
    return spec.kind() != TransformerSpec.Kind.HYPER;
  }

  /** Floats of one step's set under {@link Policy#EVERY_STEP_MAPS}, shared buffers not included. */
  private static long mapsSetFloats(TransformerSpec spec, long maxBatch) {
    return BlockActivations.floats(spec, maxBatch, true, false, !sharesZ1(spec));
  }

  /** Logits, halting logits, norms, the readout's gradient scratch and the token ids. */
  static long outputFloats(TransformerSpec spec, long maxBatch) {
    long perStep = maxBatch * spec.outputs() + 2 * maxBatch;
    return spec.maxSteps() * perStep + maxBatch * spec.dim() + maxBatch * spec.length();
  }
}
