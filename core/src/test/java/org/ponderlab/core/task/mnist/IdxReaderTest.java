package org.ponderlab.core.task.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {
  @TempDir Path dir;

  /** 3 images of 2x4 with distinct values, including ones above 127 (unsigned bytes). */
  private static byte[] pixels() {
    byte[] p = new byte[3 * 2 * 4];
    for (int i = 0; i < p.length; i++) {
      p[i] = (byte) (i * 11);
    }
    return p;
  }

  @ParameterizedTest
  @ValueSource(strings = {"imgs-idx3-ubyte", "imgs-idx3-ubyte.gz"})
  void imagesRoundTripRawAndGzip(String name) throws IOException {
    Path file = dir.resolve(name);
    IdxWriter.images(file, 3, 2, 4, pixels());
    IdxImages read = IdxReader.readImages(file);
    assertEquals(3, read.count());
    assertEquals(2, read.rows());
    assertEquals(4, read.cols());
    assertArrayEquals(pixels(), read.pixels());
    assertEquals(253, read.pixel(2, 7)); // 23 * 11 = 253, stored as a negative byte
  }

  @ParameterizedTest
  @ValueSource(strings = {"labels-idx1-ubyte", "labels-idx1-ubyte.gz"})
  void labelsRoundTripRawAndGzip(String name) throws IOException {
    Path file = dir.resolve(name);
    byte[] labels = {7, 0, 9, 3};
    IdxWriter.labels(file, labels);
    assertArrayEquals(labels, IdxReader.readLabels(file));
  }

  @Test
  void gzipFileIsReallyCompressed() throws IOException {
    Path file = dir.resolve("x-idx3-ubyte.gz");
    IdxWriter.images(file, 3, 2, 4, pixels());
    byte[] raw = Files.readAllBytes(file);
    assertEquals(0x1f, raw[0] & 0xFF);
    assertEquals(0x8b, raw[1] & 0xFF);
  }

  @Test
  void missingFileNamesTheFile() {
    Path file = dir.resolve("nope-idx3-ubyte.gz");
    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> IdxReader.readImages(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not found"), e.getMessage());
  }

  @Test
  void labelFileReadAsImagesIsAWrongMagic() throws IOException {
    Path file = dir.resolve("labels-idx1-ubyte");
    IdxWriter.labels(file, new byte[] {1, 2, 3});
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(file));
    assertEquals(file, e.file());
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(
        e.getMessage().contains("magic number 0x00000801, expected 0x00000803"), e.getMessage());
  }

  @Test
  void imageFileReadAsLabelsIsAWrongMagic() throws IOException {
    Path file = dir.resolve("imgs-idx3-ubyte.gz");
    IdxWriter.images(file, 3, 2, 4, pixels());
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(file));
    assertTrue(
        e.getMessage().contains("magic number 0x00000803, expected 0x00000801"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"imgs-idx3-ubyte", "imgs-idx3-ubyte.gz"})
  void truncatedPayloadIsReported(String name) throws IOException {
    Path file = dir.resolve(name);
    byte[] short1 = Arrays.copyOf(pixels(), 23); // header promises 24 bytes
    IdxWriter.images(file, 3, 2, 4, short1);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(
        e.getMessage()
            .contains("truncated: header promises 3 images of 2x4 (40 bytes), file has 39 bytes"),
        e.getMessage());
  }

  @Test
  void extraBytesAreReported() throws IOException {
    Path file = dir.resolve("labels-idx1-ubyte");
    ByteBuffer header = ByteBuffer.allocate(8).putInt(0x00000801).putInt(2);
    IdxWriter.write(file, header.array(), new byte[] {1, 2, 3});
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(file));
    assertTrue(
        e.getMessage().contains("too long: header promises 2 labels (10 bytes), file has 11 bytes"),
        e.getMessage());
  }

  @Test
  void truncatedHeaderIsReported() throws IOException {
    Path file = dir.resolve("imgs-idx3-ubyte");
    ByteBuffer header = ByteBuffer.allocate(8).putInt(0x00000803).putInt(3);
    IdxWriter.write(file, header.array(), new byte[0]);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(file));
    assertTrue(e.getMessage().contains("truncated header: 8 bytes, need 16"), e.getMessage());
  }

  @Test
  void truncatedGzipStreamIsReported() throws IOException {
    Path whole = dir.resolve("whole-idx3-ubyte.gz");
    IdxWriter.images(whole, 3, 2, 4, pixels());
    byte[] gz = Files.readAllBytes(whole);
    Path cut = dir.resolve("cut-idx3-ubyte.gz");
    Files.write(cut, Arrays.copyOf(gz, gz.length / 2));
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readImages(cut));
    assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("truncated gzip stream"), e.getMessage());
  }

  @Test
  void rawFileNamedGzIsReported() throws IOException {
    Path file = dir.resolve("plain-idx1-ubyte.gz");
    ByteBuffer header = ByteBuffer.allocate(8).putInt(0x00000801).putInt(1);
    Files.write(file, Arrays.copyOf(header.array(), 9));
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.readLabels(file));
    assertTrue(e.getMessage().contains("not a valid gzip file"), e.getMessage());
  }
}
