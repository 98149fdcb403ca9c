package org.ponderlab.core.train;

/** Where a trainer is in its life. */
public enum TrainerState {
  /** Built, not yet trained, waiting for play or step. */
  READY,
  RUNNING,
  PAUSED,
  /** Reached its iteration budget or stop condition. */
  FINISHED,
  /** Stopped by the user. */
  STOPPED,
  /** Stopped by an error (NaN loss, a failure); the message says what went wrong. */
  FAILED;

  public boolean isTerminal() {
    return this == FINISHED || this == STOPPED || this == FAILED;
  }
}
