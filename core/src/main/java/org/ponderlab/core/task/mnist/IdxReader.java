package org.ponderlab.core.task.mnist;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.ponderlab.core.io.BoundedRead;

/**
 * Reads the IDX files MNIST and Fashion-MNIST are distributed in, raw or gzip-compressed (a name
 * ending in {@code .gz}). The format: a big-endian magic number {@code 0x0000TTDD} (TT = 0x08 for
 * unsigned bytes, DD = number of dimensions), DD big-endian 32-bit sizes, then the data.
 *
 * <p>Every check a broken download can fail is made here, before any of the data is used: magic
 * number, number of dimensions, and that the file holds exactly as many bytes as its header
 * promises. Each failure is an {@link IdxFormatException} naming the file and the problem.
 */
final class IdxReader {
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
    byte[] pixels = new byte[count * rows * cols];
    data.get(16, pixels);
    return new IdxImages(count, rows, cols, pixels);
  }

  /** Reads an idx1 label file ({@code .gz} or raw): one unsigned byte per example. */
  public static byte[] readLabels(Path file) throws IOException {
    ByteBuffer data = open(file, LABELS_MAGIC, 1);
    byte[] labels = new byte[data.getInt(4)];
    data.get(8, labels);
    return labels;
  }

  /**
   * The whole file (decompressed), checked: a regular file, the magic number, sane dimensions, and
   * exactly as many bytes as the header promises. A gzip file is decompressed only as far as its
   * header promises (plus one byte to notice extra data), so a gzip bomb is refused after reading a
   * few bytes more than the data it claims to hold, never filling the heap.
   */
  private static ByteBuffer open(Path file, int expectedMagic, int dimensions) throws IOException {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(file.toString(), null, "IDX file not found");
    }
    long maxBytes = maxBytes();
    BoundedRead.check(null, file, maxBytes);
    boolean gzip = file.getFileName().toString().endsWith(".gz");
    try (InputStream raw = Files.newInputStream(file.toRealPath());
        InputStream in =
            gzip
                ? new GZIPInputStream(new BufferedInputStream(raw))
                : new BufferedInputStream(raw)) {
      int headerBytes = 4 + 4 * dimensions;
      byte[] header = in.readNBytes(headerBytes);
      if (header.length < 4) {
        throw new IdxFormatException(file, "only " + header.length + " bytes, no IDX header");
      }
      ByteBuffer h = ByteBuffer.wrap(header);
      int magic = h.getInt(0);
      if (magic != expectedMagic) {
        throw new IdxFormatException(
            file,
            String.format(
                "magic number 0x%08X, expected 0x%08X (%s)",
                magic,
                expectedMagic,
                expectedMagic == IMAGES_MAGIC ? "idx3 images" : "idx1 labels"));
      }
      if (header.length < headerBytes) {
        throw new IdxFormatException(
            file, "truncated header: " + header.length + " bytes, need " + headerBytes);
      }
      long payload = 1;
      StringBuilder dims = new StringBuilder();
      for (int d = 0; d < dimensions; d++) {
        int size = h.getInt(4 + 4 * d);
        dims.append(d == 0 ? "" : " x ").append(size);
        if (size < 0 || (d > 0 && size == 0) || (d > 0 && size > MAX_SIDE)) {
          throw new IdxFormatException(
              file,
              "bad dimensions "
                  + dims
                  + (dimensions > 1 ? "…" : "")
                  + " in the header"
                  + (d > 0 ? " (each side must be 1 to " + MAX_SIDE + ")" : ""));
        }
        payload *= size;
      }
      String promised =
          dimensions == 3
              ? h.getInt(4) + " images of " + h.getInt(8) + "x" + h.getInt(12)
              : h.getInt(4) + " labels";
      if (headerBytes + payload > maxBytes) {
        throw new IdxFormatException(
            file,
            "its header promises "
                + promised
                + " ("
                + BoundedRead.human(headerBytes + payload)
                + "), more than PonderLab reads ("
                + BoundedRead.human(maxBytes)
                + " with this heap)");
      }
      byte[] body = in.readNBytes((int) payload);
      if (body.length < payload) {
        throw new IdxFormatException(
            file,
            "truncated: header promises "
                + promised
                + " ("
                + (headerBytes + payload)
                + " bytes), file has "
                + (headerBytes + body.length)
                + " bytes");
      }
      // count extra bytes only up to a bound: a gzip bomb's tail is never decompressed in full
      int extra = in.readNBytes(EXTRA_COUNTED + 1).length;
      if (extra > 0) {
        long total = headerBytes + payload + extra;
        throw new IdxFormatException(
            file,
            "too long: header promises "
                + promised
                + " ("
                + (headerBytes + payload)
                + " bytes), "
                + (gzip ? "decompressed " : "")
                + "file has "
                + (extra > EXTRA_COUNTED ? "more than " + (total - 1) : total)
                + " bytes");
      }
      return ByteBuffer.allocate(headerBytes + (int) payload).put(header).put(body).flip();
    } catch (ZipException e) {
      throw new IdxFormatException(file, "not a valid gzip file (" + e.getMessage() + ")", e);
    } catch (java.io.EOFException e) {
      throw new IdxFormatException(file, "truncated gzip stream (" + e.getMessage() + ")", e);
    }
  }

  /** Bytes past the promised data that are counted for the message; beyond, "more than". */
  static final int EXTRA_COUNTED = 1 << 20;

  /** Images larger than this on a side are refused (MNIST's are 28). */
  static final int MAX_SIDE = 4096;

  /**
   * The most an IDX file may hold once decompressed: a quarter of the heap, and what a Java array
   * can.
   */
  static long maxBytes() {
    return Math.min(Integer.MAX_VALUE - 64, BoundedRead.heapShare());
  }
}
