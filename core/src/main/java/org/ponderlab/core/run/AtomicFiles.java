package org.ponderlab.core.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Predicate;

/**
 * Writes a file so that a reader, a crash or a full disk never sees it half-written: the content
 * goes to a temporary file in the same folder, is forced to disk, and is then renamed over the
 * target. If anything fails, the previous version of the file stays as it was. Files get the
 * ordinary permissions (0666 less the umask, so usually 0644), like any file a user's tools write.
 */
public final class AtomicFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Tests only: targets for which a write fails as on a full disk (after the temporary file was
   * created and partly written). The real full disk is tested too, on a small tmpfs.
   */
  static volatile Predicate<Path> simulatedFullDisk = target -> false;

  private AtomicFiles() {}

  public static void write(Path target, String content) throws IOException {
    write(target, content.getBytes(StandardCharsets.UTF_8));
  }

  public static void write(Path target, byte[] content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    byte[] salt = new byte[8];
    RANDOM.nextBytes(salt);
    Path tmp =
        dir.resolve("." + target.getFileName() + "." + HexFormat.of().formatHex(salt) + ".tmp");
    try {
      // CREATE_NEW: never an existing file or a link planted under the temporary name
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        if (simulatedFullDisk.test(target)) {
          ch.write(ByteBuffer.wrap(content, 0, content.length / 2));
          throw new IOException("No space left on device (simulated)");
        }
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
