package org.ponderlab.core.train;

/**
 * Receives what a {@link Trainer} publishes, on the trainer's thread: implementations must return
 * quickly and hand work to their own thread (the window stores the snapshot in an atomic reference
 * that its animation timer polls).
 */
public interface TrainingListener {
  default void onSnapshot(Snapshot snapshot) {}

  default void onStateChanged(TrainerState state, String message) {}

  /**
   * Called right after each {@link #onSnapshot} with the state to continue from. Its arrays are the
   * trainer's live buffers: copy or write them before returning, never modify them.
   */
  default void onCheckpoint(TrainingCheckpoint checkpoint) {}
}
