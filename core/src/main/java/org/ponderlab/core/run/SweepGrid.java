package org.ponderlab.core.run;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.ConfigField;
import org.ponderlab.core.train.ConfigFields;
import org.ponderlab.core.train.MemoryEstimate;
import org.ponderlab.core.train.TrainingConfig;

/**
 * A grid of settings to train: any setting of the {@link ConfigFields} catalogue given as a comma
 * list ({@code 0.05,0.1,0.2}) is swept, the others are fixed. Axes come in catalogue order (so a
 * cell's folder name does not depend on the order options were typed), values in the order given.
 * Every value and every cell's config is validated when the grid is built, before anything runs.
 */
public final class SweepGrid {
  private final Map<String, List<String>> axes;
  private final Map<String, String> fixed;
  private final List<SweepCell> cells;

  private SweepGrid(
      Map<String, List<String>> axes, Map<String, String> fixed, List<SweepCell> cells) {
    this.axes = axes;
    this.fixed = fixed;
    this.cells = cells;
  }

  /**
   * @param base settings every cell shares before the typed ones (a preset's), single values
   * @param typed the typed settings by command-line name, each a value or a comma list
   * @throws ConfigException naming the setting, the bad value and the allowed range; or when no
   *     setting is a list
   */
  public static SweepGrid of(Map<String, String> base, Map<String, String> typed) {
    Map<String, List<String>> listed = new LinkedHashMap<>();
    Map<String, String> fixed = new LinkedHashMap<>(base);
    for (Map.Entry<String, String> e : typed.entrySet()) {
      ConfigField field = ConfigFields.get(e.getKey());
      List<String> values = Arrays.stream(e.getValue().split(",", -1)).map(String::trim).toList();
      List<String> normalised = new ArrayList<>();
      for (String v : values) {
        String n = normalise(field, v);
        if (normalised.contains(n)) {
          throw new ConfigException(
              field.name(), e.getValue(), "the value " + v + " is listed twice");
        }
        normalised.add(n);
      }
      if (normalised.size() == 1) {
        fixed.put(field.name(), normalised.get(0));
      } else {
        listed.put(field.name(), normalised);
      }
    }
    if (listed.isEmpty()) {
      throw new ConfigException(
          "sweep",
          String.join(" ", typed.keySet()),
          "give at least one setting as a comma list, e.g. --lambda-p 0.1,0.2 --beta 0.01,0.1");
    }
    Map<String, List<String>> axes = new LinkedHashMap<>();
    for (ConfigField f : ConfigFields.all()) {
      if (listed.containsKey(f.name())) {
        axes.put(f.name(), List.copyOf(listed.get(f.name())));
        fixed.remove(f.name());
      }
    }
    List<SweepCell> cells = new ArrayList<>();
    List<Map<String, String>> combos = new ArrayList<>();
    combos.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> c : combos) {
        for (String v : axis.getValue()) {
          Map<String, String> m = new LinkedHashMap<>(c);
          m.put(axis.getKey(), v);
          next.add(m);
        }
      }
      combos = next;
    }
    for (Map<String, String> values : combos) {
      Map<String, String> settings = new LinkedHashMap<>(fixed);
      settings.putAll(values);
      TrainingConfig config;
      try {
        config = TrainingConfig.fromText(settings);
        MemoryEstimate.check(config); // the whole grid is checked before any cell runs
      } catch (ConfigException e) {
        throw new ConfigException(
            e.field(), e.value(), e.allowed() + " (in the cell " + cellName(values) + ")");
      }
      cells.add(new SweepCell(cells.size(), cellName(values), values, config));
    }
    SweepGrid grid = new SweepGrid(axes, fixed, List.copyOf(cells));
    if (!grid.namesAreDistinct()) { // only on a hash collision: names are injective otherwise
      throw new ConfigException(
          "sweep", String.join(" ", typed.keySet()), "two cells would share a folder name");
    }
    return grid;
  }

  /** A value as the field parses it, written the same way whatever the user typed (0.10 → 0.1). */
  static String normalise(ConfigField field, String text) {
    Object v = field.parse(text);
    if (v instanceof Double d) {
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    return v.toString();
  }

  /**
   * The cell's folder name, {@code cell-<setting>=<value>_…}, injective over a grid: a value with
   * characters a file name should not hold has them replaced by '_', and the name then ends in '~'
   * and a hash of the exact values (a plain name has no '~', so the two kinds never meet); a name
   * longer than {@link #MAX_NAME} characters is cut and ends the same way.
   */
  static String cellName(Map<String, String> values) {
    return fileSafeName("cell-", values, MAX_NAME);
  }

  /**
   * {@code <prefix><setting>=<value>_…} as a file name, injective over settings' values (see {@link
   * #cellName}): the sweep's cell folders and its heat maps per slice are named this way.
   */
  public static String fileSafeName(String prefix, Map<String, String> values, int maxLength) {
    List<String> parts = new ArrayList<>();
    StringBuilder exact = new StringBuilder();
    boolean lossy = false;
    for (Map.Entry<String, String> e : values.entrySet()) {
      String safe = e.getValue().replaceAll("[^A-Za-z0-9._-]", "_");
      lossy |= !safe.equals(e.getValue());
      parts.add(e.getKey() + "=" + safe);
      exact.append(e.getKey()).append('\0').append(e.getValue()).append('\0');
    }
    String name = prefix + String.join("_", parts);
    if (!lossy && name.length() <= maxLength) {
      return name;
    }
    return name.substring(0, Math.min(name.length(), maxLength - 11))
        + "~"
        + hash(exact.toString());
  }

  /**
   * Longest cell folder name (ASCII): well under the 255 bytes file systems allow, with room for
   * temporary names.
   */
  static final int MAX_NAME = 160;

  private static String hash(String text) {
    try {
      byte[] d =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d, 0, 5);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /** The swept settings and their values, in catalogue order. */
  public Map<String, List<String>> axes() {
    return java.util.Collections.unmodifiableMap(axes);
  }

  /** The settings every cell shares (the preset's and the single-valued typed ones). */
  public Map<String, String> fixed() {
    return java.util.Collections.unmodifiableMap(fixed);
  }

  public List<SweepCell> cells() {
    return cells;
  }

  /** Names of the swept settings. */
  public List<String> axisNames() {
    return List.copyOf(axes.keySet());
  }

  /** Every distinct folder name (a check that no two cells collide after normalising). */
  boolean namesAreDistinct() {
    return new LinkedHashSet<>(cells.stream().map(SweepCell::name).toList()).size() == cells.size();
  }
}
