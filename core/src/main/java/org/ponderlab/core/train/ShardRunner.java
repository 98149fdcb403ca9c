package org.ponderlab.core.train;

import java.util.concurrent.locks.LockSupport;

/**
 * Runs a training step's two batch shards: one after the other on the calling thread ({@link
 * #sequential()}), or shard 1 on a second, long-lived thread while the caller runs shard 0 ({@link
 * #concurrent(String)}). Either way the shards do the same float operations on their own buffers,
 * so the thread count changes how long a step takes, never its numbers ({@link ShardedNetwork}).
 *
 * <p>The concurrent runner hands work over through two volatile counters and {@link LockSupport}:
 * nothing is allocated per call. A {@link Throwable} thrown by shard 1 (an {@link OutOfMemoryError}
 * in its buffers, say) is rethrown on the caller as it was, so a run fails with the same message
 * whatever its thread count.
 */
abstract class ShardRunner implements AutoCloseable {
  /** Threads this runner uses (1 or 2). */
  abstract int threads();

  /** Runs both shards and returns when both are done; rethrows the first failure. */
  abstract void both(Runnable shard0, Runnable shard1);

  /** Ends the second thread, if any (idempotent). */
  @Override
  public abstract void close();

  static ShardRunner sequential() {
    return new Sequential();
  }

  /** A runner whose shard 1 runs on a daemon thread named {@code name}, below normal priority. */
  static ShardRunner concurrent(String name) {
    return new Concurrent(name);
  }

  /** 1: both shards on the caller; 2: shard 1 on a second thread. */
  static ShardRunner forThreads(int threads, String name) {
    return switch (threads) {
      case 1 -> sequential();
      case 2 -> concurrent(name);
      default -> throw new IllegalArgumentException("threads must be 1 or 2: " + threads);
    };
  }

  private static final class Sequential extends ShardRunner {
    @Override
    int threads() {
      return 1;
    }

    @Override
    void both(Runnable shard0, Runnable shard1) {
      shard0.run();
      shard1.run();
    }

    @Override
    public void close() {}
  }

  private static final class Concurrent extends ShardRunner {
    /** Spins before parking: a shard is often done within microseconds of the other. */
    private static final int SPINS = 200;

    private final Thread worker;
    private volatile long posted;
    private volatile long done;
    private volatile boolean closed;
    private volatile Thread caller;

    /** Written by the caller before {@link #posted} is raised; read by the worker after. */
    private Runnable task;

    /** Written by the worker before {@link #done} is raised; read by the caller after. */
    private Throwable failure;

    Concurrent(String name) {
      worker = new Thread(this::work, name);
      worker.setDaemon(true);
      // as the trainer thread: below the window's thread (Trainer's constructor says why)
      worker.setPriority(Thread.MIN_PRIORITY);
      worker.start();
    }

    @Override
    int threads() {
      return 2;
    }

    @Override
    void both(Runnable shard0, Runnable shard1) {
      if (closed) {
        throw new IllegalStateException("the shard thread has been closed");
      }
      caller = Thread.currentThread();
      task = shard1;
      long ticket = posted + 1;
      posted = ticket;
      LockSupport.unpark(worker);
      Throwable own = null;
      try {
        shard0.run();
      } catch (Throwable t) {
        own = t;
      }
      awaitDone(ticket);
      Throwable theirs = failure;
      failure = null;
      task = null;
      Throwable first = own != null ? own : theirs;
      if (first instanceof RuntimeException r) {
        throw r;
      }
      if (first instanceof Error e) {
        throw e;
      }
    }

    /** Waits for the worker to finish ticket (a caller interrupt is kept for later). */
    private void awaitDone(long ticket) {
      for (int i = 0; i < SPINS && done != ticket; i++) {
        Thread.onSpinWait();
      }
      boolean interrupted = false;
      while (done != ticket) {
        if (!worker.isAlive()) {
          throw new IllegalStateException("the shard thread ended unexpectedly");
        }
        LockSupport.parkNanos(this, 10_000_000L); // woken by the worker; the bound checks it lives
        interrupted |= Thread.interrupted();
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    private void work() {
      long seen = 0;
      while (true) {
        for (int i = 0; i < SPINS && posted == seen && !closed; i++) {
          Thread.onSpinWait();
        }
        while (posted == seen && !closed) {
          LockSupport.park(this);
          Thread.interrupted(); // nobody may stop the worker but close(): park must block again
        }
        if (closed) {
          return;
        }
        seen = posted;
        try {
          task.run();
        } catch (Throwable t) {
          failure = t;
        }
        done = seen;
        LockSupport.unpark(caller);
      }
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        LockSupport.unpark(worker);
        try {
          worker.join(1_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
