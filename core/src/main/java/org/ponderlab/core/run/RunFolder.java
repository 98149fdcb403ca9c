package org.ponderlab.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The files of a run folder, and the check that a folder may receive a run. */
public final class RunFolder {
  public static final String CONFIG = "config.json";
  public static final String METRICS = "metrics.csv";
  public static final String HALTING = "halting.csv";
  public static final String PONDER = "ponder.csv";
  public static final String SUMMARY = "summary.json";
  public static final String STATUS = "status.json";

  private RunFolder() {}

  /**
   * Whether a run may be written to {@code dir}: it does not exist, is empty, or already holds a
   * run (which is then replaced file by file). Anything else is refused, so a typo in --out can
   * never scatter files into, say, a home folder.
   *
   * @return null if fine, otherwise the reason
   */
  public static String checkWritable(Path dir) {
    if (!Files.exists(dir)) {
      return null;
    }
    if (!Files.isDirectory(dir)) {
      return "it exists and is not a folder";
    }
    if (Files.exists(dir.resolve(CONFIG))) {
      return null;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isPresent()
          ? "it exists and is not a PonderLab run folder (no " + CONFIG + "); choose a new or empty folder"
          : null;
    } catch (IOException e) {
      return "it cannot be read: " + e.getMessage();
    }
  }
}
