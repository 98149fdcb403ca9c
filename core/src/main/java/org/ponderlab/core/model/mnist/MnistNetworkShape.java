package org.ponderlab.core.model.mnist;

/**
 * Sizes of {@link MnistNetwork}: a square grey image, two valid 5×5 convolutions each followed by
 * 2×2 max pooling and ReLU, a dense ReLU layer to {@code features}, a recurrent cell of {@code
 * hidden} units fed those features at every step (a GRU, or the {@link MnistCell#MLP} step with a
 * hidden layer of {@code mlpHidden} units), and per-step heads.
 *
 * <p>Smaller shapes exist for gradient checks (e.g. a 16×16 image with 2 and 3 channels); {@link
 * #standard()} is the one the lab trains on MNIST.
 *
 * @param imageSize side of the square input image (28 for MNIST)
 * @param conv1Channels output channels of the first convolution
 * @param conv2Channels output channels of the second convolution
 * @param features width of the encoder's output, the cell's input every step
 * @param hidden hidden units of the recurrent cell
 * @param classes output logits per step
 * @param cell the recurrent cell
 * @param mlpHidden width M of the MLP cell's hidden layer (0 for the GRU, which has none)
 */
public record MnistNetworkShape(
    int imageSize,
    int conv1Channels,
    int conv2Channels,
    int features,
    int hidden,
    int classes,
    MnistCell cell,
    int mlpHidden) {
  /** Side of the convolution kernels. */
  public static final int KERNEL = 5;

  public MnistNetworkShape {
    positive("conv1Channels", conv1Channels);
    positive("conv2Channels", conv2Channels);
    positive("features", features);
    positive("hidden", hidden);
    positive("classes", classes);
    if (cell == MnistCell.MLP) {
      positive("mlpHidden", mlpHidden);
    } else if (cell != MnistCell.GRU || mlpHidden != 0) {
      throw new IllegalArgumentException(
          "cell " + cell + " with mlpHidden " + mlpHidden + ": the GRU has no MLP layer (use 0)");
    }
    int side2 = ((imageSize - KERNEL + 1) / 2 - KERNEL + 1) / 2;
    if (imageSize < 2 * KERNEL + 2 || side2 < 1) {
      throw new IllegalArgumentException(
          "imageSize: "
              + imageSize
              + " is too small for two 5x5 convolutions and 2x2 poolings (at least 14)");
    }
  }

  /** A GRU network of these sizes. */
  public MnistNetworkShape(
      int imageSize, int conv1Channels, int conv2Channels, int features, int hidden, int classes) {
    this(imageSize, conv1Channels, conv2Channels, features, hidden, classes, MnistCell.GRU, 0);
  }

  /** The same sizes with the MLP cell, its hidden layer {@code width} units wide. */
  public MnistNetworkShape withMlpCell(int width) {
    return new MnistNetworkShape(
        imageSize, conv1Channels, conv2Channels, features, hidden, classes, MnistCell.MLP, width);
  }

  /** The MNIST network: 28×28 input, 16 and 32 channels, 64 features, GRU-64, 10 classes. */
  public static MnistNetworkShape standard() {
    return new MnistNetworkShape(28, 16, 32, 64, 64, 10);
  }

  public int inputSize() {
    return imageSize * imageSize;
  }

  /** Side after the first convolution. */
  public int conv1Side() {
    return imageSize - KERNEL + 1;
  }

  /** Side after the first pooling. */
  public int pool1Side() {
    return conv1Side() / 2;
  }

  public int conv2Side() {
    return pool1Side() - KERNEL + 1;
  }

  public int pool2Side() {
    return conv2Side() / 2;
  }

  /** Values per example entering the dense layer. */
  public int flatSize() {
    return pool2Side() * pool2Side() * conv2Channels;
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + ": " + value + " must be positive");
    }
  }
}
