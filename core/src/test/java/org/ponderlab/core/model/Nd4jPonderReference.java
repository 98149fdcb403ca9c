package org.ponderlab.core.model;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The {@link PonderNetwork} (GRU cell + linear heads) written op by op in ND4J SameDiff, in double
 * precision, as an independent reference for the hand-written kernels: SameDiff's autodiff gives
 * the gradients without any of the kernel's hand derivation.
 *
 * <p>It evaluates the linear functional {@code L = Σ dY ⊙ outputLogits + Σ dA ⊙ haltingLogits} for
 * given weights dY, dA. Its gradient with respect to the logits is exactly (dY, dA), so comparing
 * gradients tests the network's backward independently of any loss.
 *
 * <p>Each gate's weights are separate SameDiff variables (no slicing of a packed matrix: SameDiff
 * 1.0.0-M2.1's strided_slice backward fails on [1, n] variables, ARCHITECTURE.md), and each is
 * stored transposed ([in × out]) so the graph is plain {@code x.mmul(W)}; results are mapped back
 * to the kernel's flat PyTorch layout. Slow (one op per node per step); for tests only.
 */
public final class Nd4jPonderReference {

  /**
   * Results in the kernel's layouts: logits as {@link LinearHeads}, gradients as the flat parameter
   * buffer of {@link PonderNetwork}, input gradient [batch×inputSize].
   */
  public record Result(
      double[] outputLogits,
      double[] haltingLogits,
      double loss,
      double[] gradients,
      double[] inputGradients) {}

  private static final String[] GATES = {"r", "z", "n"};

  private Nd4jPonderReference() {}

  /**
   * Runs the network for {@code steps} steps on x and returns logits, L and its gradients.
   *
   * @param params flat parameters in {@link PonderNetwork}'s layout
   * @param x [batch×inputSize]
   * @param dOutput dY, layout of {@link LinearHeads#outputLogits()}
   * @param dHalting dA, layout of {@link LinearHeads#haltingLogits()}
   */
  public static Result compute(
      int inputSize,
      int hiddenSize,
      int outputs,
      int steps,
      int batch,
      float[] params,
      float[] x,
      float[] dOutput,
      float[] dHalting) {
    int in = inputSize;
    int h = hiddenSize;
    int gw = 3 * h;
    int wih = 0;
    int whh = wih + gw * in;
    int bih = whh + gw * h;
    int bhh = bih + gw;
    int head = bhh + gw;
    int headBias = head + (outputs + 1) * h;

    SameDiff sd = SameDiff.create();
    SDVariable xv = sd.var("x", matrix(x, 0, batch, in, false));
    SDVariable[] wi = new SDVariable[3];
    SDVariable[] wh = new SDVariable[3];
    SDVariable[] bi = new SDVariable[3];
    SDVariable[] bh = new SDVariable[3];
    for (int g = 0; g < 3; g++) {
      // W_ih block g is [H×I] row-major at wih + g·H·I; the variable holds its transpose.
      wi[g] = sd.var("Wi_" + GATES[g], matrix(params, wih + g * h * in, h, in, true));
      wh[g] = sd.var("Wh_" + GATES[g], matrix(params, whh + g * h * h, h, h, true));
      bi[g] = sd.var("bi_" + GATES[g], vector(params, bih + g * h, h));
      bh[g] = sd.var("bh_" + GATES[g], vector(params, bhh + g * h, h));
    }
    SDVariable wOut = sd.var("Wout", matrix(params, head, outputs, h, true));
    SDVariable wHalt = sd.var("Whalt", matrix(params, head + outputs * h, 1, h, true));
    SDVariable bOut = sd.var("bout", vector(params, headBias, outputs));
    SDVariable bHalt = sd.var("bhalt", vector(params, headBias + outputs, 1));

    SDVariable state =
        sd.constant("h0", Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, batch, h));
    SDVariable loss = null;
    List<String> outNames = new ArrayList<>();
    List<String> haltNames = new ArrayList<>();
    for (int n = 1; n <= steps; n++) {
      SDVariable r = sd.nn().sigmoid(xv.mmul(wi[0]).add(bi[0]).add(state.mmul(wh[0])).add(bh[0]));
      SDVariable z = sd.nn().sigmoid(xv.mmul(wi[1]).add(bi[1]).add(state.mmul(wh[1])).add(bh[1]));
      SDVariable cand =
          sd.math().tanh(xv.mmul(wi[2]).add(bi[2]).add(r.mul(state.mmul(wh[2]).add(bh[2]))));
      state = z.rsub(1.0).mul(cand).add(z.mul(state));
      SDVariable y = state.mmul(wOut).add("y" + n, bOut);
      SDVariable a = state.mmul(wHalt).add("a" + n, bHalt);
      outNames.add(y.name());
      haltNames.add(a.name());
      SDVariable dy =
          sd.constant(matrix(dOutput, (n - 1) * batch * outputs, batch, outputs, false));
      SDVariable da = sd.constant(matrix(dHalting, (n - 1) * batch, batch, 1, false));
      SDVariable term = y.mul(dy).sum().add(a.mul(da).sum());
      loss = loss == null ? term : loss.add(term);
    }
    loss = loss.add("loss", 0.0);
    sd.setLossVariables(loss);

    List<String> wanted = new ArrayList<>(outNames);
    wanted.addAll(haltNames);
    wanted.add("loss");
    Map<String, INDArray> out = sd.output(Collections.emptyMap(), wanted);
    double[] outputLogits = new double[steps * batch * outputs];
    double[] haltingLogits = new double[steps * batch];
    for (int n = 1; n <= steps; n++) {
      double[] y = flat(out.get(outNames.get(n - 1)));
      System.arraycopy(y, 0, outputLogits, (n - 1) * batch * outputs, y.length);
      double[] a = flat(out.get(haltNames.get(n - 1)));
      System.arraycopy(a, 0, haltingLogits, (n - 1) * batch, a.length);
    }
    double lossValue = out.get("loss").getDouble(0);

    List<String> vars = new ArrayList<>(List.of("x", "Wout", "Whalt", "bout", "bhalt"));
    for (String g : GATES) {
      vars.addAll(List.of("Wi_" + g, "Wh_" + g, "bi_" + g, "bh_" + g));
    }
    Map<String, INDArray> grad;
    // SameDiff 1.0.0-M2.1 prints "Added differentiated op ..." to System.out for every op while
    // it builds the gradient graph (thousands of lines for 20 steps); mute only that call.
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      grad = sd.calculateGradients(Collections.emptyMap(), vars);
    } finally {
      System.setOut(stdout);
    }
    double[] grads = new double[gw * in + gw * h + 2 * gw + (outputs + 1) * (h + 1)];
    for (int g = 0; g < 3; g++) {
      String s = GATES[g];
      untranspose(flat(grad.get("Wi_" + s)), in, h, grads, wih + g * h * in);
      untranspose(flat(grad.get("Wh_" + s)), h, h, grads, whh + g * h * h);
      System.arraycopy(flat(grad.get("bi_" + s)), 0, grads, bih + g * h, h);
      System.arraycopy(flat(grad.get("bh_" + s)), 0, grads, bhh + g * h, h);
    }
    untranspose(flat(grad.get("Wout")), h, outputs, grads, head);
    untranspose(flat(grad.get("Whalt")), h, 1, grads, head + outputs * h);
    System.arraycopy(flat(grad.get("bout")), 0, grads, headBias, outputs);
    grads[headBias + outputs] = grad.get("bhalt").getDouble(0);
    double[] dx = flat(grad.get("x"));
    return new Result(outputLogits, haltingLogits, lossValue, grads, dx);
  }

  /** A [rows×cols] double matrix from row-major floats at off, or its transpose [cols×rows]. */
  private static INDArray matrix(float[] src, int off, int rows, int cols, boolean transpose) {
    double[] d = new double[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        double v = src[off + r * cols + c];
        if (transpose) {
          d[c * rows + r] = v;
        } else {
          d[r * cols + c] = v;
        }
      }
    }
    INDArray a = Nd4j.createFromArray(d);
    return transpose ? a.reshape('c', cols, rows) : a.reshape('c', rows, cols);
  }

  private static INDArray vector(float[] src, int off, int length) {
    double[] d = new double[length];
    for (int i = 0; i < length; i++) {
      d[i] = src[off + i];
    }
    return Nd4j.createFromArray(d);
  }

  private static double[] flat(INDArray a) {
    return a.dup('c').data().asDouble();
  }

  /** Writes the transpose of t ([rows×cols] row-major) into dst at off as [cols×rows]. */
  private static void untranspose(double[] t, int rows, int cols, double[] dst, int off) {
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        dst[off + c * rows + r] = t[r * cols + c];
      }
    }
  }
}
