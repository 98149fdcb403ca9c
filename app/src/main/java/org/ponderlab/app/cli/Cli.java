package org.ponderlab.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ponderlab.core.run.PresetException;
import org.ponderlab.core.run.Presets;
import org.ponderlab.core.run.RunFolderException;
import org.ponderlab.core.run.RunReader;
import org.ponderlab.core.run.SavedRun;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.TrainingConfig;

/** Conventions shared by the sub-commands. */
final class Cli {
  /** picocli's and the shell's usual status for a bad argument. */
  static final int BAD_VALUE = 2;

  /** A run or file that exists but is damaged, too new, or failed while training. */
  static final int FAILED = 1;

  private Cli() {}

  static int badValue(ConfigException e) {
    System.err.println("error: --" + e.getMessage());
    return BAD_VALUE;
  }

  static int badPreset(PresetException e) {
    System.err.println("error: " + e.getMessage());
    return BAD_VALUE;
  }

  /**
   * A folder that is not a run or cannot continue is a wrong argument (2); a damaged or too new one
   * is not the user's typo (1).
   */
  /**
   * A run folder opened for the model it trained ({@code evaluate}, {@code inspect}, {@code bench
   * --inference}), or, when it can't be, the exit status after the message was printed.
   */
  record TrainedRun(SavedRun run, int exitStatus) {}

  static TrainedRun openTrained(Path folder) {
    SavedRun saved;
    try {
      saved = RunReader.open(folder);
    } catch (RunFolderException e) {
      return new TrainedRun(null, runFolder(e));
    }
    if (saved.finalParameters() == null) {
      System.err.println(
          "error: "
              + folder
              + " has no saved model yet (model.bin is written at the first snapshot)");
      return new TrainedRun(null, BAD_VALUE);
    }
    return new TrainedRun(saved, 0);
  }

  static int runFolder(RunFolderException e) {
    System.err.println("error: " + e.getMessage());
    return switch (e.problem()) {
      case NOT_FOUND, NOT_A_RUN, CANNOT_CONTINUE -> BAD_VALUE;
      case TOO_NEW, DAMAGED -> FAILED;
    };
  }

  /**
   * A file-system error outside training (a read-only folder, a full disk, a name too long): one
   * line naming what was being written and why it failed, exit status 1.
   */
  static int ioError(String what, java.io.IOException e) {
    System.err.println("error: could not " + what + ": " + describe(e));
    return FAILED;
  }

  /** An I/O error in words, without the exception's class name. */
  static String describe(java.io.IOException e) {
    if (e instanceof java.nio.file.FileSystemException fs) {
      String reason =
          fs instanceof java.nio.file.AccessDeniedException
              ? "permission denied"
              : fs instanceof java.nio.file.NoSuchFileException
                  ? "no such file or folder"
                  : fs instanceof java.nio.file.FileAlreadyExistsException
                      ? "a file of that name exists"
                      : fs instanceof java.nio.file.NotDirectoryException
                          ? "not a folder"
                          : fs.getReason() == null ? "failed" : fs.getReason();
      return (fs.getFile() == null ? "" : fs.getFile() + ": ") + reason;
    }
    return e.getMessage() == null ? "input/output error" : e.getMessage();
  }

  /** The preset's settings (if any) with the typed options on top, validated. */
  static TrainingConfig config(String preset, Map<String, String> typed) {
    if (preset == null) {
      return TrainingConfig.fromText(typed);
    }
    return Presets.load(preset).config(typed);
  }

  /** The settings as a reproducible command line: every setting spelled out. */
  static List<String> commandLine(
      String command, TrainingConfig config, Map<String, String> extra) {
    List<String> line = new ArrayList<>(List.of("ponderlab", command));
    config
        .toText()
        .forEach(
            (k, v) -> {
              line.add("--" + k);
              line.add(v);
            });
    extra.forEach(
        (k, v) -> {
          line.add(k);
          if (v != null) {
            line.add(v);
          }
        });
    return line;
  }

  static Map<String, String> map(String... keyValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return m;
  }
}
