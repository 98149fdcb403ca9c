package org.ponderlab.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The second thread runs shard 1 while the caller runs shard 0; what shard 1 throws (an {@link
 * OutOfMemoryError} in its buffers) reaches the caller as it was, and the thread keeps serving the
 * next call; closed, the thread ends.
 *
 * <p>Mutation seen failing: catching only {@link Exception} in the worker (an Error then killed the
 * thread) left the caller parked until the liveness check threw IllegalStateException instead of
 * the OutOfMemoryError — {@link #anErrorOnTheSecondThreadIsTheCallersFailure} failed.
 */
class ShardRunnerTest {
  @Test
  void shardOneRunsOnTheSecondThreadAndBothFinishBeforeTheCallReturns() {
    AtomicReference<Thread> ran0 = new AtomicReference<>();
    AtomicReference<Thread> ran1 = new AtomicReference<>();
    int[] done = new int[2];
    try (ShardRunner runner = ShardRunner.concurrent("test-shard")) {
      for (int i = 0; i < 1000; i++) {
        runner.both(
            () -> {
              ran0.set(Thread.currentThread());
              done[0]++;
            },
            () -> {
              ran1.set(Thread.currentThread());
              done[1]++;
            });
        assertEquals(i + 1, done[1], "shard 1's work is visible when both() returns");
      }
      assertSame(Thread.currentThread(), ran0.get());
      assertNotEquals(Thread.currentThread(), ran1.get());
      assertEquals("test-shard", ran1.get().getName());
    }
  }

  @Test
  void anErrorOnTheSecondThreadIsTheCallersFailure() throws Exception {
    OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
    Thread worker;
    try (ShardRunner runner = ShardRunner.concurrent("test-shard")) {
      OutOfMemoryError seen =
          assertThrows(
              OutOfMemoryError.class,
              () ->
                  runner.both(
                      () -> {},
                      () -> {
                        throw oom;
                      }));
      assertSame(oom, seen, "the same error, so the run's message is the one-thread message");
      IllegalStateException own =
          assertThrows(
              IllegalStateException.class,
              () ->
                  runner.both(
                      () -> {
                        throw new IllegalStateException("shard 0");
                      },
                      () -> {}));
      assertEquals("shard 0", own.getMessage());
      AtomicReference<Thread> t = new AtomicReference<>();
      runner.both(() -> {}, () -> t.set(Thread.currentThread()));
      worker = t.get();
    }
    worker.join(2_000);
    assertFalse(worker.isAlive());
  }

  @Test
  void closedRunnerRefusesWork() {
    ShardRunner runner = ShardRunner.concurrent("test-shard");
    runner.close();
    runner.close();
    assertThrows(IllegalStateException.class, () -> runner.both(() -> {}, () -> {}));
  }
}
