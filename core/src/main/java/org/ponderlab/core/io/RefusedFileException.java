package org.ponderlab.core.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that PonderLab will not read: not a regular file (a FIFO, a device, a folder), a symbolic
 * link leading out of the folder it belongs to, or larger than what it can hold. The message is a
 * sentence a user can act on; it names the file.
 */
public final class RefusedFileException extends IOException {
  private final transient Path file;
  private final String reason;

  public RefusedFileException(Path file, String reason) {
    super(file + ": " + reason);
    this.file = file;
    this.reason = reason;
  }

  /** Why, without the file's name (for a message that names it already). */
  public String reason() {
    return reason;
  }

  public Path file() {
    return file;
  }
}
