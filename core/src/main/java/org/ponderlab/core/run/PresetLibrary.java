package org.ponderlab.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.ConfigFields;
import org.ponderlab.core.train.TrainingConfig;

/**
 * The presets of two folders: the ones shipped with the lab (read only) and the user's own (where
 * {@link #save} writes). A user preset may not take a shipped preset's name.
 */
public final class PresetLibrary {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final Path shipped;
  private final Path user;

  /**
   * @param shipped folder of the lab's presets (may not exist)
   * @param user folder of the user's presets (created on the first save)
   */
  public PresetLibrary(Path shipped, Path user) {
    this.shipped = shipped;
    this.user = user;
  }

  public Path shippedFolder() {
    return shipped;
  }

  public Path userFolder() {
    return user;
  }

  /** Every preset: the shipped ones, then the user's, each sorted by name. */
  public List<Preset> list() {
    List<Preset> all = new ArrayList<>(readFolder(shipped, false));
    all.addAll(readFolder(user, true));
    return all;
  }

  /** The preset of that name (shipped first, then the user's). */
  public Preset load(String name) {
    for (Path dir : List.of(shipped, user)) {
      Path file = dir.resolve(name + ".json");
      if (NAME.matcher(name).matches() && Files.isRegularFile(file)) {
        return read(file, dir.equals(user) && !dir.equals(shipped));
      }
    }
    // the names come from the file names alone: a malformed preset elsewhere has nothing to do with
    // a typo
    List<String> names = new ArrayList<>(fileNames(shipped));
    names.addAll(fileNames(user));
    throw new ConfigException(
        "preset",
        name,
        names.isEmpty()
            ? "no presets found in " + shipped + " or " + user
            : "no preset named '" + name + "'; known: " + String.join(", ", names));
  }

  /** The preset names in a folder, from its {@code NAME.json} file names (nothing is parsed). */
  private static List<String> fileNames(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .map(n -> n.substring(0, n.length() - ".json".length()))
          .filter(n -> NAME.matcher(n).matches())
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * Saves a setup as a new user preset ({@link #save(String, String, TrainingConfig, boolean)},
   * never replacing one).
   */
  public Path save(String name, String description, TrainingConfig config) {
    return save(name, description, config, false);
  }

  /**
   * Saves a setup as a user preset (every setting, so it stays the same when defaults change). A
   * name typed as a file name ({@code mine.json}) is the preset {@code mine}. Errors name the
   * {@code save} option.
   *
   * @param overwrite replace a user preset of that name (a shipped one is never replaced)
   * @return the file written
   */
  /**
   * Whether the user has a preset of that name (a name typed as {@code mine.json} is {@code mine}).
   */
  public boolean hasUserPreset(String name) {
    return Files.exists(
        user.resolve(withoutJson(name) + ".json"), java.nio.file.LinkOption.NOFOLLOW_LINKS);
  }

  private static String withoutJson(String name) {
    return name.toLowerCase(java.util.Locale.ROOT).endsWith(".json")
        ? name.substring(0, name.length() - ".json".length())
        : name;
  }

  public Path save(String name, String description, TrainingConfig config, boolean overwrite) {
    name = withoutJson(name);
    if (!NAME.matcher(name).matches()) {
      throw new ConfigException(
          "save",
          name,
          "a preset name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    if (Files.exists(shipped.resolve(name + ".json"))) {
      throw new ConfigException("save", name, "a shipped preset has that name; choose another");
    }
    Path file = user.resolve(name + ".json");
    if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !overwrite) {
      throw new ConfigException(
          "save",
          name,
          "you already have a preset of that name ("
              + file
              + "); choose another name, or add --overwrite to replace it");
    }
    if (Files.isDirectory(file)) {
      throw new ConfigException("save", name, file + " is a folder");
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("name", name);
    doc.put("description", description == null ? "" : description);
    doc.put("source", "saved by the user on " + LocalDate.now());
    doc.put("settings", config.toText());
    try {
      Files.createDirectories(user);
      AtomicFiles.write(file, Json.write(doc));
    } catch (IOException e) {
      throw new PresetException(
          "--save: could not save the preset " + name + " in " + user + ": " + e.getMessage(), e);
    }
    return file;
  }

  private static List<Preset> readFolder(Path dir, boolean user) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".json"))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .map(p -> read(p, user))
          .toList();
    } catch (IOException e) {
      throw new PresetException("cannot list the presets in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Reads and checks one preset file: known setting names, values in range. */
  static Preset read(Path file, boolean user) {
    String fileName = file.getFileName().toString();
    String expected = fileName.substring(0, fileName.length() - ".json".length());
    JsonNode root;
    try {
      root = Json.read(file.getParent(), file);
    } catch (Json.Malformed e) {
      throw new PresetException("preset file " + file + " is " + e.getMessage(), e);
    } catch (IOException e) {
      throw new PresetException("cannot read the preset file " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.path("settings").isObject()) {
      throw new PresetException("preset file " + file + " has no settings object");
    }
    String name = root.path("name").asText(expected);
    if (!name.equals(expected)) {
      throw new PresetException(
          "preset file "
              + file
              + " names itself '"
              + name
              + "'; the name must match the file name");
    }
    Map<String, String> settings = settingsOf(file, root.get("settings"));
    List<Map<String, String>> compare = new ArrayList<>();
    for (JsonNode c : root.path("compare")) {
      compare.add(settingsOf(file, c));
    }
    Preset preset =
        new Preset(
            name,
            root.path("description").asText(""),
            root.path("source").asText(""),
            settings,
            compare,
            user,
            file);
    try {
      preset.config();
      for (Map<String, String> c : compare) {
        preset.config(c);
      }
    } catch (ConfigException e) {
      throw new PresetException("preset file " + file + ": " + e.getMessage(), e);
    }
    return preset;
  }

  private static Map<String, String> settingsOf(Path file, JsonNode node) {
    Map<String, String> settings = new LinkedHashMap<>();
    var fields = node.fields();
    while (fields.hasNext()) {
      var e = fields.next();
      try {
        ConfigFields.get(e.getKey());
      } catch (ConfigException unknown) {
        throw new PresetException(
            "preset file " + file + " has an unknown setting '" + e.getKey() + "'");
      }
      settings.put(
          e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
    }
    return settings;
  }
}
