package org.ponderlab.app.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Background work with a real worker thread; the test thread plays the FX thread, running what is
 * handed back to it from a queue (as {@code Platform.runLater} would).
 */
class BackgroundWorkTest {
  final ExecutorService worker = Executors.newSingleThreadExecutor();
  final BlockingQueue<Runnable> fxQueue = new LinkedBlockingQueue<>();
  final BackgroundWork work = new BackgroundWork(worker, fxQueue::add);

  @AfterEach
  void stopWorker() {
    worker.shutdownNow();
  }

  /** Runs the next task handed back to the "FX thread" (fails after 10 s). */
  void runNextOnOwner() throws InterruptedException {
    Runnable next = fxQueue.poll(10, TimeUnit.SECONDS);
    assertTrue(next != null, "nothing was handed back");
    next.run();
  }

  @Test
  void theWorkRunsElsewhereAndItsResultComesBackOnlyThroughTheOwner() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Thread caller = Thread.currentThread();
    List<Object> seen = new ArrayList<>();
    var done =
        work.run(
            "Building the experiment…",
            () -> {
              release.await();
              return Thread.currentThread();
            },
            ranOn -> seen.add(ranOn),
            e -> seen.add(e));
    // run() returned while the work is blocked: the caller never waits for it
    assertEquals("Building the experiment…", work.activityProperty().get());
    assertTrue(work.busyProperty().get());
    release.countDown();
    runNextOnOwner();
    assertEquals(1, seen.size());
    assertNotSame(caller, seen.get(0), "the work ran on the worker thread");
    assertTrue(done.isDone());
    assertNull(work.activityProperty().get());
    assertFalse(work.busyProperty().get());
  }

  @Test
  void aFailureIsHandedBackToo() throws Exception {
    List<Throwable> failures = new ArrayList<>();
    IllegalStateException thrown = new IllegalStateException("no data");
    var done =
        work.run(
            "Reading…",
            () -> {
              throw thrown;
            },
            result -> failures.add(null),
            failures::add);
    runNextOnOwner();
    assertEquals(List.of(thrown), failures);
    assertTrue(done.isCompletedExceptionally());
  }

  @Test
  void theActivityShowsTheLatestWorkStillRunning() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    work.run(
        "first",
        () -> {
          release.await();
          return 1;
        },
        r -> {},
        e -> {});
    work.run("second", () -> 2, r -> {}, e -> {});
    assertEquals("second", work.activityProperty().get());
    release.countDown();
    runNextOnOwner(); // first ends
    assertEquals("second", work.activityProperty().get());
    runNextOnOwner(); // second ends
    assertNull(work.activityProperty().get());
  }

  @Test
  void inPlaceRunsEverythingBeforeReturning() {
    BackgroundWork direct = BackgroundWork.inPlace();
    List<Thread> ranOn = new ArrayList<>();
    var done = direct.run("now", Thread::currentThread, ranOn::add, e -> {});
    assertSame(Thread.currentThread(), ranOn.get(0));
    assertTrue(done.isDone());
  }
}
