package org.ponderlab.core.halting;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a trained model decides each example's halting step at evaluation (HALTING.md). A rule is a
 * value the user may switch on a trained model without retraining; each method lists the rules it
 * supports.
 */
public enum EvaluationRule {
  /** Halt at each step with probability λ_n (PonderNet's rule; stochastic, seeded). */
  SAMPLE("sample"),
  /** Halt at the first n with Σ_{j≤n} p_j &gt; q (PALBERT; deterministic). */
  Q_EXIT("q-exit"),
  /** Predict Σ_n p_n·σ(ŷ_n) over all N steps; steps reported as Σ n·p_n. */
  EXPECTATION("expectation"),
  /** Halt at argmax_n p_n (teaching only). */
  MODE("mode"),
  /** PACT: halt at the first n with h_n &gt; 0.5. */
  THRESHOLD("threshold"),
  /**
   * PACT's training estimator at evaluation: noisy relaxed halting weights ẑ_n (temperature T),
   * prediction from the mixed logits Σ ẑ_n ŷ_n over all N steps; steps reported as Σ n·ẑ_n rounded.
   */
  RELAXED("relaxed"),
  /** ACT: halt once Σ h_n ≥ 1 − ε, mean-field output. */
  ACT("act"),
  /** LAC: halt when the change of the state's L2 norm falls below α·range. */
  LAC("lac"),
  /** PABEE: halt when the prediction has not changed for `patience` steps. */
  PATIENCE("patience"),
  /** Always run N steps. */
  LAST_STEP("last-step");

  private final String cliName;

  EvaluationRule(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public static EvaluationRule parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (EvaluationRule r : values()) {
      if (r.cliName.equals(t) || r.name().equalsIgnoreCase(t)) {
        return r;
      }
    }
    if (t.equals("discrete")) {
      return SAMPLE; // PACT's name for sampling Bernoulli(h_n) (HALTING.md); the same rule as
      // PonderNet's sample
    }
    throw new IllegalArgumentException(
        "unknown evaluation rule '" + text + "'; allowed: " + allowedNames());
  }

  public static String allowedNames() {
    return Arrays.stream(values()).map(EvaluationRule::cliName).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return cliName;
  }
}
