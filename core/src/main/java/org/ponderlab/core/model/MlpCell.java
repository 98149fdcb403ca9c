package org.ponderlab.core.model;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ponderlab.core.model.kernel.Activations;
import org.ponderlab.core.model.kernel.ColumnSums;
import org.ponderlab.core.model.kernel.Gemm;
import org.ponderlab.core.model.kernel.Layout;
import org.ponderlab.core.model.kernel.VectorMath;

/**
 * The MLP step of MNIST (HALTING.md: "a recurrent cell (GRU or MLP)"; paper 000 §4.1 names an MLP
 * of 32 hidden and 32 output units and nothing more): a two-layer perceptron fed the input and the
 * previous state at every step, with a hand-written, allocation-free forward and backprop through
 * time.
 *
 * <pre>
 * h_n = tanh(W₂ · relu(W₁ · [x; h_{n−1}] + b₁) + b₂),   h_0 = 0
 * </pre>
 *
 * with x the input (the CNN encoder's features, I values), W₁ : (I + H) → M and W₂ : M → H. Why
 * this form: the previous state must enter the step, or every step would compute the same h from
 * the same x and pondering would change nothing; tanh keeps the state bounded in (−1, 1), as the
 * GRU's is, so the heads read states of the same scale from either cell.
 *
 * <p>Parameter layout in the flat buffer, two PyTorch {@code Linear} layers: {@code W₁ [M×(I+H)]}
 * (row-major; in each row the I input columns come first, then the H state columns), {@code b₁
 * [M]}, {@code W₂ [H×M]}, {@code b₂ [H]}: {@code M·(I+H) + M + H·M + H} values.
 *
 * <p>The same x is fed at every step, so W₁'s input half is applied once per pass ({@link #begin}).
 * All buffers are sized for {@code maxSteps × maxBatch} at construction; a training iteration
 * allocates nothing. Not thread-safe: one trainer thread.
 */
public final class MlpCell implements RecurrentCell {

  private final int inputSize;
  private final int hiddenSize;
  private final int width;
  private final int maxSteps;
  private final int maxBatch;

  /** W₁ transposed, [(I+H)×M]: rows 0..I−1 act on x, rows I..I+H−1 on h_{n−1}. */
  private final float[] firstWeightsT;

  /** W₂ transposed, [M×H]. */
  private final float[] secondWeightsT;

  /** b₂, the rows every step's second layer starts from. */
  private final float[] secondBias;

  /** W₁'s input half applied to x, plus b₁: [batch×M], once per pass. */
  private final float[] inputProjection;

  /** States h_0..h_N, slot n at n·batch·H, each [batch×H] row-major; slot 0 is zeros. */
  private final float[] hidden;

  /** relu(a_n) for step n at (n−1)·batch·M, [batch×M]; its sign is relu's mask in the backward. */
  private final float[] activations;

  /** Backward: dL/d(W₂ r_n + b₂) for every step, [steps·batch×H], step-major. */
  private final float[] outputGrads;

  /** Backward: dL/da_n for every step, [steps·batch×M], step-major. */
  private final float[] activationGrads;

  /** Backward: Σ_n dL/da_n, [batch×M]: what reaches W₁'s input half and x. */
  private final float[] summedActivationGrads;

  private float[] x;
  private int batch;
  private int stepsRun;
  private boolean compacted;

  /**
   * @param inputSize I, the width of x
   * @param hiddenSize H, the width of the state
   * @param width M, the hidden layer between W₁ and W₂
   */
  public MlpCell(int inputSize, int hiddenSize, int width, int maxSteps, int maxBatch) {
    if (inputSize < 1 || hiddenSize < 1 || width < 1 || maxSteps < 1 || maxBatch < 1) {
      throw new IllegalArgumentException(
          "inputSize, hiddenSize, width, maxSteps, maxBatch must be >= 1: "
              + inputSize
              + ", "
              + hiddenSize
              + ", "
              + width
              + ", "
              + maxSteps
              + ", "
              + maxBatch);
    }
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.width = width;
    this.maxSteps = maxSteps;
    this.maxBatch = maxBatch;
    firstWeightsT = new float[(inputSize + hiddenSize) * width];
    secondWeightsT = new float[width * hiddenSize];
    secondBias = new float[hiddenSize];
    inputProjection = new float[maxBatch * width];
    hidden = new float[(maxSteps + 1) * maxBatch * hiddenSize];
    activations = new float[maxSteps * maxBatch * width];
    outputGrads = new float[maxSteps * maxBatch * hiddenSize];
    activationGrads = new float[maxSteps * maxBatch * width];
    summedActivationGrads = new float[maxBatch * width];
  }

  /** M·(I+H) + M + H·M + H. */
  public static long parameterCount(long inputSize, long hiddenSize, long width) {
    return width * (inputSize + hiddenSize) + width + hiddenSize * width + hiddenSize;
  }

  public int inputSize() {
    return inputSize;
  }

  public int hiddenSize() {
    return hiddenSize;
  }

  /** M, the width of the hidden layer. */
  public int width() {
    return width;
  }

  @Override
  public int parameterCount() {
    return (int) parameterCount(inputSize, hiddenSize, width);
  }

  @Override
  public int hiddenCapacity() {
    return hidden.length;
  }

  /**
   * PyTorch's default {@code Linear} init for each layer: weight and bias from U(−1/√fan_in,
   * 1/√fan_in) (fan_in I+H for the first layer, M for the second), drawn in buffer order.
   */
  @Override
  public void initialize(float[] params, int offset, SplittableRandom rng) {
    int first = width * (inputSize + hiddenSize) + width;
    double firstBound = 1.0 / Math.sqrt(inputSize + hiddenSize);
    for (int i = 0; i < first; i++) {
      params[offset + i] = (float) rng.nextDouble(-firstBound, firstBound);
    }
    double secondBound = 1.0 / Math.sqrt(width);
    for (int i = first; i < parameterCount(); i++) {
      params[offset + i] = (float) rng.nextDouble(-secondBound, secondBound);
    }
  }

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
    int columns = inputSize + hiddenSize;
    int b1 = offset + width * columns;
    int w2 = b1 + width;
    int b2 = w2 + hiddenSize * width;
    Layout.transpose(params, offset, width, columns, firstWeightsT, 0);
    Layout.transpose(params, w2, hiddenSize, width, secondWeightsT, 0);
    System.arraycopy(params, b2, secondBias, 0, hiddenSize);
    Layout.fillRows(params, b1, width, inputProjection, 0, batch);
    Gemm.times(
        batch,
        width,
        inputSize,
        x,
        0,
        inputSize,
        firstWeightsT,
        0,
        width,
        inputProjection,
        0,
        width,
        true);
    Arrays.fill(hidden, 0, batch * hiddenSize, 0f);
  }

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
    int m = width;
    int a = (n - 1) * batch * m;
    int prev = hiddenOffset(n - 1);
    int out = hiddenOffset(n);
    // a_n = (W₁ₓ x + b₁) + W₁ₕ h_{n−1}; nothing to add at step 1 (h_0 = 0)
    System.arraycopy(inputProjection, 0, activations, a, batch * m);
    if (n > 1) {
      Gemm.times(
          batch, m, h, hidden, prev, h, firstWeightsT, inputSize * m, m, activations, a, m, true);
    }
    Activations.relu(activations, a, batch * m);
    // h_n = tanh(W₂ r_n + b₂)
    Layout.fillRows(secondBias, 0, h, hidden, out, batch);
    Gemm.times(batch, h, m, activations, a, m, secondWeightsT, 0, h, hidden, out, h, true);
    VectorMath.tanh(hidden, out, hidden, out, batch * h);
    stepsRun = n;
    return n;
  }

  @Override
  public int stepsRun() {
    return stepsRun;
  }

  /**
   * Moves the last state's and the input projection's kept rows down, in ascending order (so in
   * place), as {@link GruCell#keepRows} does.
   */
  @Override
  public void keepRows(int[] rows, int count) {
    RecurrentCell.checkKeptRows(rows, count, batch);
    int h = hiddenSize;
    RecurrentCell.moveRows(hidden, stepsRun * batch * h, stepsRun * count * h, h, rows, count);
    RecurrentCell.moveRows(inputProjection, 0, 0, width, rows, count);
    batch = count;
    compacted = true;
  }

  @Override
  public float[] hiddenArray() {
    return hidden;
  }

  @Override
  public int hiddenOffset(int n) {
    return n * batch * hiddenSize;
  }

  /**
   * Backprop through time. Per step, from the last: {@code dz = dh_n ⊙ (1 − h_n²)}, {@code da = (dz
   * · W₂) ⊙ [a_n > 0]}, and {@code dh_{n−1} += da · W₁ₕ}. Then each weight gradient is one product
   * over all steps: {@code dW₂ = Σ dzᵀ r_n}, {@code dW₁ₕ = Σ_{n≥2} daᵀ h_{n−1}}, {@code dW₁ₓ = (Σ
   * da)ᵀ x}, and {@code dx = (Σ da) · W₁ₓ}.
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
    int m = width;
    int columns = inputSize + h;
    int hPlane = batch * h;
    int mPlane = batch * m;
    int w1 = offset;
    int w2 = w1 + m * columns + m;
    for (int n = steps; n >= 1; n--) {
      int dz = (n - 1) * hPlane;
      int da = (n - 1) * mPlane;
      System.arraycopy(dHidden, hiddenOffset(n), outputGrads, dz, hPlane);
      Activations.tanhBackward(outputGrads, dz, hidden, hiddenOffset(n), hPlane);
      Gemm.times(batch, m, h, outputGrads, dz, params, w2, activationGrads, da, false);
      Activations.reluBackward(activationGrads, da, activations, da, mPlane);
      if (n > 1) {
        Gemm.times(
            batch,
            h,
            m,
            activationGrads,
            da,
            m,
            params,
            w1 + inputSize,
            columns,
            dHidden,
            hiddenOffset(n - 1),
            h,
            true);
      }
    }
    int gW1 = gradOffset;
    int gB1 = gW1 + m * columns;
    int gW2 = gB1 + m;
    int gB2 = gW2 + h * m;
    int rows = steps * batch;
    Gemm.transposedTimes(h, m, rows, outputGrads, 0, activations, 0, grads, gW2, false);
    ColumnSums.into(outputGrads, 0, rows, h, grads, gB2);
    ColumnSums.into(activationGrads, 0, rows, m, grads, gB1);
    System.arraycopy(activationGrads, 0, summedActivationGrads, 0, mPlane);
    for (int n = 2; n <= steps; n++) {
      int da = (n - 1) * mPlane;
      for (int i = 0; i < mPlane; i++) {
        summedActivationGrads[i] += activationGrads[da + i];
      }
    }
    // W₁'s input columns: (Σ_n da_n)ᵀ · x
    Gemm.transposedTimes(
        m,
        inputSize,
        batch,
        summedActivationGrads,
        0,
        m,
        x,
        0,
        inputSize,
        grads,
        gW1,
        columns,
        false);
    // W₁'s state columns: Σ_{n≥2} da_nᵀ · h_{n−1}, one product over the steps (h_0 = 0 adds none)
    if (steps > 1) {
      Gemm.transposedTimes(
          m,
          h,
          (steps - 1) * batch,
          activationGrads,
          mPlane,
          m,
          hidden,
          hiddenOffset(1),
          h,
          grads,
          gW1 + inputSize,
          columns,
          false);
    } else {
      for (int j = 0; j < m; j++) {
        Arrays.fill(grads, gW1 + j * columns + inputSize, gW1 + (j + 1) * columns, 0f);
      }
    }
    if (dx != null) {
      Gemm.times(
          batch,
          inputSize,
          m,
          summedActivationGrads,
          0,
          m,
          params,
          w1,
          columns,
          dx,
          0,
          inputSize,
          false);
    }
  }
}
