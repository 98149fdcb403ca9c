package org.ponderlab.app.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The watcher names what the watched thread waits for in a stall: here a lock held by another
 * thread, which no CPU counter can show (a blocked thread neither runs nor waits for a CPU).
 */
@Timeout(30)
class StallWatchTest {
  private final Object lock = new Object();

  @Test
  void aStallOnALockNamesTheLockItsOwnerAndWhereEachIs() throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread owner =
        new Thread(
            () -> {
              synchronized (lock) {
                held.countDown();
                awaitQuietly(release);
              }
            },
            "the-owner");
    owner.start();
    held.await();
    try (StallWatch watch = new StallWatch(20)) { // this thread is the watched one
      long pulse = System.nanoTime();
      watch.pulse(pulse);
      Thread releaser =
          new Thread(
              () -> {
                sleepQuietly(300);
                release.countDown();
              });
      releaser.start();
      synchronized (lock) { // blocked until the owner lets go: a 300 ms stall
        String stall = watch.stallAfter(pulse);
        assertTrue(stall.startsWith("the FX thread, blocked, at "), stall);
        assertTrue(stall.contains("aStallOnALockNamesTheLockItsOwnerAndWhereEachIs"), stall);
        assertTrue(stall.contains("waiting for java.lang.Object@"), stall);
        assertTrue(stall.contains("held by the-owner at "), stall);
        assertTrue(stall.contains("awaitQuietly"), stall);
      }
      assertEquals("", watch.stallAfter(pulse + 1), "a stall belongs to the pulse it followed");
    }
    owner.join();
  }

  @Test
  void noStallWhilePulsesKeepComing() throws Exception {
    try (StallWatch watch = new StallWatch(200)) {
      long last = 0;
      for (int i = 0; i < 30; i++) {
        last = System.nanoTime();
        watch.pulse(last);
        Thread.sleep(10);
      }
      assertEquals("", watch.stallAfter(last));
    }
  }

  @Test
  void framesAreInnermostFirstAsClassDotMethod() {
    StackTraceElement[] stack = {
      new StackTraceElement("a.b.Inner", "run", null, 1),
      new StackTraceElement("a.b.Outer", "call", null, 2)
    };
    assertEquals("Inner.run < Outer.call", StallWatch.frames(stack));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
