package org.ponderlab.core.task.mnist;

import java.util.SplittableRandom;
import org.ponderlab.core.task.Batch;
import org.ponderlab.core.task.OutputKind;
import org.ponderlab.core.task.Task;

/**
 * Digit classification on an MNIST-shaped data set (HALTING.md, "Tasks"): each input is one image,
 * pixels scaled from 0..255 to [0, 1], row-major; the label is the class 0..9.
 *
 * <p>Training batches walk through the training split in shuffled epochs, so every image is seen
 * once per epoch (lower-variance than drawing with replacement at the same cost). The first epoch's
 * order comes from the constructor's seed; each later epoch is reshuffled with the random source
 * handed to {@link #sample}, so a run is reproducible from its seeds. The validation batch is the
 * whole test split in file order. Each example's "difficulty" is its digit (the class label, {@link
 * #difficultyName()} "digit"), so the evaluator's per-difficulty accuracy and mean steps are
 * per-class numbers and its ponder rows are spread over the ten classes.
 *
 * <p>With a {@link Corruption} (the {@code mnist-noise} setting) the difficulty is the corruption
 * level instead ({@link #difficultyName()} "noise level"): each training example is corrupted at a
 * mild level drawn from the batch's random source, each validation image at level {@code i mod 5}
 * with noise from the validation seed, so levels 3 and 4 are unseen in training.
 *
 * <p>Not thread-safe: the epoch position is state, owned by the one trainer thread.
 */
public final class MnistTask implements Task {
  private final float[] trainPixels;
  private final int[] trainLabels;
  private final int inputSize;
  private final Batch validation;
  private final int[] order;
  private final Corruption corruption;
  private int cursor;

  /**
   * @param data the loaded data set (e.g. {@link MnistData#shipped()})
   * @param seed seeds the order of the first training epoch
   */
  public MnistTask(MnistData data, long seed) {
    this(data, seed, 0);
  }

  /**
   * @param data the loaded data set
   * @param seed seeds the order of the first training epoch and the validation corruption
   * @param noise the share of pixels replaced at the strongest corruption level, in [0, 1] (0:
   *     clean)
   */
  public MnistTask(MnistData data, long seed, double noise) {
    this.corruption = noise > 0 ? new Corruption(noise) : null;
    this.inputSize = data.train().images().imageSize();
    this.trainPixels = scaled(data.train().images());
    this.trainLabels = labels(data.train());
    MnistSplit test = data.test();
    int[] testLabels = labels(test);
    float[] testPixels = scaled(test.images());
    int[] testDifficulty = testLabels.clone();
    if (corruption != null) {
      SplittableRandom noiseRng =
          new SplittableRandom(seed).split(); // its own stream: the epoch order is unchanged
      for (int i = 0; i < test.size(); i++) {
        testDifficulty[i] = i % Corruption.LEVELS;
        corruption.apply(testPixels, i * inputSize, inputSize, testDifficulty[i], noiseRng);
      }
    }
    this.validation = new Batch(testPixels, testLabels, testDifficulty, test.size(), inputSize);
    this.order = new int[data.train().size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    shuffle(order, new SplittableRandom(seed));
  }

  @Override
  public String name() {
    return "mnist";
  }

  @Override
  public int inputSize() {
    return inputSize;
  }

  @Override
  public OutputKind outputKind() {
    return OutputKind.CLASSES;
  }

  @Override
  public int outputSize() {
    return MnistSplit.CLASSES;
  }

  /** Number of training examples (one epoch). */
  public int trainingSize() {
    return order.length;
  }

  @Override
  public void sample(SplittableRandom rng, Batch into) {
    if (into.inputSize() != inputSize) {
      throw new IllegalArgumentException(
          "batch input size " + into.inputSize() + ", task needs " + inputSize);
    }
    for (int b = 0; b < into.size(); b++) {
      if (cursor == order.length) {
        shuffle(order, rng);
        cursor = 0;
      }
      int example = order[cursor++];
      System.arraycopy(trainPixels, example * inputSize, into.inputs(), b * inputSize, inputSize);
      into.labels()[b] = trainLabels[example];
      into.difficulty()[b] = trainLabels[example];
      if (corruption != null) {
        int level = rng.nextInt(Corruption.MILDEST_UNSEEN);
        corruption.apply(into.inputs(), b * inputSize, inputSize, level, rng);
        into.difficulty()[b] = level;
      }
    }
  }

  @Override
  public Batch validation() {
    return validation;
  }

  @Override
  public String difficultyName() {
    return corruption != null ? "noise level" : "digit";
  }

  private static float[] scaled(IdxImages images) {
    byte[] pixels = images.pixels();
    float[] out = new float[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      out[i] = (pixels[i] & 0xFF) / 255f;
    }
    return out;
  }

  private static int[] labels(MnistSplit split) {
    int[] out = new int[split.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = split.label(i);
    }
    return out;
  }

  /** Fisher-Yates. */
  private static void shuffle(int[] a, SplittableRandom rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
