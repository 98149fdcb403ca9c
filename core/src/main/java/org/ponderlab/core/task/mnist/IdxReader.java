package org.ponderlab.core.task.mnist;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX files MNIST and Fashion-MNIST are distributed in, raw or gzip-compressed (a name
 * ending in {@code .gz}). The format: a big-endian magic number {@code 0x0000TTDD} (TT = 0x08 for
 * unsigned bytes, DD = number of dimensions), DD big-endian 32-bit sizes, then the data.
 *
 * <p>Every check a broken download can fail is made here, before any of the data is used: magic
 * number, number of dimensions, and that the file holds exactly as many bytes as its header
 * promises. Each failure is an {@link IdxFormatException} naming the file and the problem.
 */
public final class IdxReader {
  /** Unsigned bytes, 3 dimensions (count, rows, cols). */
  public static final int IMAGES_MAGIC = 0x00000803;
  /** Unsigned bytes, 1 dimension (count). */
  public static final int LABELS_MAGIC = 0x00000801;

  private IdxReader() {}

  /** Reads an idx3 image file ({@code .gz} or raw). */
  public static IdxImages readImages(Path file) throws IOException {
    ByteBuffer data = open(file, IMAGES_MAGIC, 3);
    int count = data.getInt(4);
    int rows = data.getInt(8);
    int cols = data.getInt(12);
    if (count < 0 || rows <= 0 || cols <= 0) {
      throw new IdxFormatException(
          file, "bad dimensions " + count + " x " + rows + " x " + cols + " in the header");
    }
    checkLength(file, data, 16, (long) count * rows * cols, count + " images of " + rows + "x" + cols);
    byte[] pixels = new byte[count * rows * cols];
    data.get(16, pixels);
    return new IdxImages(count, rows, cols, pixels);
  }

  /** Reads an idx1 label file ({@code .gz} or raw): one unsigned byte per example. */
  public static byte[] readLabels(Path file) throws IOException {
    ByteBuffer data = open(file, LABELS_MAGIC, 1);
    int count = data.getInt(4);
    if (count < 0) {
      throw new IdxFormatException(file, "negative label count " + count + " in the header");
    }
    checkLength(file, data, 8, count, count + " labels");
    byte[] labels = new byte[count];
    data.get(8, labels);
    return labels;
  }

  private static ByteBuffer open(Path file, int expectedMagic, int dimensions) throws IOException {
    ByteBuffer data = ByteBuffer.wrap(bytes(file)); // big-endian by default, as IDX is
    int header = 4 + 4 * dimensions;
    if (data.capacity() < 4) {
      throw new IdxFormatException(file, "only " + data.capacity() + " bytes, no IDX header");
    }
    int magic = data.getInt(0);
    if (magic != expectedMagic) {
      throw new IdxFormatException(
          file,
          String.format(
              "magic number 0x%08X, expected 0x%08X (%s)",
              magic, expectedMagic, expectedMagic == IMAGES_MAGIC ? "idx3 images" : "idx1 labels"));
    }
    if (data.capacity() < header) {
      throw new IdxFormatException(
          file, "truncated header: " + data.capacity() + " bytes, need " + header);
    }
    return data;
  }

  private static void checkLength(
      Path file, ByteBuffer data, int header, long payload, String promised) throws IdxFormatException {
    long expected = header + payload;
    if (data.capacity() != expected) {
      throw new IdxFormatException(
          file,
          (data.capacity() < expected ? "truncated" : "too long")
              + ": header promises "
              + promised
              + " ("
              + expected
              + " bytes), file has "
              + data.capacity()
              + " bytes");
    }
  }

  /** The file's bytes, decompressed when the name ends in {@code .gz}. */
  static byte[] bytes(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "IDX file not found");
    }
    byte[] raw = Files.readAllBytes(file);
    if (!file.getFileName().toString().endsWith(".gz")) {
      return raw;
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
      return in.readAllBytes();
    } catch (ZipException e) {
      throw new IdxFormatException(file, "not a valid gzip file (" + e.getMessage() + ")", e);
    } catch (java.io.EOFException e) {
      throw new IdxFormatException(file, "truncated gzip stream (" + e.getMessage() + ")", e);
    }
  }
}
