package org.ponderlab.app;

import java.util.concurrent.Callable;
import org.ponderlab.app.cli.BenchCommand;
import org.ponderlab.app.cli.CompareCommand;
import org.ponderlab.app.cli.EvaluateCommand;
import org.ponderlab.app.cli.ExportCommand;
import org.ponderlab.app.cli.InspectCommand;
import org.ponderlab.app.cli.LessonCommand;
import org.ponderlab.app.cli.LessonsCommand;
import org.ponderlab.app.cli.PlotCommand;
import org.ponderlab.app.cli.PresetsCommand;
import org.ponderlab.app.cli.SettingsOptions;
import org.ponderlab.app.cli.SweepCommand;
import org.ponderlab.app.cli.TrainCommand;
import org.ponderlab.app.lab.LabCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ponderlab} command: with no sub-command it opens the lab window; {@code train} and
 * {@code bench} run headless. Deliberately not a JavaFX {@code Application}, so the app runs from
 * the class path (JavaFX refuses to start a main class that extends Application from there).
 */
@Command(
    name = "ponderlab",
    mixinStandardHelpOptions = true,
    version = "PonderLab 0.1.0",
    description = "A lab for watching adaptive computation: train halting networks and see where they stop.",
    subcommands = {TrainCommand.class, BenchCommand.class, CompareCommand.class, SweepCommand.class, ExportCommand.class,
        PlotCommand.class, PresetsCommand.class, LabCommand.class, InspectCommand.class,
        EvaluateCommand.class, LessonsCommand.class, LessonCommand.class})
public final class Main implements Callable<Integer> {
  @Override
  public Integer call() {
    return LabLauncher.launch(new String[0]);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status (2 for a bad value, as picocli does). */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    SettingsOptions.addTo(cl.getSubcommands().get("train").getCommandSpec());
    SettingsOptions.addTo(cl.getSubcommands().get("compare").getCommandSpec());
    SettingsOptions.addTo(cl.getSubcommands().get("sweep").getCommandSpec());
    SettingsOptions.addTo(cl.getSubcommands().get("presets").getCommandSpec());
    SettingsOptions.addTo(cl.getSubcommands().get("lab").getCommandSpec());
    return cl.execute(args);
  }
}
