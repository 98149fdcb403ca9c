package org.ponderlab.app.lab;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The one way the window does slow work (building an experiment, reading a run folder, writing an
 * export or a preset): the work runs on a background thread, what is running is shown (the status
 * bar binds {@link #activityProperty()}), and the result or the failure is handed back on the FX
 * thread, in one place. The FX thread never waits for it.
 *
 * <p>The background thread runs at minimum priority, so a trainer thread it creates inherits that
 * priority: with {@code -XX:ThreadPriorityPolicy=1} and the launcher's mapping Linux runs training
 * at nice +10 and the FX thread wins the core when both want it (without the flag the JVM ignores
 * priorities).
 *
 * <p>Call {@link #run} on the thread that owns the model (the FX thread in the window); the
 * callbacks come back on that thread. {@link #inPlace()} runs everything in the caller, for tests
 * of the models without a window.
 */
final class BackgroundWork {
  private final Executor worker;
  private final Executor owner;
  private final Deque<String> running = new ArrayDeque<>();
  private final ReadOnlyStringWrapper activity = new ReadOnlyStringWrapper();
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();

  /**
   * @param worker runs the work
   * @param owner runs the callbacks on the thread that owns the model's properties
   */
  BackgroundWork(Executor worker, Executor owner) {
    this.worker = worker;
    this.owner = owner;
  }

  /** One daemon background thread; results come back with {@link Platform#runLater}. */
  static BackgroundWork forWindow() {
    ExecutorService thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "ponderlab-background");
              t.setDaemon(true);
              t.setPriority(Thread.MIN_PRIORITY);
              return t;
            });
    return new BackgroundWork(thread, Platform::runLater);
  }

  /**
   * Work and callbacks both run in the caller, before {@link #run} returns (tests without a
   * window).
   */
  static BackgroundWork inPlace() {
    return new BackgroundWork(Runnable::run, Runnable::run);
  }

  /**
   * Runs {@code work} in the background, then {@code done} with its result or {@code failed} with
   * what it threw, on the owner's thread. While it runs, {@link #activityProperty()} says {@code
   * what} ("Building the MNIST experiment…").
   *
   * @return completes after the callback ran (for callers that chain, and for tests that wait)
   */
  <T> CompletableFuture<T> run(
      String what, Callable<T> work, Consumer<T> done, Consumer<Throwable> failed) {
    CompletableFuture<T> finished = new CompletableFuture<>();
    running.addLast(what);
    update();
    worker.execute(
        () -> {
          T result;
          try {
            result = work.call();
          } catch (
              Throwable
                  e) { // an OutOfMemoryError while building is reported, not lost on a pool thread
            owner.execute(
                () -> {
                  end(what);
                  try {
                    failed.accept(e);
                  } finally {
                    finished.completeExceptionally(e);
                  }
                });
            return;
          }
          owner.execute(
              () -> {
                end(what);
                try {
                  done.accept(result);
                } finally {
                  finished.complete(result);
                }
              });
        });
    return finished;
  }

  private void end(String what) {
    running.removeFirstOccurrence(what);
    update();
  }

  private void update() {
    activity.set(running.peekLast());
    busy.set(!running.isEmpty());
  }

  /** What is running in the background now (the latest started), or null. */
  ReadOnlyStringProperty activityProperty() {
    return activity.getReadOnlyProperty();
  }

  /** Whether anything is running in the background. */
  ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }
}
