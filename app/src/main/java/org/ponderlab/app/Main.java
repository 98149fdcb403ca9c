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
    versionProvider = BuildInfo.class,
    description =
        "A lab for watching adaptive computation: train halting networks and see where they stop.",
    subcommands = {
      TrainCommand.class,
      BenchCommand.class,
      CompareCommand.class,
      SweepCommand.class,
      ExportCommand.class,
      PlotCommand.class,
      PresetsCommand.class,
      LabCommand.class,
      InspectCommand.class,
      EvaluateCommand.class,
      LessonsCommand.class,
      LessonCommand.class
    })
public final class Main implements Callable<Integer> {
  @Override
  public Integer call() {
    return LabLauncher.launch(new String[0]);
  }

  public static void main(String[] args) {
    // a background thread's failure is a message too, never a trace
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> unexpected(e));
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit status (2 for a bad value, as picocli does). */
  public static int run(String... args) {
    CommandLine cl = commandLine();
    cl.setExecutionExceptionHandler((e, command, parsed) -> unexpected(e));
    try {
      return cl.execute(args);
    } catch (Error e) { // OutOfMemoryError, StackOverflowError: picocli passes Errors through
      return unexpected(e);
    }
  }

  /** The whole command line, every sub-command with its options, ready to parse or execute. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    SettingsOptions.addTo(cl.getSubcommands().get("train").getCommandSpec());
    SettingsOptions.addTo(cl.getSubcommands().get("compare").getCommandSpec());
    SettingsOptions.addTo(cl.getSubcommands().get("sweep").getCommandSpec());
    SettingsOptions.addTo(cl.getSubcommands().get("presets").getCommandSpec());
    SettingsOptions.addTo(cl.getSubcommands().get("lab").getCommandSpec());
    return cl;
  }

  /**
   * The last resort for anything a command did not turn into a message itself: one line naming the
   * problem, never a stack trace (set PONDERLAB_TRACE=1 to see it when debugging). Exit status 1.
   */
  public static int unexpected(Throwable e) {
    if (e instanceof OutOfMemoryError) {
      System.err.println(
          "error: out of memory ("
              + e.getMessage()
              + "): these settings need more than this Java heap ("
              + Runtime.getRuntime().maxMemory() / (1 << 20)
              + " MiB); lower batch, max-steps, hidden or the model size, "
              + "or start with a larger heap (PONDERLAB_HEAP=8g ./ponderlab ...)");
    } else {
      String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      System.err.println(
          "error: "
              + what
              + " ("
              + e.getClass().getSimpleName()
              + "; please report this: it deserves a "
              + "clearer message)");
    }
    if (System.getenv("PONDERLAB_TRACE") != null) {
      e.printStackTrace();
    }
    return 1;
  }
}
