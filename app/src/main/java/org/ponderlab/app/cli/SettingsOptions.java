package org.ponderlab.app.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ponderlab.core.train.ConfigField;
import org.ponderlab.core.train.ConfigFields;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Adds one command-line option per setting of the {@link ConfigFields} catalogue, documented with
 * its default and allowed range, so the command line can never drift from the window's form.
 */
public final class SettingsOptions {
  private SettingsOptions() {}

  public static void addTo(CommandSpec spec) {
    for (ConfigField f : ConfigFields.all()) {
      String used =
          f.methods().isEmpty()
              ? ""
              : " [" + String.join(", ", f.methods().stream().sorted().toList()) + "]";
      String def = f.defaultText().isEmpty() ? "none" : f.defaultText();
      spec.addOption(
          OptionSpec.builder("--" + f.name())
              .paramLabel("<" + f.name() + ">")
              .type(String.class)
              .description(
                  f.description() + used + " (default: " + def + "; allowed: " + f.range() + ")")
              .build());
    }
  }

  /** The settings the user typed, keyed by name, as text (validated later by TrainingConfig). */
  public static Map<String, String> matched(ParseResult result) {
    Map<String, String> values = new LinkedHashMap<>();
    for (ConfigField f : ConfigFields.all()) {
      OptionSpec o = result.matchedOption("--" + f.name());
      if (o != null) {
        values.put(f.name(), o.getValue());
      }
    }
    return values;
  }
}
