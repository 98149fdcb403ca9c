package org.ponderlab.core.model.transformer;

/**
 * The shape of a {@link TransformerNetwork}.
 *
 * @param kind fixed-depth transformer, Universal Transformer or Hyper-UT
 * @param vocabulary number of token ids (C-PVR: the value range K)
 * @param length tokens per example (C-PVR: L)
 * @param dim model width d
 * @param heads attention heads (d must be a multiple)
 * @param mlpDim hidden width of the block's MLP
 * @param outputs classes of the output head
 * @param maxSteps N: blocks of the fixed transformer, maximum applications of the shared block
 * @param poolSize Hyper-UT: module embeddings M in each hyper-module's pool (ignored otherwise)
 * @param moduleDim Hyper-UT: width of a module's key and of its value (ignored otherwise)
 */
public record TransformerSpec(
    Kind kind,
    int vocabulary,
    int length,
    int dim,
    int heads,
    int mlpDim,
    int outputs,
    int maxSteps,
    int poolSize,
    int moduleDim) {

  /** Which model: the command-line names of the {@code model} setting. */
  public enum Kind {
    /** N distinct pre-LN blocks, a readout after each (the {@code fixed} method uses the last). */
    FIXED("transformer"),
    /**
     * One shared block applied up to N times, with a learned step embedding (Dehghani et al. 2019).
     */
    UNIVERSAL("ut"),
    /**
     * The shared block's dense layers (attention projections and MLP) generated per example and
     * step by hyper-modules (paper 003).
     */
    HYPER("hyper-ut");

    private final String cliName;

    Kind(String cliName) {
      this.cliName = cliName;
    }

    public String cliName() {
      return cliName;
    }

    public static Kind parse(String text) {
      for (Kind k : values()) {
        if (k.cliName.equals(text)) {
          return k;
        }
      }
      throw new IllegalArgumentException("model must be transformer, ut or hyper-ut, got " + text);
    }
  }

  public TransformerSpec {
    if (vocabulary < 1
        || length < 1
        || dim < 1
        || heads < 1
        || mlpDim < 1
        || outputs < 1
        || maxSteps < 1) {
      throw new IllegalArgumentException("every size must be positive");
    }
    if (dim % heads != 0) {
      throw new IllegalArgumentException(
          "model-dim " + dim + " is not a multiple of heads " + heads);
    }
    if (kind == Kind.HYPER && (poolSize < 1 || moduleDim < 1)) {
      throw new IllegalArgumentException("Hyper-UT needs pool-size and module width of at least 1");
    }
  }

  /** The defaults' MLP ratio: paper 003's models use 4·d (384 → 1536). */
  public static final int MLP_RATIO = 4;

  /** Key and value width of a Hyper-UT module embedding for model width d: d/2, at least 4. */
  public static int defaultModuleDim(int dim) {
    return Math.max(4, dim / 2);
  }
}
