package org.ponderlab.app.lab;

/**
 * How a window action that writes a user's file ended: written, refused (with why), or stopped
 * before replacing a file the user already has, so that the window asks and, if the user agrees,
 * runs the action again with replacing allowed. One type for every such action (saving a preset,
 * exporting a comparison) so that "asks first" is a kind, not a message prefix to match.
 *
 * @param kind what happened
 * @param message what to tell the user: why it was refused, or what exists and the question; empty
 *     when written
 * @param existing for {@link Kind#ASKS_TO_REPLACE}, the name or path of what would be replaced
 */
public record WriteOutcome(Kind kind, String message, String existing) {
  /** The three ways a write can end. */
  public enum Kind {
    WRITTEN,
    REFUSED,
    ASKS_TO_REPLACE
  }

  static WriteOutcome written() {
    return new WriteOutcome(Kind.WRITTEN, "", "");
  }

  static WriteOutcome refused(String why) {
    return new WriteOutcome(Kind.REFUSED, why, "");
  }

  static WriteOutcome asksToReplace(String existing, String question) {
    return new WriteOutcome(Kind.ASKS_TO_REPLACE, question, existing);
  }

  public boolean isWritten() {
    return kind == Kind.WRITTEN;
  }

  public boolean asksToReplace() {
    return kind == Kind.ASKS_TO_REPLACE;
  }

  /** What the status bar shows as the action's problem: null when written. */
  public String problem() {
    return isWritten() ? null : message;
  }
}
