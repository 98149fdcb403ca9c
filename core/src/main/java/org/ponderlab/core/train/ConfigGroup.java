package org.ponderlab.core.train;

/** The groups of the setup form, in display order; each {@link ConfigField} names its own. */
public enum ConfigGroup {
  EXPERIMENT("Experiment"),
  TASK("Task"),
  HALTING("Halting method"),
  NETWORK("Network and optimiser"),
  EVALUATION("Evaluation"),
  /** Settings of the less common setups (parity's split, C-PVR), below the rest. */
  MORE("More"),
  /** Stop conditions: the transport bar shows these, next to Play, not the setup form. */
  STOP("Stop condition", false);

  private final String title;
  private final boolean inForm;

  ConfigGroup(String title) {
    this(title, true);
  }

  ConfigGroup(String title, boolean inForm) {
    this.title = title;
    this.inForm = inForm;
  }

  /** Whether the setup form shows the group's fields. */
  public boolean inForm() {
    return inForm;
  }

  /** The heading the window shows above the group. */
  public String title() {
    return title;
  }
}
