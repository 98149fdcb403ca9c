package org.ponderlab.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The files of a run folder, and the check that a folder may receive a run.
 *
 * <pre>
 * config.json          settings, provenance, command line; resumes appended (written at start)
 * status.json          running | finished | stopped | failed, message, iteration, pid, host
 * metrics.csv          a row per snapshot (written last of the snapshot's text files: a row
 *                      here means the snapshot's rows in the other files are complete)
 * halting.csv          per snapshot and step n: histogram count, prior, mean p_n, accuracy at n
 * difficulty.csv       per snapshot and difficulty: accuracy and mean steps
 * changes.csv          mid-run setting changes
 * ponder/inputs.csv    the ponder map's fixed validation inputs (index, difficulty, label, x…)
 * ponder/NNNNNNNNN.csv the ponder rows of the snapshot at that iteration
 * model.bin            parameters + Adam state at the last snapshot ({@link ModelFile})
 * summary.json         the outcome, when the run ends
 * </pre>
 *
 * Every file is written whole through {@link AtomicFiles}, in that order within a snapshot
 * (details, metrics.csv, model.bin, status.json), so a run killed at any moment reopens with
 * everything up to its last snapshot, and continues from model.bin.
 */
public final class RunFolder {
  public static final String CONFIG = "config.json";
  public static final String STATUS = "status.json";
  public static final String METRICS = "metrics.csv";
  public static final String HALTING = "halting.csv";
  public static final String DIFFICULTY = "difficulty.csv";
  public static final String CHANGES = "changes.csv";
  public static final String PONDER_DIR = "ponder";
  public static final String PONDER_INPUTS = "ponder/inputs.csv";
  public static final String MODEL = "model.bin";
  public static final String SUMMARY = "summary.json";
  /** C-PVR runs: accuracy and mean steps per hop count at the end of the run. */
  public static final String PER_HOP = "per_hop.csv";

  /** Files a new run replaces in a folder that held an earlier run (the ponder folder is emptied). */
  static final List<String> RUN_FILES = List.of(CONFIG, STATUS, METRICS, HALTING, DIFFICULTY, CHANGES, MODEL, SUMMARY);

  private RunFolder() {}

  /** The ponder-rows file of the snapshot at {@code iteration}, e.g. {@code ponder/000000250.csv}. */
  public static String ponderFile(long iteration) {
    return PONDER_DIR + "/" + String.format(Locale.ROOT, "%09d", iteration) + ".csv";
  }

  /** The iteration of a ponder-rows file name ({@code 000000250.csv}), or -1 for another file. */
  static long ponderIteration(String fileName) {
    if (!fileName.matches("\\d{9,}\\.csv")) {
      return -1;
    }
    return Long.parseLong(fileName.substring(0, fileName.length() - 4));
  }

  /**
   * Whether a run may be written to {@code dir}: it does not exist, is empty, or already holds a
   * run (which is then replaced). Anything else is refused, so a typo in --out can never scatter
   * files into, say, a home folder.
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

  /** Deletes the run files a previous run left in {@code dir} (only those; anything else stays). */
  static void clearRun(Path dir) throws IOException {
    for (String f : RUN_FILES) {
      Files.deleteIfExists(dir.resolve(f));
    }
    Path ponder = dir.resolve(PONDER_DIR);
    if (Files.isDirectory(ponder)) {
      try (Stream<Path> files = Files.list(ponder)) {
        for (Path p : files.toList()) {
          String name = p.getFileName().toString();
          if (ponderIteration(name) >= 0 || name.equals("inputs.csv")) {
            Files.delete(p);
          }
        }
      }
    }
    deleteTemporaryFiles(dir);
  }

  /** Deletes temporary files an interrupted atomic write left behind ({@code .name.*.tmp}). */
  static void deleteTemporaryFiles(Path dir) throws IOException {
    for (Path d : List.of(dir, dir.resolve(PONDER_DIR))) {
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (Stream<Path> files = Files.list(d)) {
        for (Path p : files.toList()) {
          String name = p.getFileName().toString();
          if (name.startsWith(".") && name.endsWith(".tmp")) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }
}
