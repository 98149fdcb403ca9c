package org.ponderlab.core.task.mnist;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An IDX file that cannot be used: wrong magic number, wrong number of dimensions, a length that
 * does not match its header, a truncated gzip stream, or a pair of files that do not belong
 * together. The message always starts with the file, so a user can tell which download is broken.
 */
final class IdxFormatException extends IOException {
  private final Path file;

  public IdxFormatException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  public IdxFormatException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** The file at fault (the first of the pair when two files disagree). */
  public Path file() {
    return file;
  }
}
