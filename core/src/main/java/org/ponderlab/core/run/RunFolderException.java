package org.ponderlab.core.run;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.ponderlab.core.io.BoundedRead;
import org.ponderlab.core.io.RefusedFileException;

/**
 * A run folder that cannot be opened or continued. The message names the folder, the file and what
 * is wrong in words a user can act on; {@link #problem()} tells the command line which exit status
 * fits (a wrong argument is the user's typo, a damaged file is not).
 */
public final class RunFolderException extends Exception {
  /** What kind of trouble the folder is in. */
  public enum Problem {
    /** The path does not exist or is not a folder. */
    NOT_FOUND,
    /** A folder, but not a PonderLab run (no config.json). */
    NOT_A_RUN,
    /** Written by a newer PonderLab whose format this build does not know. */
    TOO_NEW,
    /** A file of the run is missing, unreadable or inconsistent. */
    DAMAGED,
    /** The run cannot be continued as asked (still training elsewhere, nothing to continue). */
    CANNOT_CONTINUE
  }

  private final Path folder;
  private final String file;
  private final Problem problem;

  public RunFolderException(Path folder, String file, Problem problem, String what) {
    this(folder, file, problem, what, null);
  }

  public RunFolderException(
      Path folder, String file, Problem problem, String what, Throwable cause) {
    super(describe(folder, file, what), cause);
    this.folder = folder;
    this.file = file;
    this.problem = problem;
  }

  /**
   * A file of the folder that could not be read: refused by {@link BoundedRead} (not a regular
   * file, a link leading out, too large), malformed JSON, or an I/O error, in words.
   */
  static RunFolderException unreadable(Path folder, String file, IOException e) {
    String what;
    if (e instanceof RefusedFileException refused) {
      what = "refused: it is " + refused.reason();
    } else if (e instanceof Json.Malformed) {
      what = e.getMessage();
    } else if (e instanceof NoSuchFileException) {
      what = "the file is missing";
    } else {
      what = "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
    }
    return new RunFolderException(folder, file, Problem.DAMAGED, what, e);
  }

  private static String describe(Path folder, String file, String what) {
    return file == null
        ? "run folder " + folder + ": " + what
        : "run folder " + folder + ", " + file + ": " + what;
  }

  public Path folder() {
    return folder;
  }

  /** The file at fault (relative to the folder), or null when the folder itself is. */
  public String file() {
    return file;
  }

  public Problem problem() {
    return problem;
  }
}
