package org.ponderlab.core.task.mnist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An MNIST-shaped data set as distributed: a training and a test split, each an idx3 image file and
 * an idx1 label file with the standard names ({@code train-images-idx3-ubyte}, {@code
 * train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte};
 * Fashion-MNIST uses the same names), each with or without {@code .gz}.
 *
 * @param folder where the files were read from
 */
public record MnistData(MnistSplit train, MnistSplit test, Path folder) {
  /**
   * System property naming the datasets folder (the one that contains {@code mnist/}), for runs
   * whose working directory is not inside the repository.
   */
  public static final String DATASETS_PROPERTY = "ponderlab.datasets";

  public MnistData {
    if (train.images().rows() != test.images().rows()
        || train.images().cols() != test.images().cols()) {
      throw new IllegalArgumentException(
          folder
              + ": train images are "
              + train.images().rows()
              + "x"
              + train.images().cols()
              + " but test images are "
              + test.images().rows()
              + "x"
              + test.images().cols());
    }
  }

  /** Reads the four standard files from {@code folder}. */
  public static MnistData load(Path folder) throws IOException {
    MnistSplit train = loadSplit(folder, "train");
    MnistSplit test = loadSplit(folder, "t10k");
    try {
      return new MnistData(train, test, folder);
    } catch (IllegalArgumentException e) {
      throw new IdxFormatException(find(folder, "t10k", "images", 3), e.getMessage());
    }
  }

  /**
   * The MNIST subset shipped in the repository's {@code datasets/mnist} (8,000 train / 2,000 test;
   * see its README). Looked up in {@code $ponderlab.datasets/mnist} if that system property is set,
   * else as {@code datasets/mnist} in the working directory or the nearest parent that has it (so
   * it is found from the repository root and from a module folder such as {@code core/}).
   */
  public static MnistData shipped() throws IOException {
    return load(shippedFolder());
  }

  /** Where {@link #shipped()} reads from; throws if no candidate folder exists. */
  public static Path shippedFolder() throws IOException {
    String property = System.getProperty(DATASETS_PROPERTY);
    if (property != null && !property.isBlank()) {
      Path folder = Path.of(property).resolve("mnist");
      if (!Files.isDirectory(folder)) {
        throw new NoSuchFileException(
            folder.toString(),
            null,
            "no mnist folder under -D" + DATASETS_PROPERTY + "=" + property);
      }
      return folder;
    }
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path folder = dir.resolve("datasets").resolve("mnist");
      if (Files.isDirectory(folder)) {
        return folder;
      }
    }
    throw new NoSuchFileException(
        start.resolve("datasets/mnist").toString(),
        null,
        "shipped MNIST not found in the working directory or its parents; set -D"
            + DATASETS_PROPERTY
            + "=<folder containing mnist/>");
  }

  private static MnistSplit loadSplit(Path folder, String split) throws IOException {
    Path imageFile = find(folder, split, "images", 3);
    Path labelFile = find(folder, split, "labels", 1);
    IdxImages images = IdxReader.readImages(imageFile);
    byte[] labels = IdxReader.readLabels(labelFile);
    if (images.count() != labels.length) {
      throw new IdxFormatException(
          imageFile,
          "holds "
              + images.count()
              + " images but "
              + labelFile
              + " holds "
              + labels.length
              + " labels");
    }
    try {
      return new MnistSplit(images, labels);
    } catch (IllegalArgumentException e) {
      throw new IdxFormatException(labelFile, e.getMessage());
    }
  }

  /** The existing file among the accepted spellings, gzip preferred. */
  private static Path find(Path folder, String split, String kind, int dims) throws IOException {
    List<Path> tried = new ArrayList<>();
    for (String separator : new String[] {"-", "."}) {
      String base = split + "-" + kind + separator + "idx" + dims + "-ubyte";
      for (String name : new String[] {base + ".gz", base}) {
        Path candidate = folder.resolve(name);
        if (Files.isRegularFile(candidate)) {
          return candidate;
        }
        tried.add(candidate.getFileName());
      }
    }
    throw new NoSuchFileException(
        folder.resolve(split + "-" + kind + "-idx" + dims + "-ubyte.gz").toString(),
        null,
        "MNIST " + split + " " + kind + " file not found (tried " + tried + " in " + folder + ")");
  }
}
