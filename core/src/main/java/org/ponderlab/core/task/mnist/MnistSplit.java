package org.ponderlab.core.task.mnist;

/**
 * One split of an MNIST-shaped data set: images with their labels, checked to belong together.
 *
 * @param images the idx3 images
 * @param labels one class index per image, each in {@code 0..classes-1}
 */
public record MnistSplit(IdxImages images, byte[] labels) {
  /** Classes of MNIST and Fashion-MNIST. */
  public static final int CLASSES = 10;

  public MnistSplit {
    if (labels.length != images.count()) {
      throw new IllegalArgumentException(
          images.count() + " images but " + labels.length + " labels");
    }
    for (int i = 0; i < labels.length; i++) {
      if ((labels[i] & 0xFF) >= CLASSES) {
        throw new IllegalArgumentException(
            "label " + (labels[i] & 0xFF) + " of example " + i + " is outside 0.." + (CLASSES - 1));
      }
    }
  }

  public int size() {
    return labels.length;
  }

  public int label(int i) {
    return labels[i] & 0xFF;
  }

  /** Number of examples of each class. */
  public int[] labelHistogram() {
    int[] counts = new int[CLASSES];
    for (byte label : labels) {
      counts[label & 0xFF]++;
    }
    return counts;
  }
}
