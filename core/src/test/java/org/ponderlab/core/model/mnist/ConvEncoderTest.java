package org.ponderlab.core.model.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The encoder's features of an image do not depend on the batch it is encoded in, bit for bit: a
 * batch sharded across threads must give each row exactly what the whole batch gives it. Checked
 * for each image alone, for a shard from the middle of the batch and after a larger batch ran first
 * (stale scratch), at the standard shape and at odd sides and channel counts.
 */
class ConvEncoderTest {

  @ParameterizedTest(name = "image={0} conv1={1} conv2={2} features={3}")
  @CsvSource({"28, 16, 32, 64", "19, 3, 5, 7", "16, 17, 33, 20"})
  void aRowsFeaturesDoNotDependOnTheBatch(int image, int c1, int c2, int features) {
    MnistNetworkShape shape = new MnistNetworkShape(image, c1, c2, features, 4, 3);
    ConvEncoder encoder = new ConvEncoder(shape, 16);
    SplittableRandom rng = new SplittableRandom(image * 7L + c1);
    float[] params = new float[encoder.parameterCount()];
    encoder.initialize(params, 0, rng);
    for (int i = 0; i < params.length; i++) {
      params[i] += (float) rng.nextDouble(-0.05, 0.05); // non-zero biases too
    }
    int batch = 7;
    int pixels = shape.inputSize();
    float[] x = new float[batch * pixels];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextDouble();
    }
    float[] whole = new float[batch * features];
    encoder.forward(params, 0, x, batch, whole);

    float[] one = new float[features];
    for (int b = 0; b < batch; b++) {
      encoder.forward(params, 0, Arrays.copyOfRange(x, b * pixels, (b + 1) * pixels), 1, one);
      assertArrayEquals(
          Arrays.copyOfRange(whole, b * features, (b + 1) * features), one, "image " + b);
    }
    float[] shard = new float[3 * features];
    encoder.forward(params, 0, Arrays.copyOfRange(x, 2 * pixels, 5 * pixels), 3, shard);
    assertArrayEquals(Arrays.copyOfRange(whole, 2 * features, 5 * features), shard);
  }
}
