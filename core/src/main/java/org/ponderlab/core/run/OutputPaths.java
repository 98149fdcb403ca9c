package org.ponderlab.core.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.ponderlab.core.train.ConfigException;

/**
 * The checks every file PonderLab writes on request (export, plot, a sweep's or comparison's
 * tables) passes before any work: outputs never land on inputs, never replace a file without {@code
 * --overwrite}, never go where a folder is, never create folders the user did not ask for, and are
 * written in the format their extension names. Each refusal is a {@link ConfigException} naming the
 * option, the path and what to do instead.
 */
public final class OutputPaths {
  /** File systems allow 255 bytes per name; the temporary name of an atomic write adds about 25. */
  public static final int MAX_NAME_BYTES = 200;

  private OutputPaths() {}

  /**
   * Checks a file about to be written.
   *
   * @param option the option that named it, e.g. "out"
   * @param extensions the allowed extensions, lower case with the dot (".png")
   * @param overwrite whether an existing file may be replaced
   */
  public static void checkNewFile(
      Path file, String option, List<String> extensions, boolean overwrite) {
    checkName(file, option);
    if (Files.isDirectory(file)) {
      throw new ConfigException(
          option,
          file.toString(),
          "it is a folder; give a file name, e.g. " + file.resolve("out" + extensions.get(0)));
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (extensions.stream().noneMatch(name::endsWith)) {
      throw new ConfigException(
          option,
          file.toString(),
          "the format follows the extension: give a name ending in "
              + String.join(" or ", extensions));
    }
    Path parent = file.toAbsolutePath().getParent();
    if (!Files.exists(parent)) {
      throw new ConfigException(
          option, file.toString(), "its folder " + parent + " does not exist; create it first");
    }
    if (!Files.isDirectory(parent)) {
      throw new ConfigException(option, file.toString(), parent + " is not a folder");
    }
    Path run = enclosingRun(parent);
    if (run != null) {
      throw new ConfigException(
          option,
          file.toString(),
          "it is inside the run folder "
              + run
              + "; PonderLab never writes its outputs among a run's own files (write it outside the run folder)");
    }
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !overwrite) {
      throw new ConfigException(
          option, file.toString(), "the file exists; add --overwrite to replace it");
    }
  }

  /**
   * Checks a folder about to be created: its name fits the file system, its nearest existing
   * ancestor is a folder.
   */
  public static void checkParentIsAFolder(Path dir, String option) {
    checkName(dir, option);
    for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        if (!Files.isDirectory(p)) {
          throw new ConfigException(option, dir.toString(), p + " is a file, not a folder");
        }
        return;
      }
    }
  }

  private static void checkName(Path path, String option) {
    Path name = path.toAbsolutePath().normalize().getFileName();
    if (name == null) {
      throw new ConfigException(
          option, path.toString(), "give a file or folder name, not the root");
    }
    int bytes = name.toString().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_NAME_BYTES) {
      throw new ConfigException(
          option,
          abbreviate(path.toString()),
          "the name is "
              + bytes
              + " bytes long; at most "
              + MAX_NAME_BYTES
              + " (file systems allow 255 per name)");
    }
  }

  /** The run folder that holds {@code dir} (or is it), or null. */
  public static Path enclosingRun(Path dir) {
    Path real;
    try {
      real = dir.toRealPath();
    } catch (java.io.IOException e) {
      real = dir.toAbsolutePath().normalize();
    }
    for (Path p = real; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve(RunFolder.MARKER))
          || (Files.isRegularFile(p.resolve(RunFolder.CONFIG))
              && RunFolder.hasPonderLabProvenance(p.resolve(RunFolder.CONFIG)))) {
        return p;
      }
    }
    return null;
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 60) + "…" + s.substring(s.length() - 15);
  }
}
