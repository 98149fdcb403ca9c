package org.ponderlab.core.model;

import static org.ponderlab.core.model.kernel.VectorMath.LANES;
import static org.ponderlab.core.model.kernel.VectorMath.SPECIES;

import java.util.Arrays;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.ponderlab.core.model.kernel.ColumnSums;
import org.ponderlab.core.model.kernel.Gemm;
import org.ponderlab.core.model.kernel.Layout;
import org.ponderlab.core.model.kernel.VectorMath;

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
 * {@code W_hh [3H×H]}, {@code b_ih [3H]}, {@code b_hh [3H]}, matrices row-major, gate blocks r, z,
 * n.
 *
 * <p>Why hand-written: per-op dispatch makes ND4J/SameDiff 5–10× slower than the arithmetic at
 * these sizes (ARCHITECTURE.md). All buffers are sized for {@code maxSteps × maxBatch} at
 * construction; a training iteration allocates nothing. Not thread-safe: one trainer thread.
 *
 * <p>Use: {@link #begin}, then {@link #step} as often as wanted (up to maxSteps), read states with
 * {@link #hiddenArray()} + {@link #hiddenOffset(int)}, then optionally {@link #backward}.
 */
public final class GruCell implements RecurrentCell {

  private final int inputSize;
  private final int hiddenSize;
  private final int maxSteps;
  private final int maxBatch;
  private final int gateWidth; // 3H

  /** Stride between the gate planes of {@link #recurrentGateGrads}. */
  private final int gradPlane;

  /** W_ih transposed, [I×3H]: vectors run along the gate units. */
  private final float[] inputWeightsT;

  /** W_hh transposed, [H×3H]. */
  private final float[] recurrentWeightsT;

  /** b_hn, which stays inside r ⊙ (W_hn h + b_hn). */
  private final float[] recurrentNewBias;

  /**
   * W_ih x + b_ih as three planes [batch×H] (r, z, n), with b_hr and b_hz folded into the r and z
   * planes.
   */
  private final float[] inputProjection;

  /** States h_0..h_N, slot n at n·batch·H, each [batch×H] row-major; slot 0 is zeros. */
  private final float[] hidden;

  /**
   * Per step n, four planes [batch×H] at (n−1)·4·batch·H: r, z, W_hn h + b_hn, n. Planes rather
   * than interleaved rows so that every elementwise pass is one flat loop over batch·H values.
   */
  private final float[] gates;

  /**
   * Backward: dL/d(W_hh h + b_hh) for all steps, one plane per gate (stride gradPlane), each
   * [steps·batch×H]: dr_pre, dz_pre, dn_pre ⊙ r. Gate-major so each gate's rows over all steps are
   * contiguous for the single dW_hh product.
   */
  private final float[] recurrentGateGrads;

  /** Backward: Σ_n dL/d(W_ih x + b_ih), three planes [batch×H]. */
  private final float[] inputGateGrads;

  /** Backward scratch: one gate's dW_ihᵀ [I×H]. */
  private final float[] inputWeightGradsT;

  private float[] x;
  private int batch;
  private int stepsRun;

  /** Rows were dropped in this pass ({@link #keepRows}): the states of earlier steps are gone. */
  private boolean compacted;

  public GruCell(int inputSize, int hiddenSize, int maxSteps, int maxBatch) {
    if (inputSize < 1 || hiddenSize < 1 || maxSteps < 1 || maxBatch < 1) {
      throw new IllegalArgumentException(
          "inputSize, hiddenSize, maxSteps, maxBatch must be >= 1:"
              + " "
              + inputSize
              + ", "
              + hiddenSize
              + ", "
              + maxSteps
              + ", "
              + maxBatch);
    }
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.maxSteps = maxSteps;
    this.maxBatch = maxBatch;
    this.gateWidth = 3 * hiddenSize;
    this.gradPlane = maxSteps * maxBatch * hiddenSize;
    inputWeightsT = new float[inputSize * gateWidth];
    recurrentWeightsT = new float[hiddenSize * gateWidth];
    recurrentNewBias = new float[hiddenSize];
    inputProjection = new float[maxBatch * gateWidth];
    hidden = new float[(maxSteps + 1) * maxBatch * hiddenSize];
    gates = new float[maxSteps * maxBatch * 4 * hiddenSize];
    recurrentGateGrads = new float[3 * gradPlane];
    inputGateGrads = new float[maxBatch * gateWidth];
    inputWeightGradsT = new float[inputSize * hiddenSize];
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

  @Override
  public int parameterCount() {
    return gateWidth * inputSize + gateWidth * hiddenSize + 2 * gateWidth;
  }

  /**
   * Length a buffer needs to hold every state or state gradient: {@code (maxSteps+1)·maxBatch·H}.
   */
  @Override
  public int hiddenCapacity() {
    return hidden.length;
  }

  /**
   * PyTorch's default {@code GRUCell} init: every weight and bias from U(−1/√H, 1/√H), drawn in
   * buffer order, into {@code params[offset .. offset + parameterCount())}.
   */
  @Override
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
  @Override
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
    this.compacted = false;
    int h = hiddenSize;
    int plane = batch * h;
    int wih = offset;
    int whh = wih + gateWidth * inputSize;
    int bih = whh + gateWidth * h;
    int bhh = bih + gateWidth;
    Layout.transpose(params, wih, gateWidth, inputSize, inputWeightsT, 0);
    Layout.transpose(params, whh, gateWidth, h, recurrentWeightsT, 0);
    System.arraycopy(params, bhh + 2 * h, recurrentNewBias, 0, h);
    for (int g = 0; g < 3; g++) {
      for (int j = 0; j < h; j++) {
        // b_hr, b_hz add to the pre-activation like b_ir, b_iz; b_hn must stay inside r ⊙ (..)
        inputProjection[g * plane + j] =
            params[bih + g * h + j] + (g < 2 ? params[bhh + g * h + j] : 0f);
      }
      for (int b = 1; b < batch; b++) {
        System.arraycopy(inputProjection, g * plane, inputProjection, g * plane + b * h, h);
      }
      Gemm.times(
          batch,
          h,
          inputSize,
          x,
          0,
          inputSize,
          inputWeightsT,
          g * h,
          gateWidth,
          inputProjection,
          g * plane,
          h,
          true);
    }
    Arrays.fill(hidden, 0, plane, 0f);
  }

  /**
   * Runs one more step (n = stepsRun()+1) and returns n (1-based).
   *
   * <p>The elementwise loops are written out here rather than in small helpers on purpose: this
   * method is then larger than C2's FreqInlineSize and always compiled as its own unit, so the
   * Vector API calls sit at a fixed, shallow inlining depth whoever calls step() (past
   * MaxInlineLevel C2 stops intrinsifying and the vectors get boxed: allocation, 10× slower).
   */
  @Override
  public int step() {
    if (x == null) {
      throw new IllegalStateException("begin() was not called");
    }
    if (stepsRun == maxSteps) {
      throw new IllegalStateException("already ran maxSteps = " + maxSteps + " steps");
    }
    int n = stepsRun + 1;
    int h = hiddenSize;
    int plane = batch * h;
    int prev = hiddenOffset(n - 1);
    int out = hiddenOffset(n);
    int r = (n - 1) * 4 * plane;
    int z = r + plane;
    int hn = z + plane;
    int cand = hn + plane;
    float[] gt = gates;
    float[] in = inputProjection;
    float[] hs = hidden;
    // pre-activations start from the input projection (r, z) and b_hn ...
    System.arraycopy(in, 0, gt, r, 2 * plane);
    for (int b = 0; b < batch; b++) {
      System.arraycopy(recurrentNewBias, 0, gt, hn + b * h, h);
    }
    // ... plus W_hh h_{n-1} (nothing to add at step 1: h_0 = 0)
    if (n > 1) {
      for (int g = 0; g < 3; g++) {
        Gemm.times(
            batch,
            h,
            h,
            hs,
            prev,
            h,
            recurrentWeightsT,
            g * h,
            gateWidth,
            gt,
            r + g * plane,
            h,
            true);
      }
    }
    VectorMath.sigmoid(gt, r, gt, r, 2 * plane); // the r and z planes are adjacent
    // candidate pre-activation in_n + r ⊙ (W_hn h + b_hn)
    int inN = 2 * plane;
    int bound = SPECIES.loopBound(plane);
    int i = 0;
    for (; i < bound; i += LANES) {
      FloatVector.fromArray(SPECIES, gt, r + i)
          .fma(
              FloatVector.fromArray(SPECIES, gt, hn + i),
              FloatVector.fromArray(SPECIES, in, inN + i))
          .intoArray(gt, cand + i);
    }
    for (; i < plane; i++) {
      gt[cand + i] = Math.fma(gt[r + i], gt[hn + i], in[inN + i]);
    }
    VectorMath.tanh(gt, cand, gt, cand, plane);
    // h' = n + z ⊙ (h − n) = (1 − z) ⊙ n + z ⊙ h
    for (i = 0; i < bound; i += LANES) {
      FloatVector nn = FloatVector.fromArray(SPECIES, gt, cand + i);
      FloatVector.fromArray(SPECIES, hs, prev + i)
          .sub(nn)
          .fma(FloatVector.fromArray(SPECIES, gt, z + i), nn)
          .intoArray(hs, out + i);
    }
    for (; i < plane; i++) {
      float nn = gt[cand + i];
      hs[out + i] = Math.fma(hs[prev + i] - nn, gt[z + i], nn);
    }
    stepsRun = n;
    return n;
  }

  @Override
  public int stepsRun() {
    return stepsRun;
  }

  /**
   * Inference only: keeps rows {@code rows[0..count)} (ascending) of the current pass as rows
   * 0..count−1 for the steps still to run: the last state h_n moves to its slot under the new
   * batch, and so does the input projection. Every copy moves data towards lower indices, in
   * ascending order, so it runs in place. Earlier states are overwritten: no backward after this.
   */
  @Override
  public void keepRows(int[] rows, int count) {
    RecurrentCell.checkKeptRows(rows, count, batch);
    int h = hiddenSize;
    int oldPlane = batch * h;
    int newPlane = count * h;
    RecurrentCell.moveRows(hidden, stepsRun * oldPlane, stepsRun * newPlane, h, rows, count);
    for (int g = 0; g < 3; g++) {
      RecurrentCell.moveRows(inputProjection, g * oldPlane, g * newPlane, h, rows, count);
    }
    batch = count;
    compacted = true;
  }

  /** The batch size of the current forward pass. */
  public int batch() {
    return batch;
  }

  /**
   * Backing array of all states: h_n for row b, unit j is at {@code hiddenOffset(n) + b·H + j}.
   * Valid until the next {@link #begin}.
   */
  @Override
  public float[] hiddenArray() {
    return hidden;
  }

  /**
   * Writes ‖h_n‖ of every example for steps {@code from..to} (1-based, inclusive) into {@code out}
   * at {@code (n-1)·batch + b}: the state norms LAC halts on and the charts show.
   */
  public void stateNorms(int from, int to, float[] out) {
    for (int n = from; n <= to; n++) {
      int base = hiddenOffset(n);
      for (int b = 0; b < batch; b++) {
        double sum = 0;
        int row = base + b * hiddenSize;
        for (int j = 0; j < hiddenSize; j++) {
          sum += hidden[row + j] * hidden[row + j];
        }
        out[(n - 1) * batch + b] = (float) Math.sqrt(sum);
      }
    }
  }

  /** Offset of h_n (n in 0..stepsRun(); h_0 = 0) in {@link #hiddenArray()}: n·batch·H. */
  @Override
  public int hiddenOffset(int n) {
    return n * batch * hiddenSize;
  }

  /**
   * Backprop through time over the {@link #stepsRun()} steps of the current pass.
   *
   * @param params the same parameters the forward pass used
   * @param dHidden dL/dh_n at {@code hiddenOffset(n) + b·H + j} for n = 1..stepsRun (the layout of
   *     {@link #hiddenArray()}; other slots are neither read nor required); used as scratch: slots
   *     1..stepsRun−1 are overwritten with the gradient flowing back through the recurrence
   * @param grads parameter gradients are written (overwritten, not accumulated) to {@code
   *     grads[gradOffset .. gradOffset + parameterCount())}, in the parameter layout
   * @param dx if not null, receives dL/dx [batch×inputSize] (overwritten)
   */
  @Override
  public void backward(
      float[] params, int offset, float[] dHidden, float[] grads, int gradOffset, float[] dx) {
    if (compacted) {
      throw new IllegalStateException("rows were dropped in this pass (keepRows): no backward");
    }
    int steps = stepsRun;
    if (steps == 0) {
      throw new IllegalStateException("no step was run");
    }
    int h = hiddenSize;
    int plane = batch * h;
    int whh = offset + gateWidth * inputSize;
    Arrays.fill(inputGateGrads, 0, 3 * plane, 0f);
    for (int n = steps; n >= 1; n--) {
      int prev = hiddenOffset(n - 1);
      int gateRow = (n - 1) * plane;
      backwardStep((n - 1) * 4 * plane, gateRow, hiddenOffset(n), prev, plane, dHidden, n > 1);
      if (n > 1) {
        // dL/dh_{n-1} += Σ_g (dL/d gate_g pre) · W_hg
        for (int g = 0; g < 3; g++) {
          Gemm.times(
              batch,
              h,
              h,
              recurrentGateGrads,
              g * gradPlane + gateRow,
              params,
              whh + g * h * h,
              dHidden,
              prev,
              true);
        }
      }
    }
    int gWih = gradOffset;
    int gWhh = gWih + gateWidth * inputSize;
    int gBih = gWhh + gateWidth * h;
    int gBhh = gBih + gateWidth;
    for (int g = 0; g < 3; g++) {
      // dW_hg = Σ_n dGate_g(n)ᵀ · h_{n-1}: one product over all steps (step 1 has h_0 = 0)
      Gemm.transposedTimes(
          h,
          h,
          (steps - 1) * batch,
          recurrentGateGrads,
          g * gradPlane + plane,
          hidden,
          hiddenOffset(1),
          grads,
          gWhh + g * h * h,
          false);
      ColumnSums.into(recurrentGateGrads, g * gradPlane, steps * batch, h, grads, gBhh + g * h);
      ColumnSums.into(inputGateGrads, g * plane, batch, h, grads, gBih + g * h);
      // dW_ig = (Σ_n dGate_g(n))ᵀ · x, computed transposed so vectors run along the H units
      Gemm.transposedTimes(
          inputSize, h, batch, x, 0, inputGateGrads, g * plane, inputWeightGradsT, 0, false);
      for (int j = 0; j < h; j++) {
        int row = gWih + (g * h + j) * inputSize;
        for (int i = 0; i < inputSize; i++) {
          grads[row + i] = inputWeightGradsT[i * h + j];
        }
      }
      if (dx != null) {
        if (inputSize >= LANES) {
          Gemm.times(
              batch,
              inputSize,
              h,
              inputGateGrads,
              g * plane,
              params,
              offset + g * h * inputSize,
              dx,
              0,
              g > 0);
        } else {
          Gemm.timesTransposed(
              batch,
              inputSize,
              h,
              inputGateGrads,
              g * plane,
              h,
              inputWeightsT,
              g * h,
              gateWidth,
              dx,
              0,
              inputSize,
              g > 0);
        }
      }
    }
  }

  /**
   * One step's elementwise backward over flat planes: from dL/dh_n (dHidden at {@code dh}) and the
   * stored gates, writes the recurrent gate gradients, adds the input gate gradients, and (if
   * {@code carry}) adds the direct term z ⊙ dL/dh_n to dL/dh_{n-1} (dHidden at {@code prev}, where
   * h_{n-1} sits in {@link #hidden}).
   */
  private void backwardStep(
      int gateBase, int gateRow, int dh, int prev, int plane, float[] dHidden, boolean carry) {
    float[] gt = gates;
    float[] rg = recurrentGateGrads;
    float[] ing = inputGateGrads;
    float[] hs = hidden;
    int r = gateBase;
    int z = r + plane;
    int hn = z + plane;
    int cand = hn + plane;
    int dr = gateRow;
    int dz = dr + gradPlane;
    int dn = dz + gradPlane;
    int i = 0;
    for (int bound = SPECIES.loopBound(plane); i < bound; i += LANES) {
      FloatVector d = FloatVector.fromArray(SPECIES, dHidden, dh + i);
      FloatVector rv = FloatVector.fromArray(SPECIES, gt, r + i);
      FloatVector zv = FloatVector.fromArray(SPECIES, gt, z + i);
      FloatVector nv = FloatVector.fromArray(SPECIES, gt, cand + i);
      FloatVector one = FloatVector.broadcast(SPECIES, 1f);
      // dn_pre = d ⊙ (1 − z) ⊙ (1 − n²)
      FloatVector dnPre = d.sub(d.mul(zv)).mul(one.sub(nv.mul(nv)));
      // dz_pre = d ⊙ (h_{n-1} − n) ⊙ z(1 − z)
      FloatVector dzPre =
          d.mul(FloatVector.fromArray(SPECIES, hs, prev + i).sub(nv)).mul(zv.sub(zv.mul(zv)));
      // dr_pre = dn_pre ⊙ (W_hn h + b_hn) ⊙ r(1 − r)
      FloatVector drPre =
          dnPre.mul(FloatVector.fromArray(SPECIES, gt, hn + i)).mul(rv.sub(rv.mul(rv)));
      drPre.intoArray(rg, dr + i);
      dzPre.intoArray(rg, dz + i);
      dnPre.mul(rv).intoArray(rg, dn + i);
      drPre.add(FloatVector.fromArray(SPECIES, ing, i)).intoArray(ing, i);
      dzPre.add(FloatVector.fromArray(SPECIES, ing, plane + i)).intoArray(ing, plane + i);
      dnPre.add(FloatVector.fromArray(SPECIES, ing, 2 * plane + i)).intoArray(ing, 2 * plane + i);
      if (carry) {
        d.fma(zv, FloatVector.fromArray(SPECIES, dHidden, prev + i)).intoArray(dHidden, prev + i);
      }
    }
    for (; i < plane; i++) {
      float d = dHidden[dh + i];
      float rv = gt[r + i];
      float zv = gt[z + i];
      float nv = gt[cand + i];
      float dnPre = (d - d * zv) * (1f - nv * nv);
      float dzPre = d * (hs[prev + i] - nv) * (zv - zv * zv);
      float drPre = dnPre * gt[hn + i] * (rv - rv * rv);
      rg[dr + i] = drPre;
      rg[dz + i] = dzPre;
      rg[dn + i] = dnPre * rv;
      ing[i] += drPre;
      ing[plane + i] += dzPre;
      ing[2 * plane + i] += dnPre;
      if (carry) {
        dHidden[prev + i] = Math.fma(d, zv, dHidden[prev + i]);
      }
    }
  }
}
