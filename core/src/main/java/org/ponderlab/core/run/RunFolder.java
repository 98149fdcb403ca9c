package org.ponderlab.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.ponderlab.core.train.ConfigException;

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
 * .ponderlab-run       PonderLab's mark: this folder is a run (format version inside)
 * .ponderlab-lock      the OS lock its writer holds ({@link FolderLock}): owner's pid, host, start
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

  /**
   * PonderLab's mark on a folder it made: only such a folder (or an older run, by its config.json)
   * is a run.
   */
  public static final String MARKER = ".ponderlab-run";

  /**
   * Files a new run replaces in a folder that held an earlier run (the ponder folder is emptied).
   */
  static final List<String> RUN_FILES =
      List.of(CONFIG, STATUS, METRICS, HALTING, DIFFICULTY, CHANGES, MODEL, SUMMARY, PER_HOP);

  private RunFolder() {}

  /**
   * The ponder-rows file of the snapshot at {@code iteration}, e.g. {@code ponder/000000250.csv}.
   */
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

  /** What a folder named as a run's (or a sweep cell's) output is. */
  public enum Kind {
    /** Nothing there yet. */
    ABSENT,
    /** A folder with nothing in it but PonderLab's own marker, lock or temporary files. */
    EMPTY,
    /**
     * A PonderLab run: config.json and the marker (or, from builds before the marker, PonderLab's
     * provenance in config.json).
     */
    RUN,
    /** Anything else: a file, or a folder PonderLab did not make. Never written into. */
    FOREIGN
  }

  /**
   * What {@code dir} is, judged without writing anything (symbolic links to folders are followed:
   * --out may name one).
   */
  public static Kind kind(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return Kind.ABSENT;
    }
    if (!Files.isDirectory(dir)) {
      return Kind.FOREIGN;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      if (entries.map(p -> p.getFileName().toString()).allMatch(RunFolder::isBookkeeping)) {
        return Kind.EMPTY;
      }
    } catch (IOException | UncheckedIOException e) {
      return Kind.FOREIGN;
    }
    Path config = dir.resolve(CONFIG);
    if (!Files.isRegularFile(config, LinkOption.NOFOLLOW_LINKS)) {
      return Kind.FOREIGN;
    }
    return Files.isRegularFile(dir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)
            || hasPonderLabProvenance(config)
        ? Kind.RUN
        : Kind.FOREIGN;
  }

  /**
   * The lock, the marker and interrupted atomic writes: files that say nothing about what a folder
   * holds.
   */
  static boolean isBookkeeping(String name) {
    return name.equals(FolderLock.FILE)
        || name.equals(MARKER)
        || (name.startsWith(".") && name.endsWith(".tmp"));
  }

  /**
   * A config.json written by PonderLab (before the marker existed): its provenance names
   * PonderLab's version and format.
   */
  static boolean hasPonderLabProvenance(Path config) {
    try {
      if (Files.size(config) > 16L << 20) {
        return false;
      }
      JsonNode provenance = Json.MAPPER.readTree(config.toFile()).path("provenance");
      return provenance.path("ponderlab_version").isTextual()
          && provenance.path("format_version").canConvertToInt();
    } catch (IOException | RuntimeException | StackOverflowError e) {
      return false;
    }
  }

  /**
   * Claims {@code dir} for a new run and leaves it ready for a {@link RunWriter}: the folder is new
   * or empty (created, with its missing parents, like {@code mkdir -p}), or, only with {@code
   * overwrite}, holds a PonderLab run that no process is writing, whose run files are then deleted
   * (files the user added there stay). A folder PonderLab did not make is refused even with {@code
   * overwrite}. Everything is checked before anything is written, and again under the lock.
   *
   * @param option the command-line option that named the folder, for messages ("out")
   * @return the claim, to hold while the run is written
   * @throws ConfigException for a folder that may not receive a run
   * @throws RunFolderException when another process writes it now, or its ponder folder is a link
   * @throws IOException when the folder or its lock cannot be created
   */
  public static FolderLock claimForNewRun(Path dir, boolean overwrite, String option)
      throws RunFolderException, IOException {
    checkReplaceable(dir, overwrite, option);
    OutputPaths.checkParentIsAFolder(dir, option);
    Files.createDirectories(dir);
    FolderLock lock = FolderLock.acquire(dir);
    try {
      Kind kind = checkReplaceable(dir, overwrite, option);
      if (kind == Kind.RUN) {
        clearRun(dir);
      }
      deleteTemporaryFiles(dir);
      writeMarker(dir);
      return lock;
    } catch (RunFolderException | IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private static Kind checkReplaceable(Path dir, boolean overwrite, String option)
      throws RunFolderException {
    Kind kind = kind(dir);
    switch (kind) {
      case ABSENT, EMPTY -> {
        return kind;
      }
      case FOREIGN ->
          throw new ConfigException(
              option,
              dir.toString(),
              Files.isDirectory(dir)
                  ? "it exists and is not a PonderLab run folder; PonderLab writes a run only into a new or empty folder, "
                      + "or over one of its own runs with --overwrite"
                  : "it exists and is not a folder");
      default -> {
        // a run: below
      }
    }
    StatusFile status = StatusFile.read(dir).orElse(null);
    if (status != null && status.status().equals("running") && status.writerIsAlive()) {
      throw new ConfigException(
          option, dir.toString(), "a run is being trained there right now; choose another folder");
    }
    if (!overwrite) {
      String what =
          status == null
              ? "a run"
              : "a " + status.status() + " run (" + status.iteration() + " iterations)";
      throw new ConfigException(
          option,
          dir.toString(),
          "it already holds "
              + what
              + "; continue it with --resume, choose another folder, or replace it with --overwrite");
    }
    checkInside(dir);
    return kind;
  }

  /**
   * Refuses a run folder whose ponder folder is a symbolic link or not a folder: PonderLab deletes
   * and writes files in it, and never outside the run folder.
   */
  static void checkInside(Path dir) throws RunFolderException {
    for (String sub : List.of(PONDER_DIR, RunEvaluations.DIR)) {
      Path inner = dir.resolve(sub);
      if (Files.exists(inner, LinkOption.NOFOLLOW_LINKS)
          && !Files.isDirectory(inner, LinkOption.NOFOLLOW_LINKS)) {
        throw new RunFolderException(
            dir,
            sub,
            RunFolderException.Problem.DAMAGED,
            (Files.isSymbolicLink(inner) ? "it is a symbolic link" : "it is not a folder")
                + "; PonderLab writes only inside the run folder, so it leaves this run alone (make "
                + sub
                + " a real folder to continue it)");
      }
    }
  }

  /** Marks {@code dir} as a PonderLab run folder (format {@link Provenance#FORMAT_VERSION}). */
  static void writeMarker(Path dir) throws IOException {
    Path marker = dir.resolve(MARKER);
    if (Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("format", "ponderlab-run");
    doc.put("format_version", Provenance.FORMAT_VERSION);
    doc.put("ponderlab_version", Provenance.PONDERLAB_VERSION);
    AtomicFiles.write(marker, Json.write(doc));
  }

  /** Deletes the run files a previous run left in {@code dir} (only those; anything else stays). */
  static void clearRun(Path dir) throws IOException, RunFolderException {
    checkInside(dir);
    for (String f : RUN_FILES) {
      Files.deleteIfExists(dir.resolve(f));
    }
    deleteNamed(
        dir.resolve(PONDER_DIR), name -> ponderIteration(name) >= 0 || name.equals("inputs.csv"));
    // evaluations of the replaced model describe a model that is gone
    Path evaluations = dir.resolve(RunEvaluations.DIR);
    deleteNamed(evaluations, RunEvaluations::isEvaluationFile);
    if (Files.isDirectory(evaluations, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> left = Files.list(evaluations)) {
        if (left.findAny().isEmpty()) {
          Files.delete(evaluations);
        }
      }
    }
    deleteTemporaryFiles(dir);
  }

  /** Deletes temporary files an interrupted atomic write left behind ({@code .name.*.tmp}). */
  static void deleteTemporaryFiles(Path dir) throws IOException {
    for (Path d : List.of(dir, dir.resolve(PONDER_DIR), dir.resolve(RunEvaluations.DIR))) {
      deleteNamed(d, name -> name.startsWith(".") && name.endsWith(".tmp"));
    }
  }

  /**
   * Deletes the files of {@code dir} (a real folder, not a link; else nothing) whose names match.
   */
  private static void deleteNamed(Path dir, java.util.function.Predicate<String> which)
      throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        if (which.test(p.getFileName().toString())) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
