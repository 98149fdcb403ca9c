package org.ponderlab.core.model.mnist;

import static org.ponderlab.core.model.Closeness.assertClose;
import static org.ponderlab.core.model.Closeness.uniform;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link ConvLayer} (direct convolution on the register tiles through offset tables, image by
 * image; the bias added by the pooling) against ND4J's own conv2d (SameDiff, NHWC, weights [kH, kW,
 * in, out], double precision): the output and the gradients of {@code L = Σ g ⊙ (conv(x) + b)} for
 * the weights and the input, at the bench sizes (both MNIST layers, batch 128), batch 1 and 3, and
 * odd channel counts. (The bias gradient is the pooling's: {@code MaxPoolReluTest}.)
 */
class ConvLayerTest {

  @BeforeAll
  static void oneThread() {
    Nd4j.factory().blas().setMaxThreads(1);
    Nd4j.getEnvironment().setMaxThreads(1);
  }

  @ParameterizedTest(name = "side={0} in={1} out={2} batch={3}")
  @CsvSource({
    "28, 1, 16, 128", // conv1 of the bench network
    "12, 16, 32, 128", // conv2 of the bench network
    "28, 1, 16, 1",
    "12, 16, 32, 3",
    "9, 3, 5, 3",
    "11, 7, 13, 1",
    "6, 1, 1, 2",
    "10, 5, 17, 2", // a vector of output channels and a scalar one; input gradient 25 wide
    "8, 2, 70, 3", // 4×4 tiles in the forward, 4×2 and 8×1 after them
  })
  void outputAndGradientsMatchNd4jConv2d(int side, int in, int out, int batch) {
    SplittableRandom rng = new SplittableRandom(31L * side + 7L * in + out + 1000L * batch);
    ConvLayer layer = new ConvLayer(side, in, out);
    int outSide = layer.outSide();
    float[] params = uniform(rng, 3 + layer.parameterCount(), 0.5);
    int offset = 3; // a layer sits inside a larger parameter vector
    float[] x = uniform(rng, batch * side * side * in, 1.0);
    float[] g = uniform(rng, batch * outSide * outSide * out, 1.0);

    float[] y = new float[g.length];
    int inSize = layer.inputSize();
    int outSize = layer.outputSize();
    for (int b = 0; b < batch; b++) {
      layer.forward(params, offset, x, b * inSize, y, b * outSize);
    }
    int bias = offset + layer.biasOffset();
    for (int i = 0; i < y.length; i++) {
      y[i] += params[bias + i % out];
    }
    float[] grads = new float[params.length];
    java.util.Arrays.fill(grads, offset, bias, 9f); // stale values must be overwritten
    float[] dx = new float[x.length];
    java.util.Arrays.fill(dx, 7f);
    layer.prepareInputGradient(params, offset);
    for (int b = 0; b < batch; b++) {
      layer.backward(offset, x, b * inSize, g, b * outSize, grads, b > 0, dx, b * inSize);
    }

    Reference ref = reference(side, in, out, batch, params, offset, x, g);
    assertClose("output", ref.y, y, 0, 1e-5, 1e-5);
    assertClose("weight gradient", ref.dW, grads, offset, 1e-5, 1e-4);
    assertClose("input gradient", ref.dX, dx, 0, 1e-5, 1e-5);
  }

  private record Reference(double[] y, double[] dW, double[] dB, double[] dX) {}

  private static Reference reference(
      int side, int in, int out, int batch, float[] params, int offset, float[] x, float[] g) {
    int patch = 25 * in;
    int outSide = side - 4;
    SameDiff sd = SameDiff.create();
    SDVariable xv = sd.var("x", array(x, 0, x.length, batch, side, side, in));
    SDVariable w = sd.var("w", array(params, offset, patch * out, 5, 5, in, out));
    SDVariable b = sd.var("b", array(params, offset + patch * out, out, out));
    SDVariable gv = sd.constant("g", array(g, 0, g.length, batch, outSide, outSide, out));
    Conv2DConfig config = Conv2DConfig.builder().kH(5).kW(5).sH(1).sW(1).dataFormat("NHWC").build();
    SDVariable y = sd.cnn().conv2d("y", xv, w, b, config);
    SDVariable loss = y.mul(gv).sum();
    sd.setLossVariables(loss);
    double[] yOut = flat(sd.output(Collections.emptyMap(), List.of("y")).get("y"));
    Map<String, INDArray> grad;
    PrintStream stdout = System.out; // SameDiff M2.1 prints a line per differentiated op
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      grad = sd.calculateGradients(Collections.emptyMap(), List.of("x", "w", "b"));
    } finally {
      System.setOut(stdout);
    }
    return new Reference(yOut, flat(grad.get("w")), flat(grad.get("b")), flat(grad.get("x")));
  }

  private static INDArray array(float[] src, int from, int length, long... shape) {
    double[] d = new double[length];
    for (int i = 0; i < length; i++) {
      d[i] = src[from + i];
    }
    return Nd4j.create(d, shape, DataType.DOUBLE);
  }

  private static double[] flat(INDArray a) {
    return a.dup('c').reshape(a.length()).toDoubleVector();
  }
}
