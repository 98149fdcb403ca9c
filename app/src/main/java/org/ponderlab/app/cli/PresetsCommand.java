package org.ponderlab.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ponderlab.core.run.Preset;
import org.ponderlab.core.run.PresetException;
import org.ponderlab.core.run.PresetLibrary;
import org.ponderlab.core.run.Presets;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ponderlab presets}: lists the presets (shipped and the user's), shows one as a command
 * line, or saves the typed settings as a user preset.
 */
@Command(
    name = "presets",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "List the presets, show one (presets NAME), or save a setup of your own:",
      "  ponderlab presets --save my-setup --description \"β a bit higher\" --preset 000-parity --beta 0.03"
    })
public final class PresetsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "NAME", description = "the preset to show")
  String show;

  @Option(
      names = "--save",
      paramLabel = "NAME",
      description = "save the typed settings (on top of --preset, if given) as a user preset")
  String save;

  @Option(names = "--overwrite", description = "with --save: replace your preset of that name")
  boolean overwrite;

  @Option(
      names = "--description",
      paramLabel = "TEXT",
      description = "with --save: what the preset is for")
  String description = "";

  @Option(
      names = "--preset",
      paramLabel = "NAME",
      description = "with --save: start from this preset")
  String base;

  @Override
  public Integer call() {
    PresetLibrary library = Presets.library();
    try {
      if (save != null) {
        TrainingConfig config =
            Cli.config(base, SettingsOptions.matched(spec.commandLine().getParseResult()));
        Path file = library.save(save, description, config, overwrite);
        String fileName = file.getFileName().toString();
        System.out.println(
            "saved " + fileName.substring(0, fileName.length() - ".json".length()) + " in " + file);
        return 0;
      }
      if (show != null) {
        Preset p = library.load(show);
        System.out.println(p.name() + (p.user() ? " (yours)" : ""));
        System.out.println("  " + p.description());
        if (!p.source().isEmpty()) {
          System.out.println("  source: " + p.source());
        }
        List<String> line = new ArrayList<>(List.of("ponderlab", "train", "--preset", p.name()));
        System.out.println("  run it: " + String.join(" ", line) + " --out runs/" + p.name());
        System.out.println("  settings: " + settingsText(p.settings()));
        for (Map<String, String> c : p.compare()) {
          System.out.println("  compare with: " + settingsText(c));
        }
        return 0;
      }
      List<Preset> all = library.list();
      int width = all.stream().mapToInt(p -> p.name().length()).max().orElse(10);
      for (Preset p : all) {
        String text = p.description();
        int cut = text.indexOf(". ");
        System.out.printf(
            "%-" + width + "s  %s%s%n",
            p.name(),
            cut > 0 ? text.substring(0, cut + 1) : text,
            p.user() ? " (yours)" : "");
      }
      System.out.println(
          "(shipped: " + library.shippedFolder() + "; yours: " + library.userFolder() + ")");
      return 0;
    } catch (ConfigException e) {
      return Cli.badValue(e);
    } catch (PresetException e) {
      return Cli.badPreset(e);
    }
  }

  private static String settingsText(Map<String, String> settings) {
    StringBuilder b = new StringBuilder();
    settings.forEach(
        (k, v) -> b.append("--").append(k).append(' ').append(shellWord(v)).append(' '));
    return b.toString().strip();
  }

  /** A value as one shell word: as is when plain, else single-quoted (an empty value is ''). */
  static String shellWord(String v) {
    if (!v.isEmpty() && v.matches("[A-Za-z0-9._,:/=+@%-]+")) {
      return v;
    }
    return "'" + v.replace("'", "'\\''") + "'";
  }
}
