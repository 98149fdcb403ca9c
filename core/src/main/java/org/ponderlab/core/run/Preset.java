package org.ponderlab.core.run;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ponderlab.core.train.TrainingConfig;

/**
 * A named setup: a paper's configuration, a teaching scenario or a user's own. Stored as JSON:
 *
 * <pre>
 * {
 *   "name": "000-parity",
 *   "description": "what it shows",
 *   "source": "which paper, which section",
 *   "settings": { "lambda-p": "0.2", ... },    command-line names → values; the rest default
 *   "compare": [ { "method": "pondernet" } ]  optional: runs to overlay, as changes of settings
 * }
 * </pre>
 *
 * @param name file name without .json; letters, digits, '.', '_' and '-'
 * @param description one or two sentences for the window and --help
 * @param source the paper and section the values come from ("" for a user's own)
 * @param settings setting values by command-line name (validated when loaded)
 * @param compare companion runs to overlay, each a map of settings that differ (may be empty)
 * @param user whether it is one of the user's presets (false: shipped with the lab)
 * @param file where it was read from
 */
public record Preset(
    String name,
    String description,
    String source,
    Map<String, String> settings,
    List<Map<String, String>> compare,
    boolean user,
    Path file) {

  public Preset {
    settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    compare =
        compare.stream()
            .map(m -> java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m)))
            .toList();
  }

  /** The preset's settings with {@code overrides} on top (explicit options win), validated. */
  public TrainingConfig config(Map<String, String> overrides) {
    Map<String, String> values = new LinkedHashMap<>(settings);
    values.putAll(overrides);
    return TrainingConfig.fromText(values);
  }

  /** The preset's own config. */
  public TrainingConfig config() {
    return config(Map.of());
  }
}
