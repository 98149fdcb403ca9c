package org.ponderlab.core.halting;

import java.util.List;

/** The halting methods by command-line name (the settings catalogue's method choices). */
public final class HaltingMethods {
  /**
   * Every method name, in the order the command line and the window list them (the catalogue's).
   */
  public static final List<String> NAMES =
      List.of("pondernet", "act", "pact", "lac", "palbert", "pabee", "fixed");

  private HaltingMethods() {}

  /** A fresh instance (each holds its own scratch, and PACT its REINFORCE baseline). */
  public static HaltingMethod create(String name) {
    return switch (name) {
      case "pondernet" -> new PonderNet();
      case "act" -> new Act();
      case "pact" -> new Pact();
      case "lac" -> new Lac();
      case "palbert" -> new Palbert();
      case "pabee" -> new Pabee();
      case "fixed" -> new FixedDepth();
      default ->
          throw new IllegalArgumentException(
              "unknown halting method '" + name + "'; allowed: " + String.join(", ", NAMES));
    };
  }

  /**
   * Whether the method trains the network's halting head (its logits get a gradient); for LAC,
   * PABEE and fixed depth the head is dead weight and the trainer may skip it.
   */
  public static boolean usesHaltingHead(String name) {
    create(name); // rejects an unknown name with the allowed list
    return switch (name) {
      case "pondernet", "act", "pact", "palbert" -> true;
      default -> false;
    };
  }

  /** Whether the method reads the hidden-state norms (LAC). */
  public static boolean usesHiddenNorms(String name) {
    create(name);
    return "lac".equals(name);
  }

  /** The method's default evaluation rule (the first of its rules). */
  public static EvaluationRule defaultRule(String name) {
    return create(name).rules().get(0);
  }
}
