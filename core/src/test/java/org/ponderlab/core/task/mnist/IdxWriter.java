package org.ponderlab.core.task.mnist;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes IDX files for tests, independently of the reader: header fields are given explicitly. */
final class IdxWriter {
  private IdxWriter() {}

  static void images(Path file, int count, int rows, int cols, byte[] pixels) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(16);
    header.putInt(0x00000803).putInt(count).putInt(rows).putInt(cols);
    write(file, header.array(), pixels);
  }

  static void labels(Path file, byte[] labels) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(8);
    header.putInt(0x00000801).putInt(labels.length);
    write(file, header.array(), labels);
  }

  /** Writes header + payload, gzip-compressed when the name ends in .gz. */
  static void write(Path file, byte[] header, byte[] payload) throws IOException {
    try (OutputStream raw = Files.newOutputStream(file);
        OutputStream out =
            file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw) {
      out.write(header);
      out.write(payload);
    }
  }
}
