package org.ponderlab.app.lab;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ponderlab.app.cli.SettingsOptions;
import org.ponderlab.core.train.ConfigException;
import org.ponderlab.core.train.TrainingConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ponderlab lab}: opens the lab window (what {@code ponderlab} with no command does), with
 * the setup form filled from the same setting options as {@code train}. {@code --measure-ui N}
 * trains for N seconds and prints how evenly the window's frames came, then times what a user does
 * (Play on each task, open, compare, export) by the longest FX gap each causes.
 */
@Command(
    name = "lab",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Open the lab window; setting options (as for train) fill its setup form.")
public final class LabCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--play", description = "start training as soon as the window opens")
  boolean play;

  @Option(names = "--dark", description = "dark theme")
  boolean dark;

  @Option(names = "--presentation", description = "larger text and thicker lines, for a projector")
  boolean presentation;

  @Option(
      names = "--tab",
      paramLabel = "TAB",
      defaultValue = "halting",
      description =
          "tab to show first: halting, curves, map, diagnostics, compare (default: ${DEFAULT-VALUE})")
  String tab;

  @Option(
      names = "--preset",
      paramLabel = "NAME",
      description =
          "fill the setup from a preset (see: ponderlab presets); setting options typed here override it")
  String preset;

  @Option(
      names = "--lesson",
      paramLabel = "NAME",
      description =
          "open on a guided lesson (see: ponderlab lessons); ponderlab lesson NAME fills its setup too")
  String lesson;

  @Option(
      names = "--runs-dir",
      paramLabel = "DIR",
      description =
          "where runs started in the window are saved, one folder each (default: the folder last chosen in the window, else ~/ponderlab-runs)")
  Path runsDir;

  @Option(
      names = "--open",
      paramLabel = "DIR",
      description =
          "open a saved run folder (repeat to compare runs: the first fills the charts, all go to the Compare tab)")
  java.util.List<Path> open = new java.util.ArrayList<>();

  @Option(
      names = "--measure-ui",
      paramLabel = "SECONDS",
      description =
          "train for SECONDS with the window open, print the 50th/99th percentile and the largest gap between FX pulses; "
              + "then press Play on each task, open a run, add it to Compare and export, print each action's longest FX gap, and exit")
  int measureSeconds;

  @Option(
      names = "--screenshot",
      paramLabel = "FILE",
      hidden = true,
      description = "train, save the window as PNG, exit")
  Path screenshot;

  @Option(
      names = "--after",
      paramLabel = "SECONDS",
      hidden = true,
      defaultValue = "60",
      description = "when to take the screenshot")
  double after;

  @Option(
      names = "--size",
      paramLabel = "WxH",
      defaultValue = "1440x900",
      description = "window size (default: ${DEFAULT-VALUE})")
  String size;

  /**
   * Runs {@code ponderlab lab} with these arguments ({@code ponderlab lesson NAME} opens the window
   * through it).
   */
  public static int runWith(String[] args) {
    return run(args);
  }

  /** Runs {@code ponderlab lab} with these arguments (used when no command was given). */
  static int run(String[] args) {
    CommandLine cl = new CommandLine(new LabCommand());
    SettingsOptions.addTo(cl.getCommandSpec());
    return cl.execute(args);
  }

  @Override
  public Integer call() {
    Map<String, String> settings =
        new java.util.LinkedHashMap<>(SettingsOptions.matched(spec.commandLine().getParseResult()));
    // the stop condition goes to the transport bar's field, not the setup form
    String target =
        settings.containsKey("target-accuracy") ? settings.remove("target-accuracy") : "";
    try {
      if (preset != null) {
        org.ponderlab.core.run.Presets.load(preset).config(settings);
      } else {
        TrainingConfig.fromText(settings);
      }
      if (lesson != null) {
        org.ponderlab.core.lesson.Lessons.get(lesson);
      }
      String reason = TargetAccuracy.reason(target);
      if (reason != null) {
        throw new ConfigException(
            "target-accuracy", target, reason.substring(reason.indexOf(';') + 1).trim());
      }
    } catch (ConfigException e) {
      System.err.println("error: --" + e.getMessage());
      return 2;
    }
    String[] wh = size.toLowerCase().split("x");
    double w;
    double h;
    try {
      w = Double.parseDouble(wh[0]);
      h = Double.parseDouble(wh[1]);
    } catch (RuntimeException e) {
      System.err.println(
          "error: --size: '" + size + "' is not allowed; expected WIDTHxHEIGHT, e.g. 1440x900");
      return 2;
    }
    return LabApp.open(
        new LabOptions(
            settings,
            target,
            play,
            dark,
            presentation,
            tab,
            measureSeconds,
            screenshot,
            after,
            w,
            h,
            open,
            preset,
            runsDir,
            lesson));
  }
}
