package org.ponderlab.core.model.transformer;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ponderlab.core.model.Network;
import org.ponderlab.core.model.kernel.ColumnSums;
import org.ponderlab.core.model.transformer.TransformerSpec.Kind;

/**
 * Transformer step networks for C-PVR in plain Java (forward and hand-written backward, matmuls on
 * the Vector API through {@code Matmul}): a fixed-depth transformer, a Universal Transformer (UT)
 * and Hyper-UT ({@link Kind}). Checked against {@code TransformerReference} (test sources), the
 * same models in SameDiff (double precision, autodiff), and by finite differences.
 *
 * <h2>Model</h2>
 *
 * <ul>
 *   <li>Input: token ids (the float values of x, which must be whole numbers in [0, K)) → token
 *       embedding + learned position embedding; this [B·L, d] state is h_0, so step 1 already
 *       depends on x.
 *   <li>Block (pre-LN): a ← u + MHA(LN₁(u))·W_o + b_o; h ← a + gelu(LN₂(a)·W₁ + b₁)·W₂ + b₂, with
 *       bidirectional softmax(QKᵀ/√d_h) attention over the L tokens, layer norm with ε = 1e-5 and
 *       the tanh approximation of GELU.
 *   <li>Readout at every step n: f = LN_f(h_n[token 0]) (the C-PVR chain starts at position 0);
 *       output logits f·W_out + b_out, halting logit f·w_halt + b_halt.
 *   <li>{@code transformer}: N distinct blocks, u = h_{n−1}; a readout head per block, so every
 *       halting method sees N steps (the {@code fixed} method uses the last).
 *   <li>{@code ut}: one shared block applied up to N times, u = h_{n−1} + s_n with a learned step
 *       embedding s_n; one shared readout head.
 *   <li>{@code hyper-ut}: as {@code ut}, but every dense layer of the block — W_q, W_k, W_v, W_o
 *       and the MLP's W₁, W₂ — takes its weights from its own hyper-module (HALTING.md "C-PVR";
 *       paper 003 §3.1: "we replace the dense layers in the self-attention module and the MLP …
 *       with hyper-modules", one per component, shared across steps). Each has a pool of M module
 *       embeddings split into keys [M, e] and values [M, e]; a single-head router scores q =
 *       pooled·W_r against the keys, s = softmax(q·keysᵀ/√e) (router temperature 1, as paper 003's
 *       table 2); the mixed value v = s·values goes through a linear generator, W = reshape(v·G +
 *       G₀, [in, out]). The router input is the representation at the layer's own sub-block:
 *       mean_tokens(LN₁(u)) for the four attention projections, mean_tokens(LN₂(a)) for the MLP's
 *       two (the paper conditions on "some representation of the input at that layer" and does not
 *       say which; this is the lab's choice, README "C-PVR"). Weights are generated <b>per example
 *       and per step</b>: each example's result depends on that example alone, so a batch may be
 *       split into shards freely. The biases stay plain parameters; G₀, the generator's bias, acts
 *       as a static weight the modules modulate.
 * </ul>
 *
 * Halting is per example (the {@link Network} contract), not per token as in paper 003's ACT. Every
 * step is computed, as in {@code PonderNetwork}; evaluation reports the step each example would
 * halt at under the rule.
 *
 * <h2>Parts</h2>
 *
 * {@link TransformerBlock} (layer norms, fused attention on {@code kernel.Attention}, the MLP),
 * {@link AttentionWeights} (where the attention's projections come from: {@link
 * SharedAttentionWeights} or Hyper-UT's {@link GeneratedAttentionWeights}), {@link HyperMlp}
 * (Hyper-UT's generated MLP), {@link HyperModule} (one hyper-module's routing, generation and
 * backward), {@link Readout} (LN_f and the heads); the buffers are {@link StepRecord} (kept per
 * step), {@link BlockActivations} (kept per step, or once and recomputed: {@link
 * TransformerMemory}) and {@link BlockWorkspace} (scratch).
 *
 * <p>Memory: {@link TransformerMemory#bytes}. Nothing is allocated per iteration. Not thread-safe,
 * but re-entrant per instance: two instances (two shards of a batch on two threads) share nothing
 * but the read-only parameters.
 */
public final class TransformerKernel implements Network {
  private final TransformerSpec spec;
  private final ParameterLayout layout;
  private final int maxBatch;
  private final int len;
  private final int dim;
  private final int classes;
  private final int maxSteps;
  private final TransformerMemory.Policy policy;
  private final float[] sharedTanh;
  private final float[] sharedZ1;
  private final BlockParameters[] blocks;
  private final ReadoutParameters[] heads;
  private final int tokenEmbedding;
  private final int positionEmbedding;
  private final int[] stepEmbedding;
  private final TransformerBlock block;
  private final Readout readout;
  private final StepRecord[] records;
  private final BlockActivations[] activations;
  private final BlockWorkspace workspace;
  private final float[] outputLogits;
  private final float[] haltingLogits;
  private final float[] hiddenNorms;
  private final float[] readoutGradient;
  private final int[] tokens;

  private int batch;
  private int steps;

  /** A kernel whose memory policy {@link TransformerMemory#policy} chooses. */
  public TransformerKernel(TransformerSpec spec, int maxBatch) {
    this(spec, maxBatch, TransformerMemory.policy(spec, maxBatch));
  }

  /**
   * @param storeEveryStep keep every step's block activations (fast) or one set, recomputed per
   *     step in the backward (bounded memory); both give the same numbers
   */
  public TransformerKernel(TransformerSpec spec, int maxBatch, boolean storeEveryStep) {
    this(
        spec,
        maxBatch,
        storeEveryStep ? TransformerMemory.Policy.EVERY_STEP : TransformerMemory.Policy.RECOMPUTE);
  }

  /**
   * @param policy what to keep of each step's block for the backward ({@link TransformerMemory});
   *     every policy gives the same numbers
   */
  public TransformerKernel(TransformerSpec spec, int maxBatch, TransformerMemory.Policy policy) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be >= 1: " + maxBatch);
    }
    this.spec = spec;
    this.layout = TransformerParameters.layout(spec);
    this.maxBatch = maxBatch;
    this.len = spec.length();
    this.dim = spec.dim();
    this.classes = spec.outputs();
    this.maxSteps = spec.maxSteps();
    this.policy = policy;
    boolean hyper = spec.kind() == Kind.HYPER;
    this.blocks = new BlockParameters[TransformerParameters.blockCount(spec)];
    for (int i = 0; i < blocks.length; i++) {
      blocks[i] =
          BlockParameters.of(
              layout, TransformerParameters.blockPrefix(spec, i + 1), hyper, dim, spec.mlpDim());
    }
    this.heads = new ReadoutParameters[spec.kind() == Kind.FIXED ? maxSteps : 1];
    for (int i = 0; i < heads.length; i++) {
      heads[i] = ReadoutParameters.of(layout, TransformerParameters.headSuffix(spec, i + 1));
    }
    this.tokenEmbedding = layout.get("tok_emb").offset();
    this.positionEmbedding = layout.get("pos_emb").offset();
    this.stepEmbedding = new int[maxSteps + 1];
    if (spec.kind() != Kind.FIXED) {
      for (int n = 1; n <= maxSteps; n++) {
        stepEmbedding[n] = layout.get("step_emb" + n).offset();
      }
    }
    this.block = new TransformerBlock(spec);
    this.readout = new Readout(spec, layout.get("lnf_g").offset(), layout.get("lnf_b").offset());
    this.records = new StepRecord[maxSteps + 1];
    for (int n = 0; n <= maxSteps; n++) {
      records[n] = new StepRecord(spec, maxBatch, n == 0);
    }
    this.activations = new BlockActivations[maxSteps + 1];
    boolean maps = policy == TransformerMemory.Policy.EVERY_STEP_MAPS;
    boolean lean = maps || policy == TransformerMemory.Policy.EVERY_STEP_LEAN;
    this.sharedTanh = lean ? new float[(int) BlockActivations.tanhFloats(spec, maxBatch)] : null;
    this.sharedZ1 =
        maps && TransformerMemory.sharesZ1(spec)
            ? new float[(int) BlockActivations.tanhFloats(spec, maxBatch)]
            : null;
    BlockActivations shared =
        policy == TransformerMemory.Policy.RECOMPUTE ? new BlockActivations(spec, maxBatch) : null;
    for (int n = 1; n <= maxSteps; n++) {
      activations[n] =
          shared != null
              ? shared
              : lean
                  ? new BlockActivations(spec, maxBatch, sharedTanh, maps, sharedZ1)
                  : new BlockActivations(spec, maxBatch);
    }
    this.workspace = new BlockWorkspace(spec, maxBatch);
    this.outputLogits = new float[maxSteps * maxBatch * classes];
    this.haltingLogits = new float[maxSteps * maxBatch];
    this.hiddenNorms = new float[maxSteps * maxBatch];
    this.readoutGradient = new float[maxBatch * dim];
    this.tokens = new int[maxBatch * len];
  }

  public TransformerSpec spec() {
    return spec;
  }

  /** Whether every step's block activations are kept (else recomputed in the backward). */
  public boolean storesEveryStep() {
    return policy != TransformerMemory.Policy.RECOMPUTE;
  }

  /** What this kernel keeps of each step's block for the backward. */
  public TransformerMemory.Policy policy() {
    return policy;
  }

  /** Floats of every buffer this kernel allocated (parameters are the caller's). */
  public long allocatedFloats() {
    long n =
        workspace.allocated()
            + outputLogits.length
            + haltingLogits.length
            + hiddenNorms.length
            + readoutGradient.length
            + tokens.length
            + Buffers.length(sharedTanh)
            + Buffers.length(sharedZ1);
    for (StepRecord r : records) {
      n += r.allocated();
    }
    BlockActivations previous = null;
    for (int i = 1; i <= maxSteps; i++) {
      if (activations[i] != previous) {
        n += activations[i].allocated();
      }
      previous = activations[i];
    }
    return n;
  }

  @Override
  public int parameterCount() {
    return layout.total();
  }

  @Override
  public int outputs() {
    return classes;
  }

  @Override
  public void initialize(float[] params, long seed, float haltingBias) {
    layout.initialize(params, new SplittableRandom(seed), haltingBias);
  }

  @Override
  public float[] outputLogits() {
    return outputLogits;
  }

  @Override
  public float[] haltingLogits() {
    return haltingLogits;
  }

  /** ‖h_n‖ over all L·d values of each example's state after step n (before the final norm). */
  @Override
  public float[] hiddenNorms() {
    return hiddenNorms;
  }

  private BlockParameters blockOf(int n) {
    return spec.kind() == Kind.FIXED ? blocks[n - 1] : blocks[0];
  }

  private ReadoutParameters headOf(int n) {
    return spec.kind() == Kind.FIXED ? heads[n - 1] : heads[0];
  }

  @Override
  public void forward(float[] params, float[] x, int batch, int steps) {
    if (batch < 1 || batch > maxBatch || steps < 1 || steps > maxSteps) {
      throw new IllegalArgumentException(
          "batch "
              + batch
              + " (max "
              + maxBatch
              + ") or steps "
              + steps
              + " (max "
              + maxSteps
              + ") out of range");
    }
    embed(params, x, batch);
    this.batch = batch;
    this.steps = steps;
    for (int n = 1; n <= steps; n++) {
      block.forward(
          params,
          blockOf(n),
          blockInput(params, n),
          batch,
          activations[n],
          records[n],
          workspace,
          records[n].h);
      readout.forward(
          params, headOf(n), records[n], batch, n, outputLogits, haltingLogits, hiddenNorms);
    }
  }

  /** h_0 = token embedding + position embedding, after checking every input is a token id. */
  private void embed(float[] params, float[] x, int batch) {
    int rows = batch * len;
    for (int r = 0; r < rows; r++) {
      float xv = x[r];
      int id = (int) xv;
      if (id < 0 || id >= spec.vocabulary() || id != xv) {
        throw new IllegalArgumentException(
            "input " + xv + " is not a token id in [0, " + spec.vocabulary() + ")");
      }
    }
    float[] h0 = records[0].h;
    for (int r = 0; r < rows; r++) {
      int id = (int) x[r];
      tokens[r] = id;
      int t = tokenEmbedding + id * dim;
      int p = positionEmbedding + (r % len) * dim;
      for (int j = 0; j < dim; j++) {
        h0[r * dim + j] = params[t + j] + params[p + j];
      }
    }
  }

  /**
   * The input of step n's block: h_{n−1} (fixed depth) or h_{n−1} + s_n, built in the workspace.
   */
  private float[] blockInput(float[] params, int n) {
    if (spec.kind() == Kind.FIXED) {
      return records[n - 1].h;
    }
    RowOps.addBias(records[n - 1].h, batch * len, dim, params, stepEmbedding[n], workspace.u);
    return workspace.u;
  }

  @Override
  public void backward(
      float[] params, float[] dOutputLogits, float[] dHaltingLogits, float[] grads) {
    Arrays.fill(grads, 0, layout.total(), 0f);
    int rows = batch * len;
    float[] dh = workspace.dh;
    Arrays.fill(dh, 0, rows * dim, 0f);
    for (int n = steps; n >= 1; n--) {
      readout.backward(
          params,
          headOf(n),
          records[n],
          batch,
          n,
          dOutputLogits,
          dHaltingLogits,
          grads,
          readoutGradient,
          dh);
      float[] in = blockInput(params, n);
      if (policy == TransformerMemory.Policy.RECOMPUTE) {
        block.forward(params, blockOf(n), in, batch, activations[n], records[n], workspace, null);
      }
      block.backward(params, blockOf(n), in, batch, activations[n], records[n], workspace, grads);
      // dh now holds dL/du_n; u_n = h_{n−1} + s_n
      if (spec.kind() != Kind.FIXED) {
        ColumnSums.addTo(dh, 0, rows, dim, grads, stepEmbedding[n]);
      }
    }
    for (int r = 0; r < rows; r++) {
      int t = tokenEmbedding + tokens[r] * dim;
      int p = positionEmbedding + (r % len) * dim;
      for (int j = 0; j < dim; j++) {
        float gv = dh[r * dim + j];
        grads[t + j] += gv;
        grads[p + j] += gv;
      }
    }
  }
}
