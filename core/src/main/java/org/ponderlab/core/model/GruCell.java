package org.ponderlab.core.model;

import static org.ponderlab.core.model.VectorMath.LANES;
import static org.ponderlab.core.model.VectorMath.SPECIES;

import java.util.Arrays;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;

/**
 * GRU cell (PyTorch gate order r, z, n) run for several ponder steps on the same input, with a
 * hand-written, allocation-free forward and backprop through time.
 *
 * <pre>
 * r  = σ(W_ir x + b_ir + W_hr h + b_hr)
 * z  = σ(W_iz x + b_iz + W_hz h + b_hz)
 * n  = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
 * h' = (1 − z) ⊙ n + z ⊙ h
 * </pre>
 *
 * The same x is fed at every step and h_0 = 0 (HALTING.md, "Step recurrence"), so the input
 * projection is computed once per forward pass.
 *
 * <p>Parameter layout in the flat buffer, PyTorch's {@code GRUCell} order: {@code W_ih [3H×I]},
 * {@code W_hh [3H×H]}, {@code b_ih [3H]}, {@code b_hh [3H]}, matrices row-major, gate blocks
 * r, z, n.
 *
 * <p>Why hand-written: per-op dispatch makes ND4J/SameDiff 5–10× slower than the arithmetic at
 * these sizes (ARCHITECTURE.md). All buffers are sized for {@code maxSteps × maxBatch} at
 * construction; a training iteration allocates nothing. Not thread-safe: one trainer thread.
 *
 * <p>Use: {@link #begin}, then {@link #step} as often as wanted (up to maxSteps), read states
 * with {@link #hiddenArray()} + {@link #hiddenOffset(int)}, then optionally {@link #backward}.
 */
public final class GruCell {

  private final int inputSize;
  private final int hiddenSize;
  private final int maxSteps;
  private final int maxBatch;
  private final int gateWidth; // 3H

  /** W_ih transposed, [I×3H]: vectors run along the gate units. */
  private final float[] inputWeightsT;
  /** W_hh transposed, [H×3H]. */
  private final float[] recurrentWeightsT;
  /** b_hn, which stays inside r ⊙ (W_hn h + b_hn). */
  private final float[] recurrentNewBias;
  /** [batch×3H]: W_ih x + b_ih, plus b_hr and b_hz folded into the r and z blocks. */
  private final float[] inputProjection;
  /** States h_0..h_N, slot n at n·batch·H, each [batch×H] row-major; slot 0 is zeros. */
  private final float[] hidden;
  /**
   * Per step n (slot n−1) and row b, 4H values [r | z | W_hn h + b_hn | n]. During a step the
   * first 3H hold the raw W_hh h before the activation overwrites them.
   */
  private final float[] gates;
  /** Backward: dL/d(W_hh h + b_hh) per step, [N·batch×3H] = [dr_pre | dz_pre | dn_pre ⊙ r]. */
  private final float[] recurrentGateGrads;
  /** Backward: Σ_n dL/d(W_ih x + b_ih), [batch×3H]. */
  private final float[] inputGateGrads;
  /** Backward scratch for dW_ihᵀ [I×3H]. */
  private final float[] inputWeightGradsT;

  private float[] x;
  private int batch;
  private int stepsRun;

  public GruCell(int inputSize, int hiddenSize, int maxSteps, int maxBatch) {
    if (inputSize < 1 || hiddenSize < 1 || maxSteps < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("inputSize, hiddenSize, maxSteps, maxBatch must be >= 1:"
          + " " + inputSize + ", " + hiddenSize + ", " + maxSteps + ", " + maxBatch);
    }
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.maxSteps = maxSteps;
    this.maxBatch = maxBatch;
    this.gateWidth = 3 * hiddenSize;
    inputWeightsT = new float[inputSize * gateWidth];
    recurrentWeightsT = new float[hiddenSize * gateWidth];
    recurrentNewBias = new float[hiddenSize];
    inputProjection = new float[maxBatch * gateWidth];
    hidden = new float[(maxSteps + 1) * maxBatch * hiddenSize];
    gates = new float[maxSteps * maxBatch * 4 * hiddenSize];
    recurrentGateGrads = new float[maxSteps * maxBatch * gateWidth];
    inputGateGrads = new float[maxBatch * gateWidth];
    inputWeightGradsT = new float[inputSize * gateWidth];
  }

  public int inputSize() {
    return inputSize;
  }

  public int hiddenSize() {
    return hiddenSize;
  }

  public int maxSteps() {
    return maxSteps;
  }

  public int maxBatch() {
    return maxBatch;
  }

  public int parameterCount() {
    return gateWidth * inputSize + gateWidth * hiddenSize + 2 * gateWidth;
  }

  /** Length a buffer needs to hold every state or state gradient: {@code (maxSteps+1)·maxBatch·H}. */
  public int hiddenCapacity() {
    return hidden.length;
  }

  /**
   * PyTorch's default {@code GRUCell} init: every weight and bias from U(−1/√H, 1/√H), drawn in
   * buffer order, into {@code params[offset .. offset + parameterCount())}.
   */
  public void initialize(float[] params, int offset, SplittableRandom rng) {
    double bound = 1.0 / Math.sqrt(hiddenSize);
    for (int i = 0; i < parameterCount(); i++) {
      params[offset + i] = (float) rng.nextDouble(-bound, bound);
    }
  }

  /**
   * Starts a forward pass over {@code batch} rows of x ([batch×inputSize] row-major; kept by
   * reference until the next begin, so do not change it before {@link #backward}). Computes the
   * input projection once.
   */
  public void begin(float[] params, int offset, float[] x, int batch) {
    if (batch < 1 || batch > maxBatch) {
      throw new IllegalArgumentException("batch must be in 1.." + maxBatch + ": " + batch);
    }
    if (x.length < batch * inputSize) {
      throw new IllegalArgumentException("x holds fewer than batch*inputSize values");
    }
    this.x = x;
    this.batch = batch;
    this.stepsRun = 0;
    int h = hiddenSize;
    int wih = offset;
    int whh = wih + gateWidth * inputSize;
    int bih = whh + gateWidth * h;
    int bhh = bih + gateWidth;
    transpose(params, wih, gateWidth, inputSize, inputWeightsT);
    transpose(params, whh, gateWidth, h, recurrentWeightsT);
    System.arraycopy(params, bhh + 2 * h, recurrentNewBias, 0, h);
    for (int b = 0; b < batch; b++) {
      int row = b * gateWidth;
      for (int g = 0; g < gateWidth; g++) {
        inputProjection[row + g] = params[bih + g] + (g < 2 * h ? params[bhh + g] : 0f);
      }
    }
    Matmul.multiply(batch, gateWidth, inputSize, x, 0, inputSize, 1, inputWeightsT, 0, gateWidth,
        inputProjection, 0, gateWidth, true);
    Arrays.fill(hidden, 0, batch * h, 0f);
  }

  private static void transpose(float[] src, int srcOff, int rows, int cols, float[] dst) {
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        dst[c * rows + r] = src[srcOff + r * cols + c];
      }
    }
  }

  /** Runs one more step (n = stepsRun()+1) and returns n (1-based). */
  public int step() {
    if (x == null) {
      throw new IllegalStateException("begin() was not called");
    }
    if (stepsRun == maxSteps) {
      throw new IllegalStateException("already ran maxSteps = " + maxSteps + " steps");
    }
    int n = stepsRun + 1;
    int h = hiddenSize;
    int prev = hiddenOffset(n - 1);
    int gateBase = (n - 1) * batch * 4 * h;
    if (n == 1) {
      // h_0 = 0: W_hh h_0 = 0, no product needed.
      for (int b = 0; b < batch; b++) {
        Arrays.fill(gates, gateBase + b * 4 * h, gateBase + b * 4 * h + gateWidth, 0f);
      }
    } else {
      Matmul.multiply(batch, gateWidth, h, hidden, prev, h, 1, recurrentWeightsT, 0, gateWidth,
          gates, gateBase, 4 * h, false);
    }
    for (int b = 0; b < batch; b++) {
      activateRow(gateBase + b * 4 * h, b * gateWidth, prev + b * h, hiddenOffset(n) + b * h);
    }
    stepsRun = n;
    return n;
  }

  /**
   * Turns one row's raw W_hh h (in the r, z, n-pre slots) into r, z, W_hn h + b_hn, n and h'.
   *
   * <p>Split in three methods on purpose: C2 stops inlining once a compilation unit has too many
   * IR nodes (NodeCountInliningCutoff), and a Vector API helper left as a real call boxes its
   * vectors (allocation per call). Each part stays well below that limit; the parts pass only
   * ints, so they are cheap whether inlined or not.
   */
  private void activateRow(int g, int ip, int hp, int out) {
    int vectorized = SPECIES.loopBound(hiddenSize);
    updateAndResetGates(g, ip, vectorized);
    candidateAndState(g, ip, hp, out, vectorized);
    if (vectorized < hiddenSize) {
      activateTail(g, ip, hp, out, vectorized);
    }
  }

  /** r = σ(in_r + W_hr h), z = σ(in_z + W_hz h) for units [0, bound), vectorised. */
  private void updateAndResetGates(int g, int ip, int bound) {
    int h = hiddenSize;
    float[] gt = gates;
    float[] in = inputProjection;
    for (int j = 0; j < bound; j += LANES) {
      VectorMath.sigmoid(FloatVector.fromArray(SPECIES, in, ip + j)
          .add(FloatVector.fromArray(SPECIES, gt, g + j))).intoArray(gt, g + j);
      VectorMath.sigmoid(FloatVector.fromArray(SPECIES, in, ip + h + j)
          .add(FloatVector.fromArray(SPECIES, gt, g + h + j))).intoArray(gt, g + h + j);
    }
  }

  /** hn = W_hn h + b_hn, n = tanh(in_n + r ⊙ hn), h' = n + z ⊙ (h − n), units [0, bound). */
  private void candidateAndState(int g, int ip, int hp, int out, int bound) {
    int h = hiddenSize;
    float[] gt = gates;
    float[] in = inputProjection;
    float[] hs = hidden;
    float[] bhn = recurrentNewBias;
    for (int j = 0; j < bound; j += LANES) {
      FloatVector r = FloatVector.fromArray(SPECIES, gt, g + j);
      FloatVector z = FloatVector.fromArray(SPECIES, gt, g + h + j);
      FloatVector hn = FloatVector.fromArray(SPECIES, gt, g + 2 * h + j)
          .add(FloatVector.fromArray(SPECIES, bhn, j));
      FloatVector nn = VectorMath.tanh(
          r.fma(hn, FloatVector.fromArray(SPECIES, in, ip + 2 * h + j)));
      hn.intoArray(gt, g + 2 * h + j);
      nn.intoArray(gt, g + 3 * h + j);
      FloatVector.fromArray(SPECIES, hs, hp + j).sub(nn).fma(z, nn).intoArray(hs, out + j);
    }
  }

  /** The units [from, H) that do not fill a vector, scalar, same formulas. */
  private void activateTail(int g, int ip, int hp, int out, int from) {
    int h = hiddenSize;
    float[] gt = gates;
    float[] in = inputProjection;
    float[] hs = hidden;
    float[] bhn = recurrentNewBias;
    for (int j = from; j < h; j++) {
      float r = VectorMath.sigmoid(in[ip + j] + gt[g + j]);
      float z = VectorMath.sigmoid(in[ip + h + j] + gt[g + h + j]);
      float hn = gt[g + 2 * h + j] + bhn[j];
      float nn = VectorMath.tanh(Math.fma(r, hn, in[ip + 2 * h + j]));
      gt[g + j] = r;
      gt[g + h + j] = z;
      gt[g + 2 * h + j] = hn;
      gt[g + 3 * h + j] = nn;
      hs[out + j] = Math.fma(z, hs[hp + j] - nn, nn);
    }
  }

  public int stepsRun() {
    return stepsRun;
  }

  /** The batch size of the current forward pass. */
  public int batch() {
    return batch;
  }

  /**
   * Backing array of all states: h_n for row b, unit j is at {@code hiddenOffset(n) + b·H + j}.
   * Valid until the next {@link #begin}.
   */
  public float[] hiddenArray() {
    return hidden;
  }

  /** Offset of h_n (n in 0..stepsRun(); h_0 = 0) in {@link #hiddenArray()}: n·batch·H. */
  public int hiddenOffset(int n) {
    return n * batch * hiddenSize;
  }

  /**
   * Backprop through time over the {@link #stepsRun()} steps of the current pass.
   *
   * @param params the same parameters the forward pass used
   * @param dHidden dL/dh_n at {@code hiddenOffset(n) + b·H + j} for n = 1..stepsRun (the layout
   *     of {@link #hiddenArray()}); its contents are overwritten (used as scratch for the
   *     gradient flowing back through the recurrence), slot 0 included
   * @param grads parameter gradients are written (overwritten, not accumulated) to
   *     {@code grads[gradOffset .. gradOffset + parameterCount())}, in the parameter layout
   * @param dx if not null, receives dL/dx [batch×inputSize] (overwritten)
   */
  public void backward(float[] params, int offset, float[] dHidden, float[] grads, int gradOffset,
      float[] dx) {
    int steps = stepsRun;
    if (steps == 0) {
      throw new IllegalStateException("no step was run");
    }
    int h = hiddenSize;
    int gw = gateWidth;
    int whh = offset + gw * inputSize;
    Arrays.fill(inputGateGrads, 0, batch * gw, 0f);
    for (int n = steps; n >= 1; n--) {
      int gateBase = (n - 1) * batch * 4 * h;
      int gradBase = (n - 1) * batch * gw;
      int dh = hiddenOffset(n);
      int dPrev = hiddenOffset(n - 1);
      boolean carry = n > 1;
      for (int b = 0; b < batch; b++) {
        backwardRow(gateBase + b * 4 * h, gradBase + b * gw, b * gw, dPrev + b * h, dh + b * h,
            dHidden, carry);
      }
      if (carry) {
        // dL/dh_{n-1} += (dL/d gates_h) · W_hh
        Matmul.multiply(batch, h, gw, recurrentGateGrads, gradBase, gw, 1, params, whh, h,
            dHidden, dPrev, h, true);
      }
    }
    int gWih = gradOffset;
    int gWhh = gWih + gw * inputSize;
    int gBih = gWhh + gw * h;
    int gBhh = gBih + gw;
    // dW_hh = Σ_n gates_hᵀ(n) · h_{n-1}: one product over all steps (step 1 has h_0 = 0).
    Matmul.multiply(gw, h, (steps - 1) * batch, recurrentGateGrads, batch * gw, 1, gw,
        hidden, hiddenOffset(1), h,
        grads, gWhh, h, false);
    // dW_ih = (Σ_n gates_i(n))ᵀ · x, computed transposed so vectors run along the 3H units.
    Matmul.multiply(inputSize, gw, batch, x, 0, 1, inputSize, inputGateGrads, 0, gw,
        inputWeightGradsT, 0, gw, false);
    for (int g = 0; g < gw; g++) {
      for (int i = 0; i < inputSize; i++) {
        grads[gWih + g * inputSize + i] = inputWeightGradsT[i * gw + g];
      }
    }
    columnSums(inputGateGrads, 0, batch, gw, grads, gBih);
    columnSums(recurrentGateGrads, 0, steps * batch, gw, grads, gBhh);
    if (dx != null) {
      if (inputSize >= LANES) {
        Matmul.multiply(batch, inputSize, gw, inputGateGrads, 0, gw, 1, params, offset,
            inputSize, dx, 0, inputSize, false);
      } else {
        Matmul.multiplyTransposedB(batch, inputSize, gw, inputGateGrads, 0, gw,
            inputWeightsT, 0, gw, dx, 0, inputSize, false);
      }
    }
  }

  /**
   * One row of one step's backward: from dL/dh_n (in dHidden at {@code dh}) and the stored gates,
   * writes the recurrent gate gradients, adds the input gate gradients, and (if {@code carry})
   * adds the direct term z ⊙ dL/dh_n to dL/dh_{n-1}.
   */
  private void backwardRow(int g, int gg, int ig, int dPrev, int dh, float[] dHidden,
      boolean carry) {
    int h = hiddenSize;
    float[] gt = gates;
    float[] rg = recurrentGateGrads;
    float[] ing = inputGateGrads;
    float[] hs = hidden;
    int hp = dPrev; // h_{n-1} sits at the same offset in hidden as dL/dh_{n-1} in dHidden
    int j = 0;
    for (int bound = SPECIES.loopBound(h); j < bound; j += LANES) {
      FloatVector d = FloatVector.fromArray(SPECIES, dHidden, dh + j);
      FloatVector r = FloatVector.fromArray(SPECIES, gt, g + j);
      FloatVector z = FloatVector.fromArray(SPECIES, gt, g + h + j);
      FloatVector hn = FloatVector.fromArray(SPECIES, gt, g + 2 * h + j);
      FloatVector nn = FloatVector.fromArray(SPECIES, gt, g + 3 * h + j);
      FloatVector hPrev = FloatVector.fromArray(SPECIES, hs, hp + j);
      FloatVector one = FloatVector.broadcast(SPECIES, 1f);
      // dn_pre = d ⊙ (1 − z) ⊙ (1 − n²)
      FloatVector dn = d.sub(d.mul(z)).mul(one.sub(nn.mul(nn)));
      // dz_pre = d ⊙ (h_{n-1} − n) ⊙ z(1 − z)
      FloatVector dz = d.mul(hPrev.sub(nn)).mul(z.sub(z.mul(z)));
      // dr_pre = dn_pre ⊙ (W_hn h + b_hn) ⊙ r(1 − r)
      FloatVector dr = dn.mul(hn).mul(r.sub(r.mul(r)));
      dr.intoArray(rg, gg + j);
      dz.intoArray(rg, gg + h + j);
      dn.mul(r).intoArray(rg, gg + 2 * h + j);
      dr.add(FloatVector.fromArray(SPECIES, ing, ig + j)).intoArray(ing, ig + j);
      dz.add(FloatVector.fromArray(SPECIES, ing, ig + h + j)).intoArray(ing, ig + h + j);
      dn.add(FloatVector.fromArray(SPECIES, ing, ig + 2 * h + j)).intoArray(ing, ig + 2 * h + j);
      if (carry) {
        d.fma(z, FloatVector.fromArray(SPECIES, dHidden, dPrev + j)).intoArray(dHidden, dPrev + j);
      }
    }
    for (; j < h; j++) {
      float d = dHidden[dh + j];
      float r = gt[g + j];
      float z = gt[g + h + j];
      float hn = gt[g + 2 * h + j];
      float nn = gt[g + 3 * h + j];
      float dn = (d - d * z) * (1f - nn * nn);
      float dz = d * (hs[hp + j] - nn) * (z - z * z);
      float dr = dn * hn * (r - r * r);
      rg[gg + j] = dr;
      rg[gg + h + j] = dz;
      rg[gg + 2 * h + j] = dn * r;
      ing[ig + j] += dr;
      ing[ig + h + j] += dz;
      ing[ig + 2 * h + j] += dn;
      if (carry) {
        dHidden[dPrev + j] = Math.fma(d, z, dHidden[dPrev + j]);
      }
    }
  }

  /** out[outOff + c] = Σ_{r<rows} src[srcOff + r·cols + c]. */
  private static void columnSums(float[] src, int srcOff, int rows, int cols, float[] out,
      int outOff) {
    Arrays.fill(out, outOff, outOff + cols, 0f);
    for (int r = 0; r < rows; r++) {
      int row = srcOff + r * cols;
      int c = 0;
      for (int bound = SPECIES.loopBound(cols); c < bound; c += LANES) {
        FloatVector.fromArray(SPECIES, src, row + c)
            .add(FloatVector.fromArray(SPECIES, out, outOff + c)).intoArray(out, outOff + c);
      }
      for (; c < cols; c++) {
        out[outOff + c] += src[row + c];
      }
    }
  }
}
