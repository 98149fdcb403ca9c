package org.ponderlab.core.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The catalogue of every user-facing setting, with defaults from HALTING.md. The command line
 * builds its options from it, the window its setup form, and {@link TrainingConfig} validates
 * through it, so a range is written once.
 */
public final class ConfigFields {
  public static final List<String> TASKS = List.of("parity", "mnist", "cpvr");
  public static final List<String> METHODS =
      List.of("pondernet", "act", "pact", "lac", "palbert", "pabee", "fixed");

  /**
   * The evaluation rules each method allows, its default first, as stated in --help (kept equal to
   * every {@code HaltingMethod.rules()} by ConfigFieldsTest; TrainingConfig refuses any other pair).
   */
  public static final String RULES_BY_METHOD = "Allowed: pondernet: sample, q-exit, expectation, mode; "
      + "act: act, last-step; pact: threshold, sample, relaxed, expectation; lac: lac, last-step; "
      + "palbert: q-exit, sample, expectation, mode; pabee: patience, last-step; fixed: last-step";

  private static final double INF = Double.MAX_VALUE;
  private static final Map<String, ConfigField> FIELDS = new LinkedHashMap<>();

  static {
    // what runs
    choice("task", "Task", "the task to train on", "parity", TASKS, Set.of(), Set.of());
    choice("method", "Halting method", "the halting method", "pondernet", METHODS, Set.of(), Set.of());
    longField("seed", "Seed", "seeds every random source of the run", "1");
    integer("iterations", "Iterations", "training iterations (batches) to run", "20000", 1, 100_000_000);
    // task settings
    integer("bits", "Vector length", "parity vector length D", "8", 4, 64, Set.of(), Set.of("parity"));
    choice("parity-label", "Parity label", "plus-ones: parity of the +1 count (Graves); nonzero: parity of the non-zero count (one reference's easier variant)",
        "plus-ones", List.of("plus-ones", "nonzero"), Set.of(), Set.of("parity"));
    choice("parity-split", "Parity split", "uniform: train and test on k = 1..D non-zeros; extrapolation: train on k ≤ D/2, "
        + "test on every k (k > D/2 unseen in training; HALTING.md)", "uniform", List.of("uniform", "extrapolation"),
        Set.of(), Set.of("parity"));
    integer("validation-size", "Validation size", "examples in the fixed, seeded validation set", "4096", 16, 1_000_000);
    text("data", "Data folder", "folder with MNIST-format IDX files (empty: the subset shipped in datasets/)", "", Set.of(), Set.of("mnist"));
    add(new ConfigField("mnist-noise", "Noise (MNIST)", "corrupt the digits: the share of pixels replaced by random grey at the "
        + "strongest of five levels 0, ¼, ½, ¾, 1 × this; the level is the difficulty; training sees levels 0–2, "
        + "validation all five (0: clean digits, difficulty = digit)", ConfigField.Type.DOUBLE, "0", 0, false, 1, false, List.of(),
        Set.of(), Set.of("mnist")));
    // network and optimiser
    integer("hidden", "Hidden size", "hidden units of the recurrent step function", "64", 1, 1024);
    integer("max-steps", "Max steps N", "maximum number of ponder steps N", "20", 1, 200);
    dbl("lr", "Learning rate", "Adam learning rate (may change mid-run)", "0.0003", 0, true, 1, false);
    integer("batch", "Batch size", "examples per training batch", "128", 1, 4096);
    dbl("clip", "Gradient clip", "global gradient-norm clip (0 disables)", "1.0", 0, false, INF, false);
    dbl("halting-bias", "Halting bias init", "initial bias of the halting head (default -3 for act and pact)", "0.0",
        -20, false, 20, false);
    // PonderNet family
    Set<String> ponder = Set.of("pondernet", "palbert");
    dbl("lambda-p", "λ_p (prior)", "geometric prior parameter λ_p (may change mid-run); 1 is excluded: the prior "
        + "would be a point mass at step 1 and KL(p‖g) infinite", "0.2", 0, true, 1, true, ponder);
    dbl("beta", "β (KL weight)", "weight β of KL(p‖prior) (may change mid-run)", "0.01", 0, false, INF, false, ponder);
    choice("prior", "Prior", "geometric prior over 1..N: normalized (g/Σg), tail (last step takes the rest), unnormalized",
        "normalized", List.of("normalized", "tail", "unnormalized"), ponder, Set.of());
    choice("kl", "KL direction", "forward: KL(p‖g) as in the paper; reversed: KL(g‖p) as several public codes compute",
        "forward", List.of("forward", "reversed"), ponder, Set.of());
    // evaluation
    integer("eval-every", "Evaluate every", "iterations between validation evaluations (snapshots)", "250", 1, 1_000_000);
    choice("eval-rule", "Evaluation rule", "how the trained model picks each example's halting step; default: the method's own. "
        + RULES_BY_METHOD,
        "default", List.of("default", "sample", "q-exit", "expectation", "mode", "threshold", "relaxed", "act", "lac", "patience", "last-step"), Set.of(), Set.of());
    dbl("q", "q (Q-exit)", "Q-exit threshold on the cumulative p", "0.5", 0, true, 1, true);
    // ACT
    dbl("tau", "τ (ponder cost)", "ACT ponder-cost weight τ", "0.01", 0, false, INF, false, Set.of("act"));
    dbl("act-epsilon", "ε (ACT)", "ACT halts once Σh ≥ 1 − ε", "0.01", 0, true, 1, true, Set.of("act"));
    // PACT
    dbl("pact-tau", "τ (PACT)", "PACT prior penalty τ on E[N]", "0.01", 0, false, INF, false, Set.of("pact"));
    dbl("temperature", "Temperature", "relaxed-Bernoulli temperature (default 2/3, HALTING.md)", Double.toString(2.0 / 3),
        0, true, 100, false, Set.of("pact"));
    choice("pact-estimator", "Estimator", "relaxed (Concrete) or reinforce (score function with baseline)",
        "relaxed", List.of("relaxed", "reinforce"), Set.of("pact"), Set.of());
    // LAC
    dbl("alpha", "α (LAC)", "LAC halts when |δ| < α·range; lower α runs more steps", "1.0", 0, true, 1, false, Set.of("lac"));
    choice("lac-mode", "LAC mode", "example: a decision per example; batch: one decision for the batch",
        "example", List.of("example", "batch"), Set.of("lac"), Set.of());
    // PALBERT
    dbl("lambda-lr", "Lambda learning rate", "PALBERT's own learning rate for the Lambda head", "0.0003", 0, true, 1, false, Set.of("palbert"));
    integer("lambda-width", "Lambda width", "width of the Lambda head's three tanh layers (their input, [h_n, h_{n−1}], is 2 × hidden wide)",
        "16", 1, 4096, Set.of("palbert"), Set.of());
    dbl("truncate-epsilon", "Truncation ε", "PALBERT: steps past cumulative p > 1 − ε leave the KL (0 disables)", "0.05", 0, false, 1, true, Set.of("palbert"));
    // PABEE
    // HALTING.md: "default 6 for 12 steps; scale with N", so the default is a rule, not a number
    integer("patience", "Patience", "PABEE exits after this many unchanged predictions; 0 = scale with N: "
        + "round(N/2), HALTING.md's 6 for 12 steps", "0", 0, 200, Set.of("pabee"), Set.of());
    // C-PVR (paper 003): task and transformer models. The paper used L = 100, values in [1, 1000],
    // hidden 384, 6 heads, up to 64 layers; the defaults here train in minutes on a laptop CPU.
    Set<String> cpvr = Set.of("cpvr");
    choice("model", "Model", "C-PVR network: ut (one shared block applied up to N times, with a step embedding), "
        + "hyper-ut (ut whose MLP weights a hyper-module generates per example from a pool of modules), "
        + "transformer (N distinct blocks, a readout after each), gru (the recurrent cell on the raw token values)",
        "ut", List.of("ut", "hyper-ut", "transformer", "gru"), Set.of(), cpvr);
    choice("cpvr-variant", "C-PVR variant", "plain: values in [0, L), pointer = value; modulus: values in [0, K), "
        + "pointer = label = value mod L (paper 003's main experiment; needs far longer training than plain)",
        "plain", List.of("plain", "modulus"), Set.of(), cpvr);
    integer("list-length", "List length L", "C-PVR sequence length L (also the number of classes; paper 003: 100)",
        "16", 10, 200, Set.of(), cpvr);
    integer("value-range", "Value range K", "C-PVR values are in [0, K); 0 = the variant's default (L for plain, 10·L for modulus; "
        + "paper 003: L = 100, values up to 1000)", "0", 0, 1_000_000, Set.of(), cpvr);
    integer("train-hops", "Training hops", "training examples have 1..this many hops (uniform); the test set has 1..9 hops, "
        + "an equal number each", "4", 1, 199, Set.of(), cpvr);
    integer("model-dim", "Model width d", "transformer width d (MLP width 4·d; paper 003: 384)", "32", 2, 1024, Set.of(), cpvr);
    integer("heads", "Attention heads", "attention heads (model-dim must be a multiple; paper 003: 6)", "2", 1, 64, Set.of(), cpvr);
    integer("pool-size", "Module pool size", "hyper-ut: module embeddings M in each hyper-module's pool (key and value width d/2)",
        "8", 1, 1024, Set.of(), cpvr);
  }

  /**
   * Defaults that depend on the method, field → (method → default text); every other field and
   * method takes the field's own default. Halting bias −3: PACT by HALTING.md ("Halting bias
   * initialised to −3"); ACT because it is the value measured to learn parity-8 under the lab's
   * defaults (docs/methods-results.md: lr 3e-4, τ 0.01, 50k iterations: −3 reaches 0.963, +1 only
   * 0.913; both sit at one step for the first ~20k. At lr 1e-3 both learn, +1 sooner).
   */
  private static final Map<String, Map<String, String>> METHOD_DEFAULTS =
      Map.of("halting-bias", Map.of("act", "-3.0", "pact", "-3.0"));

  private ConfigFields() {}

  /** The default of field {@code name} for {@code method}: its method-specific default, else its own. */
  public static String defaultText(String name, String method) {
    ConfigField f = get(name);
    return METHOD_DEFAULTS.getOrDefault(f.name(), Map.of()).getOrDefault(method, f.defaultText());
  }

  /** The methods whose default for field {@code name} differs from the field's own, with that default. */
  public static Map<String, String> methodDefaults(String name) {
    return new java.util.TreeMap<>(METHOD_DEFAULTS.getOrDefault(get(name).name(), Map.of()));
  }

  /** Every field, in display order. */
  public static List<ConfigField> all() {
    return List.copyOf(FIELDS.values());
  }

  /** The field of that command-line name; throws {@link ConfigException} for an unknown name. */
  public static ConfigField get(String name) {
    ConfigField f = FIELDS.get(name);
    if (f == null) {
      throw new ConfigException(name, name, "unknown setting; known: " + String.join(", ", FIELDS.keySet()));
    }
    return f;
  }

  private static void add(ConfigField f) {
    FIELDS.put(f.name(), f);
  }

  private static void choice(String n, String l, String d, String def, List<String> ch, Set<String> m, Set<String> t) {
    add(new ConfigField(n, l, d, ConfigField.Type.CHOICE, def, 0, false, 0, false, ch, m, t));
  }

  private static void text(String n, String l, String d, String def, Set<String> m, Set<String> t) {
    add(new ConfigField(n, l, d, ConfigField.Type.TEXT, def, 0, false, 0, false, List.of(), m, t));
  }

  private static void longField(String n, String l, String d, String def) {
    add(new ConfigField(n, l, d, ConfigField.Type.LONG, def, Long.MIN_VALUE, false, Long.MAX_VALUE, false, List.of(), Set.of(), Set.of()));
  }

  private static void integer(String n, String l, String d, String def, int min, int max) {
    integer(n, l, d, def, min, max, Set.of(), Set.of());
  }

  private static void integer(String n, String l, String d, String def, int min, int max, Set<String> m, Set<String> t) {
    add(new ConfigField(n, l, d, ConfigField.Type.INT, def, min, false, max, false, List.of(), m, t));
  }

  private static void dbl(String n, String l, String d, String def, double min, boolean minOpen, double max, boolean maxOpen) {
    dbl(n, l, d, def, min, minOpen, max, maxOpen, Set.of());
  }

  private static void dbl(String n, String l, String d, String def, double min, boolean minOpen, double max, boolean maxOpen, Set<String> m) {
    add(new ConfigField(n, l, d, ConfigField.Type.DOUBLE, def, min, minOpen, max, maxOpen, List.of(), m, Set.of()));
  }
}
