package org.ponderlab.app.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javafx.animation.AnimationTimer;
import javafx.animation.PauseTransition;
import javafx.scene.control.Button;
import javafx.util.Duration;
import org.ponderlab.core.train.TaskKind;
import org.ponderlab.core.train.TrainerState;

/**
 * The second half of {@code lab --measure-ui}: what a user does, one action after another, each
 * timed by the longest gap between FX pulses from the moment it starts until {@link
 * #SETTLE_SECONDS} after its result is shown (the FX thread must never wait: goal, no gap over
 * {@link #GOAL_MILLIS}). For each task (parity, MNIST, C-PVR) the form is reset and the task
 * chosen, then Play is pressed and the run trains for a few seconds; the parity run is then opened
 * from its folder, added to Compare, and exported. Runs and the export are written under a
 * temporary folder, deleted at the end.
 *
 * <p>A gap also grows when the FX thread waits for a CPU (a loaded machine), so each action also
 * reports two figures the machine's load does not inflate: the wall and CPU time of the action's
 * own handler on the FX thread (a wait for disk or for a build shows in its wall time), and the
 * most CPU time the FX thread spent between two pulses (layout, redraws, callbacks).
 */
final class UiActions {
  static final double SETTLE_SECONDS = 2;
  static final double TRAIN_SECONDS = 4;
  static final double GOAL_MILLIS = 100;

  /**
   * Half the goal: an action whose longest gap or busiest pulse passes it says where the time went,
   * and the FX thread's whereabouts are recorded once a pulse is this late.
   */
  private static final long EXPLAIN_NANOS = (long) (GOAL_MILLIS / 2 * 1e6);

  /**
   * One measured action: its name, how long until its result was shown, and the longest pulse gap.
   */
  record Result(
      String action,
      double secondsToResult,
      double longestGapMillis,
      double handlerWallMillis,
      double handlerCpuMillis,
      double fxCpuBetweenPulsesMillis,
      String note) {}

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private final LabWindow window;
  private final LabModel model;
  private final Path scratch;
  private final List<Result> results = new ArrayList<>();
  private long lastPulse;
  private long lastWall;
  private long longestGap;
  private long mostCpuBetweenPulses;
  private String mostCpuWhat = "";
  private final long rendererId = PulseCounters.rendererId();
  private StallWatch stalls;
  private PulseCounters lastCounters;
  private String longestGapWhy = "";
  private Path parityRun;

  private UiActions(LabWindow window, Path scratch) {
    this.window = window;
    this.model = window.model();
    this.scratch = scratch;
  }

  /** Runs every action in turn on the FX thread; completes (on the FX thread) with the results. */
  static CompletableFuture<List<Result>> run(LabWindow window) {
    Path scratch;
    try {
      scratch = Files.createTempDirectory("ponderlab-measure-ui");
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    UiActions script = new UiActions(window, scratch);
    return script.all().whenComplete((r, e) -> deleteQuietly(scratch));
  }

  private CompletableFuture<List<Result>> all() {
    AnimationTimer pulses =
        new AnimationTimer() {
          @Override
          public void handle(long now) {
            PulseCounters counters = PulseCounters.read(rendererId);
            long wall = System.nanoTime();
            if (lastPulse != 0) {
              if (now - lastPulse > longestGap) {
                longestGap = now - lastPulse;
                String stall = stalls.stallAfter(lastWall);
                longestGapWhy =
                    "in the longest gap: "
                        + counters.since(lastCounters)
                        + (stall.isEmpty() ? "" : "; " + stall);
              }
              long cpu = counters.fxCpuNanos() - lastCounters.fxCpuNanos();
              if (cpu > mostCpuBetweenPulses) {
                mostCpuBetweenPulses = cpu;
                mostCpuWhat = window.workSince(lastPulse);
              }
            }
            lastPulse = now;
            lastWall = wall;
            lastCounters = counters;
            stalls.pulse(wall);
          }
        };
    stalls = new StallWatch(EXPLAIN_NANOS / 1_000_000);
    pulses.start();
    model.reset();
    model.runsDirectoryProperty().set(scratch.resolve("runs"));
    // The script's own start (the training report printed just before, the timer, the reset) is
    // not a user's action: let it settle before the first measured one.
    CompletableFuture<Void> chain = after(SETTLE_SECONDS);
    for (TaskKind task : TaskKind.values()) {
      chain = chain.thenCompose(v -> playTask(task));
    }
    chain =
        chain
            .thenCompose(v -> measure("Open run", () -> model.openRun(parityRun), () -> true))
            .thenCompose(
                v ->
                    measure(
                        "Add to Compare",
                        () -> {
                          window.tabs().getSelectionModel().select(window.compareTab().tab());
                          return window
                              .compare()
                              .add(parityRun)
                              .thenApply(problem -> note(problem));
                        },
                        () -> true))
            .thenCompose(
                v ->
                    measure(
                        "Export CSV",
                        () ->
                            window
                                .compare()
                                .exportCsv(
                                    List.copyOf(window.compare().entries()),
                                    scratch.resolve("runs.csv"),
                                    true)
                                .thenApply(outcome -> note(outcome.problem())),
                        () -> true));
    return chain.handle(
        (v, e) -> {
          pulses.stop();
          stalls.close();
          if (e != null) {
            results.add(
                new Result(
                    "(stopped)",
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    String.valueOf(e.getMessage())));
          }
          return results;
        });
  }

  private static Object note(String problem) {
    return problem == null ? "" : problem;
  }

  /**
   * Reset and choose the task (one action: what the form does when its task changes), then press
   * the Play button (another: measured until it trains and for a while after).
   */
  private CompletableFuture<Void> playTask(TaskKind task) {
    Button play = (Button) window.scene().lookup("#play");
    return measure(
            "Reset, choose " + task.id(),
            () -> {
              model.reset();
              model.setup().field("task").setText(task.id());
              return CompletableFuture.completedFuture(null);
            },
            () -> true)
        .thenCompose(
            v ->
                measure(
                    "Play " + task.displayName(),
                    () -> {
                      play.fire();
                      return CompletableFuture.completedFuture(null);
                    },
                    () -> model.isRunning() || model.errorProperty().get() != null))
        .thenCompose(v -> after(TRAIN_SECONDS))
        .thenRun(
            () -> {
              if (task == TaskKind.PARITY) {
                parityRun = model.runFolderProperty().get();
              }
              model.pause();
            })
        .thenCompose(v -> until(() -> model.trainerStateProperty().get() != TrainerState.RUNNING));
  }

  /**
   * Starts an action, waits for its future and then for {@code shown}, lets the window settle, and
   * records the longest pulse gap over all of it.
   */
  private CompletableFuture<Void> measure(
      String action, Supplier<CompletableFuture<?>> start, BooleanSupplier shown) {
    longestGap = 0;
    longestGapWhy = "";
    mostCpuBetweenPulses = 0;
    mostCpuWhat = "";
    long started = System.nanoTime();
    long cpuStarted = THREADS.getCurrentThreadCpuTime();
    CompletableFuture<?> begun = start.get();
    double handlerWall = (System.nanoTime() - started) / 1e6;
    double handlerCpu = (THREADS.getCurrentThreadCpuTime() - cpuStarted) / 1e6;
    long[] resultAt = new long[1];
    Object[] outcome = new Object[1];
    return begun
        .thenCompose(
            o -> {
              outcome[0] = o;
              return until(shown);
            })
        .thenCompose(
            v -> {
              resultAt[0] = System.nanoTime();
              return after(SETTLE_SECONDS);
            })
        .thenRun(
            () -> {
              String note =
                  outcome[0] instanceof String s ? s : outcome[0] == Boolean.FALSE ? "failed" : "";
              if (!mostCpuWhat.isEmpty() && mostCpuBetweenPulses > EXPLAIN_NANOS) {
                note = joined(note, "most FX work: " + mostCpuWhat);
              }
              if (longestGap > EXPLAIN_NANOS) {
                note = joined(note, longestGapWhy);
              }
              if (model.errorProperty().get() != null) {
                note = joined(note, model.errorProperty().get());
              }
              results.add(
                  new Result(
                      action,
                      (resultAt[0] - started) / 1e9,
                      longestGap / 1e6,
                      handlerWall,
                      handlerCpu,
                      mostCpuBetweenPulses / 1e6,
                      note));
            });
  }

  /** The note so far and one more part, "; " between them. */
  private static String joined(String note, String part) {
    return note.isEmpty() ? part : note + "; " + part;
  }

  /** Completes on the FX thread once the condition holds (checked every 20 ms). */
  private static CompletableFuture<Void> until(BooleanSupplier condition) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    check(condition, done);
    return done;
  }

  private static void check(BooleanSupplier condition, CompletableFuture<Void> done) {
    if (condition.getAsBoolean()) {
      done.complete(null);
      return;
    }
    PauseTransition wait = new PauseTransition(Duration.millis(20));
    wait.setOnFinished(e -> check(condition, done));
    wait.play();
  }

  private static CompletableFuture<Void> after(double seconds) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    PauseTransition wait = new PauseTransition(Duration.seconds(seconds));
    wait.setOnFinished(e -> done.complete(null));
    wait.play();
    return done;
  }

  /** The results as the report prints them. */
  static List<String> lines(List<Result> results) {
    List<String> out = new ArrayList<>();
    out.add(
        String.format(
            Locale.ROOT,
            "  %-28s %9s %12s %20s %16s",
            "action",
            "result in",
            "longest gap",
            "handler wall / CPU",
            "FX CPU per pulse"));
    for (Result r : results) {
      out.add(
          String.format(
              Locale.ROOT,
              "  %-28s %7.2f s %9.1f ms %8.1f / %5.1f ms %13.1f ms%s",
              r.action(),
              r.secondsToResult(),
              r.longestGapMillis(),
              r.handlerWallMillis(),
              r.handlerCpuMillis(),
              r.fxCpuBetweenPulsesMillis(),
              r.note().isEmpty() ? "" : " (" + r.note() + ")"));
    }
    boolean gaps =
        !results.isEmpty() && results.stream().allMatch(r -> r.longestGapMillis() <= GOAL_MILLIS);
    boolean work =
        !results.isEmpty()
            && results.stream()
                .allMatch(
                    r ->
                        r.handlerWallMillis() <= GOAL_MILLIS
                            && r.fxCpuBetweenPulsesMillis() <= GOAL_MILLIS);
    out.add(
        "  goal: no UI action with an FX gap over "
            + (int) GOAL_MILLIS
            + " ms: "
            + (gaps ? "met" : "NOT met")
            + "; no handler and no FX work between two pulses over "
            + (int) GOAL_MILLIS
            + " ms: "
            + (work ? "met" : "NOT met"));
    return out;
  }

  private static void deleteQuietly(Path dir) {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | RuntimeException e) {
      // a temporary folder: the system cleans it up eventually
    }
  }
}
