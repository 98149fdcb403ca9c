package org.ponderlab.core.task.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistDataTest {
  @TempDir Path dir;

  /**
   * Golden values printed by datasets/mnist/make_subset.py (Python, independent of this reader):
   * per-label counts and SHA-256 of the pixel bytes after the 16-byte header.
   */
  @Test
  void shippedSubsetHasTheDocumentedCountsAndPixels() throws Exception {
    MnistData data = MnistData.shipped();
    assertEquals(8000, data.train().size());
    assertEquals(2000, data.test().size());
    assertEquals(28, data.train().images().rows());
    assertEquals(28, data.train().images().cols());
    assertArrayEquals(
        new int[] {801, 902, 793, 826, 784, 690, 811, 856, 755, 782},
        data.train().labelHistogram());
    assertArrayEquals(
        new int[] {200, 225, 198, 206, 196, 173, 203, 214, 189, 196}, data.test().labelHistogram());
    assertEquals(
        "c7eaaaa98f27ba2afb06f240dff031aed9e1ec3022ec65c485e36119a1c0e3ae",
        sha256(data.train().images().pixels()));
    assertEquals(
        "a11d285f776f8855a583549ef550ad5234c45d17ab3c11daab1d6c49d471c25e",
        sha256(data.test().images().pixels()));
    // First test labels, as checked by eye against preview-t10k-first40.png.
    int[] first = new int[10];
    for (int i = 0; i < first.length; i++) {
      first[i] = data.test().label(i);
    }
    assertArrayEquals(new int[] {0, 3, 6, 5, 8, 2, 1, 3, 2, 7}, first);
  }

  @Test
  void systemPropertyPointsAtAnotherDatasetsFolder() throws IOException {
    Path mnist = dir.resolve("mnist");
    java.nio.file.Files.createDirectories(mnist);
    writeSplit(mnist, "train", 3, "-", ".gz");
    writeSplit(mnist, "t10k", 2, "-", ".gz");
    String before = System.getProperty(MnistData.DATASETS_PROPERTY);
    System.setProperty(MnistData.DATASETS_PROPERTY, dir.toString());
    try {
      assertEquals(mnist, MnistData.shippedFolder());
      assertEquals(3, MnistData.shipped().train().size());
    } finally {
      if (before == null) {
        System.clearProperty(MnistData.DATASETS_PROPERTY);
      } else {
        System.setProperty(MnistData.DATASETS_PROPERTY, before);
      }
    }
  }

  @Test
  void loadsRawFilesAndTheDottedSpelling() throws IOException {
    writeSplit(dir, "train", 5, ".", "");
    writeSplit(dir, "t10k", 4, "-", "");
    MnistData data = MnistData.load(dir);
    assertEquals(5, data.train().size());
    assertEquals(4, data.test().size());
    assertArrayEquals(new int[] {1, 1, 1, 1, 1, 0, 0, 0, 0, 0}, data.train().labelHistogram());
    assertEquals(3 * 2 + 1, data.test().images().pixel(3, 1)); // see writeSplit
  }

  @Test
  void missingFileIsNamed() throws IOException {
    writeSplit(dir, "train", 5, "-", ".gz");
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> MnistData.load(dir));
    assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte.gz"), e.getMessage());
    assertTrue(e.getMessage().contains("not found"), e.getMessage());
  }

  @Test
  void imageAndLabelCountsMustAgree() throws IOException {
    writeSplit(dir, "train", 5, "-", ".gz");
    writeSplit(dir, "t10k", 4, "-", ".gz");
    IdxWriter.labels(dir.resolve("t10k-labels-idx1-ubyte.gz"), new byte[] {1, 2, 3});
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> MnistData.load(dir));
    assertTrue(
        e.getMessage().startsWith(dir.resolve("t10k-images-idx3-ubyte.gz").toString()),
        e.getMessage());
    assertTrue(e.getMessage().contains("holds 4 images but"), e.getMessage());
    assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte.gz holds 3 labels"), e.getMessage());
  }

  @Test
  void labelOutsideTheClassesIsReported() throws IOException {
    writeSplit(dir, "train", 2, "-", ".gz");
    writeSplit(dir, "t10k", 2, "-", ".gz");
    IdxWriter.labels(dir.resolve("train-labels-idx1-ubyte.gz"), new byte[] {1, 12});
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> MnistData.load(dir));
    assertTrue(
        e.getMessage()
            .contains("train-labels-idx1-ubyte.gz: label 12 of example 1 is outside 0..9"),
        e.getMessage());
  }

  @Test
  void splitsOfDifferentImageSizesAreRejected() throws IOException {
    writeSplit(dir, "train", 2, "-", ".gz");
    IdxWriter.images(dir.resolve("t10k-images-idx3-ubyte.gz"), 1, 3, 3, new byte[9]);
    IdxWriter.labels(dir.resolve("t10k-labels-idx1-ubyte.gz"), new byte[] {4});
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> MnistData.load(dir));
    assertTrue(
        e.getMessage().contains("train images are 2x2 but test images are 3x3"), e.getMessage());
  }

  /** {@code count} 2x2 images, image i's pixel p = 2i + p; label i % 10. */
  private static void writeSplit(Path folder, String split, int count, String sep, String gz)
      throws IOException {
    byte[] pixels = new byte[count * 4];
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      for (int p = 0; p < 4; p++) {
        pixels[i * 4 + p] = (byte) (2 * i + p);
      }
      labels[i] = (byte) (i % 10);
    }
    IdxWriter.images(
        folder.resolve(split + "-images" + sep + "idx3-ubyte" + gz), count, 2, 2, pixels);
    IdxWriter.labels(folder.resolve(split + "-labels" + sep + "idx1-ubyte" + gz), labels);
  }

  private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
