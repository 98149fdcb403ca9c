package org.ponderlab.app.lab;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.util.Duration;
import javax.imageio.ImageIO;
import org.ponderlab.core.train.TrainingConfig;

/**
 * Opens the lab window. {@code Main} is not a JavaFX {@code Application} (so it runs from the class
 * path); it calls {@link #launchWindow(String[])} reflectively when {@code ponderlab} runs without
 * a command, and {@code ponderlab lab ...} calls {@link #open(LabOptions)}.
 */
public final class LabApp {
  /** Measurement starts this long after training starts (class loading, first layout, JIT). */
  static final double WARMUP_SECONDS = 5;

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();
  private static volatile LabOptions options = LabOptions.defaults();
  private static volatile int exitCode;

  private LabApp() {}

  /** Entry point for {@code Main}'s launcher: the arguments are those of {@code ponderlab lab}. */
  public static void launchWindow(String[] args) {
    LabCommand.run(args);
  }

  /**
   * Opens the window and returns when it closes; the exit status (0 unless a measurement failed to
   * run).
   */
  public static int open(LabOptions opts) {
    options = opts;
    exitCode = 0;
    Application.launch(Window.class);
    return exitCode;
  }

  /** The JavaFX application (a nested class: Main itself must not extend Application). */
  public static final class Window extends Application {
    private LabWindow window;

    @Override
    public void start(Stage stage) {
      LabOptions o = options;
      LabModel model = new LabModel();
      Path runsDir =
          o.runsDirectory() != null ? o.runsDirectory() : RunsMenu.rememberedRunsDirectory();
      if (runsDir != null && System.getProperty("ponderlab.runs") == null) {
        model.runsDirectoryProperty().set(runsDir);
      } else if (o.runsDirectory() != null) {
        model.runsDirectoryProperty().set(o.runsDirectory());
      }
      window = new LabWindow(model, o.width(), o.height());
      window.darkProperty().set(o.dark());
      window.presentationProperty().set(o.presentation());
      selectTab(o.tab());
      stage.setTitle("PonderLab");
      stage.getIcons().setAll(AppIcon.images());
      stage.setScene(window.scene());
      stage.setOnCloseRequest(e -> window.stop());
      stage.show();
      StartupProbe.armIfRequested(
          () -> {
            window.stop();
            Platform.exit();
          });
      window.start();
      // the presets are read in the background: fill the form once they are listed
      model.presetsModel().listed().thenRun(() -> fillAndStart(o, model));
      if (o.measureSeconds() > 0) {
        measure(o);
      } else if (o.screenshot() != null) {
        later(o.afterSeconds(), () -> screenshot(o.screenshot()));
      }
    }

    /** Fills the form from the command line, opens the runs it names, then plays if asked. */
    private void fillAndStart(LabOptions o, LabModel model) {
      if (o.preset() != null) {
        model.presets().stream()
            .filter(p -> p.name().equals(o.preset()))
            .findFirst()
            .ifPresent(model::applyPreset);
      }
      model.setup().load(o.settings());
      model.targetAccuracyProperty().set(o.targetAccuracy());
      if (o.lesson() != null) {
        window.openLesson(o.lesson());
      }
      CompletableFuture<Boolean> opened = CompletableFuture.completedFuture(true);
      if (!o.open().isEmpty()) {
        opened = model.openRun(o.open().get(0));
        if (o.open().size() > 1) {
          for (Path folder : o.open()) {
            window
                .compare()
                .add(folder)
                .thenAccept(
                    problem -> {
                      if (problem != null) {
                        model.showError(problem);
                      }
                    });
          }
        }
      }
      if (o.play() || (o.unattended() && o.open().isEmpty())) {
        opened.thenRun(model::play);
      }
    }

    private void selectTab(String tab) {
      int index =
          switch (tab == null ? "" : tab.toLowerCase(Locale.ROOT)) {
            case "curves" -> 1;
            case "map", "ponder-map" -> 2;
            case "diagnostics" -> 3;
            case "compare" -> 4;
            default -> 0;
          };
      window.tabs().getSelectionModel().select(index);
    }

    /**
     * Trains for a warm-up, then for the given time while showing each tab in turn (so every chart
     * is drawn), then prints the pulse statistics, the CPU the FX thread used and the machine's
     * load, and exits.
     */
    private void measure(LabOptions o) {
      var selection = window.tabs().getSelectionModel();
      int tabCount = window.tabs().getTabs().size();
      Timeline rotate =
          new Timeline(
              new KeyFrame(
                  Duration.seconds(5),
                  e -> selection.select((selection.getSelectedIndex() + 1) % tabCount)));
      rotate.setCycleCount(Animation.INDEFINITE);
      // warm-up: show every tab once (a tab's first showing lays it out and sizes its canvases)
      Timeline visit =
          new Timeline(
              new KeyFrame(
                  Duration.seconds(WARMUP_SECONDS / (tabCount + 1)),
                  e -> selection.select((selection.getSelectedIndex() + 1) % tabCount)));
      visit.setCycleCount(tabCount);
      visit.play();
      later(
          WARMUP_SECONDS,
          () -> {
            rotate.play();
            window.measure();
            PulseStats gcPauses = recordGcPauses();
            long started = System.nanoTime();
            long fxCpu = THREADS.getCurrentThreadCpuTime();
            long renderCpu = threadCpu("QuantumRenderer");
            long trainerCpu = threadCpu("ponderlab-trainer");
            long[] allocated = {
              threadAllocated("JavaFX Application"),
              threadAllocated("QuantumRenderer"),
              threadAllocated("ponderlab-trainer")
            };
            long iterations = window.model().getIteration();
            String loadBefore = loadAverage();
            later(
                o.measureSeconds(),
                () -> {
                  rotate.stop();
                  double seconds = (System.nanoTime() - started) / 1e9;
                  double[] cpu = {
                    (THREADS.getCurrentThreadCpuTime() - fxCpu) / 1e9 / seconds,
                    (threadCpu("QuantumRenderer") - renderCpu) / 1e9 / seconds,
                    (threadCpu("ponderlab-trainer") - trainerCpu) / 1e9 / seconds,
                  };
                  double[] mbPerSecond = {
                    (threadAllocated("JavaFX Application") - allocated[0]) / 1e6 / seconds,
                    (threadAllocated("QuantumRenderer") - allocated[1]) / 1e6 / seconds,
                    (threadAllocated("ponderlab-trainer") - allocated[2]) / 1e6 / seconds,
                  };
                  report(
                      o,
                      seconds,
                      window.model().getIteration() - iterations,
                      cpu,
                      loadBefore,
                      loadAverage());
                  System.out.printf(
                      Locale.ROOT,
                      "  allocation, MB/s: FX thread %.1f, renderer thread %.1f, trainer thread %.1f%n",
                      mbPerSecond[0],
                      mbPerSecond[1],
                      mbPerSecond[2]);
                  System.out.println("  GC pauses: " + gcPauses.summary());
                  for (String gap : window.longGaps()) {
                    System.out.println("  gap > 100 ms: " + gap);
                  }
                  measureActions();
                });
          });
    }

    /**
     * Then what a user does: Play on each task, open a run, add it to Compare, export; each with
     * the longest gap between FX pulses it caused. Prints them with the load, then exits.
     */
    private void measureActions() {
      String loadBefore = loadAverage();
      System.out.println(
          "UI actions (the longest gap between FX pulses from the action until "
              + (int) UiActions.SETTLE_SECONDS
              + " s after its result is shown):");
      UiActions.run(window)
          .whenComplete(
              (results, e) -> {
                if (e != null) {
                  System.out.println("  could not run the actions: " + e.getMessage());
                  exitCode = 1;
                } else {
                  UiActions.lines(results).forEach(System.out::println);
                }
                System.out.printf(
                    Locale.ROOT,
                    "  machine load average (1/5/15 min): before %s, after %s; %d cores%n",
                    loadBefore,
                    loadAverage(),
                    Runtime.getRuntime().availableProcessors());
                window.stop();
                Platform.exit();
              });
    }

    /** Records the duration of every garbage collection from now on (HotSpot's notifications). */
    private static PulseStats recordGcPauses() {
      PulseStats pauses = new PulseStats();
      for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof javax.management.NotificationEmitter emitter) {
          emitter.addNotificationListener(
              (n, handback) -> {
                if (com.sun.management.GarbageCollectionNotificationInfo
                    .GARBAGE_COLLECTION_NOTIFICATION
                    .equals(n.getType())) {
                  var info =
                      com.sun.management.GarbageCollectionNotificationInfo.from(
                          (javax.management.openmbean.CompositeData) n.getUserData());
                  synchronized (pauses) {
                    pauses.add(info.getGcInfo().getDuration() * 1_000_000L);
                  }
                }
              },
              null,
              null);
        }
      }
      return pauses;
    }

    /** CPU time of the live threads whose name starts with the prefix. */
    private static long threadCpu(String prefix) {
      long sum = 0;
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.getName().startsWith(prefix)) {
          sum += Math.max(0, THREADS.getThreadCpuTime(t.getId()));
        }
      }
      return sum;
    }

    /** Bytes allocated by the live threads whose name starts with the prefix (HotSpot). */
    private static long threadAllocated(String prefix) {
      if (!(THREADS instanceof com.sun.management.ThreadMXBean hotspot)) {
        return 0;
      }
      long sum = 0;
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.getName().startsWith(prefix)) {
          sum += Math.max(0, hotspot.getThreadAllocatedBytes(t.getId()));
        }
      }
      return sum;
    }

    private void report(
        LabOptions o,
        double seconds,
        long iterations,
        double[] cpu,
        String loadBefore,
        String loadAfter) {
      PulseStats gaps = window.pulseGaps();
      PulseStats redraws = window.redrawTimes();
      LabModel m = window.model();
      TrainingConfig c = m.runConfig();
      String what =
          c == null
              ? "?"
              : String.format(
                  Locale.ROOT,
                  "%s/%s (hidden %d, batch %d, N %d, eval every %d)",
                  c.task(),
                  c.method(),
                  c.hidden(),
                  c.batch(),
                  c.maxSteps(),
                  c.evalEvery());
      System.out.printf(
          Locale.ROOT,
          "ponderlab lab --measure-ui %d: %s, measured %.1f s after a %d s warm-up that shows each tab once%n",
          o.measureSeconds(),
          what,
          seconds,
          (int) WARMUP_SECONDS);
      System.out.printf(
          Locale.ROOT,
          "  training: %,d iterations in the window (%.0f it/s), %d snapshots so far; tabs rotate every 5 s%n",
          iterations,
          iterations / seconds,
          m.history().size());
      System.out.println(
          "  gap between FX pulses: "
              + gaps.summary()
              + "; gaps > 50 ms: "
              + gaps.above(50)
              + ", > 200 ms: "
              + gaps.above(200));
      System.out.println(
          "  chart update (dataset + draw of the visible tab, on the FX thread), wall: "
              + redraws.summary());
      System.out.println("  the same, CPU time of the FX thread: " + window.redrawCpu().summary());
      System.out.printf(
          Locale.ROOT,
          "  CPU used, in cores: FX thread %.2f, renderer thread %.2f, trainer thread %.2f%n",
          cpu[0],
          cpu[1],
          cpu[2]);
      System.out.printf(
          Locale.ROOT,
          "  machine load average (1/5/15 min): before %s, after %s; %d cores%n",
          loadBefore,
          loadAfter,
          Runtime.getRuntime().availableProcessors());
      boolean ok = gaps.percentileMillis(99) <= 50 && gaps.maxMillis() <= 200;
      System.out.println("  goal p99 <= 50 ms and max <= 200 ms: " + (ok ? "met" : "NOT met"));
    }

    private static String loadAverage() {
      try {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
        return parts[0] + " " + parts[1] + " " + parts[2];
      } catch (IOException | RuntimeException e) {
        return "unknown";
      }
    }

    private void screenshot(Path file) {
      try {
        WritableImage image = window.scene().snapshot(null);
        BufferedImage argb = SwingFXUtils.fromFXImage(image, null);
        BufferedImage rgb =
            new BufferedImage(argb.getWidth(), argb.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.createGraphics().drawImage(argb, 0, 0, null);
        if (file.toAbsolutePath().getParent() != null) {
          Files.createDirectories(file.toAbsolutePath().getParent());
        }
        ImageIO.write(rgb, "png", file.toFile());
        System.out.printf(
            Locale.ROOT,
            "screenshot %s (%dx%d) at iteration %,d%n",
            file,
            rgb.getWidth(),
            rgb.getHeight(),
            window.model().getIteration());
      } catch (IOException e) {
        System.err.println("error: could not write the screenshot: " + e.getMessage());
        exitCode = 1;
      }
      window.stop();
      Platform.exit();
    }

    private static void later(double seconds, Runnable action) {
      PauseTransition wait = new PauseTransition(Duration.seconds(seconds));
      wait.setOnFinished(e -> action.run());
      wait.play();
    }

    @Override
    public void stop() {
      if (window != null) {
        window.stop();
      }
    }
  }
}
