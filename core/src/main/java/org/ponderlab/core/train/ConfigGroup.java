package org.ponderlab.core.train;

/** The groups of the setup form, in display order; each {@link ConfigField} names its own. */
public enum ConfigGroup {
  EXPERIMENT("Experiment"),
  TASK("Task"),
  HALTING("Halting method"),
  NETWORK("Network and optimiser"),
  EVALUATION("Evaluation");

  private final String title;

  ConfigGroup(String title) {
    this.title = title;
  }

  /** The heading the window shows above the group. */
  public String title() {
    return title;
  }
}
