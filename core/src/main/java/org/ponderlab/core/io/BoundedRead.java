package org.ponderlab.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * Reads files that someone else may have placed, refusing before it opens anything that is not a
 * regular file (opening a FIFO blocks for ever, a device such as /dev/zero never ends), that is a
 * symbolic link leading out of the folder it belongs to, or that is larger than the caller's bound
 * (checked from the file's size, then again while reading, so a file that grows is still cut off).
 */
public final class BoundedRead {
  private BoundedRead() {}

  /**
   * Checks {@code file} without opening it and returns the path to open (the link target when it is
   * a link that stays inside {@code root}).
   *
   * @param root the folder the file must stay in when it is a symbolic link, or null to allow links
   *     anywhere (their target must still be a regular file)
   * @param maxBytes the largest size accepted
   */
  public static Path check(Path root, Path file, long maxBytes) throws IOException {
    BasicFileAttributes own =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    Path target = file;
    if (own.isSymbolicLink()) {
      target = file.toRealPath();
      if (root != null && !target.startsWith(root.toRealPath())) {
        throw new RefusedFileException(
            file,
            "a symbolic link leading out of "
                + root
                + " (to "
                + target
                + "); PonderLab reads only the folder's own files");
      }
    }
    BasicFileAttributes attributes =
        own.isSymbolicLink()
            ? Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
            : own;
    if (!attributes.isRegularFile()) {
      throw new RefusedFileException(file, "not a regular file (" + kind(target, attributes) + ")");
    }
    if (attributes.size() > maxBytes) {
      throw new RefusedFileException(file, tooLarge(attributes.size(), maxBytes));
    }
    return target;
  }

  /** The file's bytes, after {@link #check}; at most {@code maxBytes}. */
  public static byte[] bytes(Path root, Path file, long maxBytes) throws IOException {
    Path target = check(root, file, maxBytes);
    int limit = (int) Math.min(maxBytes, Integer.MAX_VALUE - 16);
    try (InputStream in = Files.newInputStream(target, LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = in.readNBytes(limit);
      if (in.read() != -1) {
        throw new RefusedFileException(file, "grew past " + human(maxBytes) + " while being read");
      }
      return bytes;
    }
  }

  /** The file as UTF-8 text, after {@link #check}; at most {@code maxBytes}. */
  public static String text(Path root, Path file, long maxBytes) throws IOException {
    return new String(bytes(root, file, maxBytes), StandardCharsets.UTF_8);
  }

  /**
   * A bound for a file whose size nothing in the run predicts (a CSV history): a quarter of the
   * heap, so reading it and parsing it into numbers both fit.
   */
  public static long heapShare() {
    return Math.max(1L << 20, Runtime.getRuntime().maxMemory() / 4);
  }

  /** "3.0 GiB", "512 KiB", "120 bytes". */
  public static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  private static String tooLarge(long size, long max) {
    return human(size) + ", larger than the " + human(max) + " it can be";
  }

  /** What a non-regular file is, in words (from the Unix mode bits where the platform has them). */
  private static String kind(Path file, BasicFileAttributes a) {
    if (a.isDirectory()) {
      return "a folder";
    }
    try {
      int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return switch (mode & 0170000) {
        case 0010000 -> "a FIFO (named pipe)";
        case 0020000 -> "a character device";
        case 0060000 -> "a block device";
        case 0140000 -> "a socket";
        default -> "a special file";
      };
    } catch (IOException
        | UnsupportedOperationException
        | IllegalArgumentException
        | ClassCastException e) {
      return "a special file";
    }
  }
}
