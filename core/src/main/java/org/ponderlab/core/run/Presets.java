package org.ponderlab.core.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ponderlab.core.train.TrainingConfig;

/**
 * The lab's presets, where the launcher put them: shipped ones in {@code
 * ${ponderlab.home}/assets/presets} (falling back to {@code assets/presets} under the working
 * folder), the user's in {@code ${ponderlab.user.presets}} (default {@code ~/.ponderlab/presets}).
 * See {@link Preset} for the file format and {@link PresetLibrary} to use other folders.
 */
public final class Presets {
  private Presets() {}

  /** The library of the folders above, resolved now (system properties may change in tests). */
  public static PresetLibrary library() {
    return new PresetLibrary(shippedFolder(), userFolder());
  }

  public static List<Preset> list() {
    return library().list();
  }

  /**
   * @throws org.ponderlab.core.train.ConfigException (field {@code preset}) for an unknown name
   */
  public static Preset load(String name) {
    return library().load(name);
  }

  public static Path save(String name, String description, TrainingConfig config) {
    return library().save(name, description, config);
  }

  /** Saves, replacing a user preset of that name if {@code overwrite} (a shipped one never). */
  public static Path save(
      String name, String description, TrainingConfig config, boolean overwrite) {
    return library().save(name, description, config, overwrite);
  }

  public static boolean hasUserPreset(String name) {
    return library().hasUserPreset(name);
  }

  static Path shippedFolder() {
    String home = System.getProperty("ponderlab.home");
    if (home != null && !home.isBlank()) {
      Path p = Path.of(home, "assets", "presets");
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    return Path.of("assets", "presets").toAbsolutePath();
  }

  static Path userFolder() {
    String dir = System.getProperty("ponderlab.user.presets");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir);
    }
    return Path.of(System.getProperty("user.home"), ".ponderlab", "presets");
  }
}
