package org.ponderlab.core.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ponderlab.core.halting.EvaluationRule;
import org.ponderlab.core.halting.HaltingMethods;
import org.ponderlab.core.model.mnist.MnistCell;

/**
 * The catalogue of every user-facing setting, with defaults from HALTING.md. The command line
 * builds its options from it, the window its setup form, and {@link TrainingConfig} validates
 * through it, so a range is written once.
 */
public final class ConfigFields {
  public static final List<String> TASKS = TaskKind.ids();
  public static final List<String> METHODS = HaltingMethods.NAMES;

  /**
   * The evaluation rules each method allows, its default first, as stated in --help (read from
   * every {@code HaltingMethod.rules()}; TrainingConfig refuses any other pair).
   */
  public static final String RULES_BY_METHOD =
      "Allowed: "
          + METHODS.stream()
              .map(
                  m ->
                      m
                          + ": "
                          + HaltingMethods.create(m).rules().stream()
                              .map(EvaluationRule::cliName)
                              .collect(Collectors.joining(", ")))
              .collect(Collectors.joining("; "));

  /** The eval-rule setting's values: the method's default, or any rule ({@link EvaluationRule}). */
  private static final List<String> RULE_CHOICES =
      Stream.concat(
              Stream.of("default"),
              Arrays.stream(EvaluationRule.values()).map(EvaluationRule::cliName))
          .toList();

  private static final double INF = Double.MAX_VALUE;
  private static final Map<String, ConfigField> FIELDS = new LinkedHashMap<>();

  static {
    Set<String> parity = Set.of("parity");
    Set<String> ponder = Set.of("pondernet", "palbert");
    Set<String> cpvr = Set.of("cpvr");
    // what runs
    add(
        ConfigField.choice("task", TASKS)
            .label("Task")
            .describe("the task to train on")
            .byDefault("parity"));
    add(
        ConfigField.choice("method", METHODS)
            .label("Halting method")
            .describe("the halting method")
            .byDefault("pondernet"));
    add(
        ConfigField.wholeLong("seed")
            .label("Seed")
            .describe("seeds every random source of the run")
            .byDefault("1"));
    add(
        ConfigField.integer("iterations")
            .label("Iterations")
            .describe("training iterations (batches) to run")
            .byDefault("20000")
            .between(1, 100_000_000)
            .unit("iterations"));
    // task settings
    add(
        ConfigField.integer("bits")
            .label("Vector length")
            .describe("parity vector length D")
            .byDefault("8")
            .between(4, 64)
            .tasks(parity)
            .group(ConfigGroup.TASK)
            .unit("bits"));
    add(
        ConfigField.choice("parity-label", List.of("plus-ones", "nonzero"))
            .label("Parity label")
            .describe(
                "plus-ones: parity of the +1 count (Graves); nonzero: parity of the non-zero count (one "
                    + "reference's easier variant)")
            .byDefault("plus-ones")
            .tasks(parity)
            .group(ConfigGroup.TASK));
    add(
        ConfigField.choice("parity-split", List.of("uniform", "extrapolation"))
            .label("Parity split")
            .describe(
                "uniform: train and test on k = 1..D non-zeros; extrapolation: train on k ≤ D/2, "
                    + "test on every k (k > D/2 unseen in training; HALTING.md)")
            .byDefault("uniform")
            .tasks(parity)
            .group(ConfigGroup.MORE));
    add(
        ConfigField.integer("validation-size")
            .label("Validation size")
            .describe("examples in the fixed, seeded validation set")
            .byDefault("4096")
            .between(16, 1_000_000)
            .group(ConfigGroup.TASK)
            .unit("examples"));
    add(
        ConfigField.text("data")
            .label("Data folder")
            .describe("folder with MNIST-format IDX files (empty: the subset shipped in datasets/)")
            .byDefault("")
            .tasks(Set.of("mnist"))
            .group(ConfigGroup.TASK));
    add(
        ConfigField.decimal("mnist-noise")
            .label("Noise (MNIST)")
            .describe(
                "corrupt the digits: the share of pixels replaced by random grey at the strongest of five levels "
                    + "0, ¼, ½, ¾, 1 × this; the level is the difficulty; training sees levels 0–2, validation all five "
                    + "(0: clean digits, difficulty = digit)")
            .byDefault("0")
            .atLeast(0)
            .atMost(1)
            .tasks(Set.of("mnist"))
            .group(ConfigGroup.TASK));
    // network and optimiser
    add(
        ConfigField.decimal("lr")
            .label("Learning rate")
            .describe("Adam learning rate (may change mid-run)")
            .byDefault("0.0003")
            .above(0)
            .atMost(1)
            .group(ConfigGroup.NETWORK)
            .symbol("lr")
            .live());
    add(
        ConfigField.integer("hidden")
            .label("Hidden size")
            .describe("hidden units of the recurrent step function")
            .byDefault("64")
            .between(1, 1024)
            .group(ConfigGroup.NETWORK)
            .unit("units"));
    add(
        ConfigField.choice("cell", MnistCell.IDS)
            .label("Step cell")
            .describe(
                "MNIST's recurrent cell on the encoder's features e: gru, or mlp "
                    + "(h_n = tanh(W₂·relu(W₁·[e; h_{n−1}] + b₁) + b₂), paper 000); "
                    + "the other tasks have the GRU only")
            .byDefault("gru")
            .tasks(Set.of("mnist"))
            .group(ConfigGroup.NETWORK));
    add(
        ConfigField.integer("mlp-hidden")
            .label("MLP hidden size")
            .describe(
                "MNIST with cell mlp: units M of the MLP's hidden layer, between W₁ and W₂ "
                    + "(paper 000: 32; the GRU has no such layer)")
            .byDefault("32")
            .between(1, 1024)
            .tasks(Set.of("mnist"))
            .group(ConfigGroup.NETWORK)
            .unit("units"));
    add(
        ConfigField.integer("max-steps")
            .label("Max steps N")
            .describe("maximum number of ponder steps N")
            .byDefault("20")
            .between(1, 200)
            .group(ConfigGroup.NETWORK)
            .unit("steps"));
    add(
        ConfigField.integer("batch")
            .label("Batch size")
            .describe("examples per training batch")
            .byDefault("128")
            .between(1, 4096)
            .group(ConfigGroup.NETWORK)
            .unit("examples"));
    add(
        ConfigField.decimal("clip")
            .label("Gradient clip")
            .describe("global gradient-norm clip (0 disables)")
            .byDefault("1.0")
            .atLeast(0)
            .atMost(INF)
            .group(ConfigGroup.NETWORK));
    add(
        ConfigField.decimal("halting-bias")
            .label("Halting bias init")
            .describe("initial bias of the halting head (default -3 for act and pact)")
            .byDefault("0.0")
            .between(-20, 20)
            .group(ConfigGroup.NETWORK));
    // PonderNet family
    add(
        ConfigField.decimal("lambda-p")
            .label("λ_p (prior)")
            .describe(
                "geometric prior parameter λ_p (may change mid-run); 1 is excluded: the prior "
                    + "would be a point mass at step 1 and KL(p‖g) infinite")
            .byDefault("0.2")
            .above(0)
            .below(1)
            .methods(ponder)
            .group(ConfigGroup.HALTING)
            .symbol("λ_p")
            .live());
    add(
        ConfigField.decimal("beta")
            .label("β (KL weight)")
            .describe("weight β of KL(p‖prior) (may change mid-run)")
            .byDefault("0.01")
            .atLeast(0)
            .atMost(INF)
            .methods(ponder)
            .group(ConfigGroup.HALTING)
            .symbol("β")
            .live());
    add(
        ConfigField.choice("prior", List.of("normalized", "tail", "unnormalized"))
            .label("Prior")
            .describe(
                "geometric prior over 1..N: normalized (g/Σg), tail (last step takes the rest), unnormalized")
            .byDefault("normalized")
            .methods(ponder)
            .group(ConfigGroup.HALTING));
    add(
        ConfigField.choice("kl", List.of("forward", "reversed"))
            .label("KL direction")
            .describe(
                "forward: KL(p‖g) as in the paper; reversed: KL(g‖p) as several public codes compute")
            .byDefault("forward")
            .methods(ponder)
            .group(ConfigGroup.HALTING));
    // evaluation
    add(
        ConfigField.choice("eval-rule", RULE_CHOICES)
            .label("Evaluation rule")
            .describe(
                "how the trained model picks each example's halting step; default: the method's own. "
                    + RULES_BY_METHOD)
            .byDefault("default")
            .group(ConfigGroup.EVALUATION)
            .symbol("rule")
            .live());
    add(
        ConfigField.decimal("q")
            .label("q (Q-exit)")
            .describe("Q-exit threshold on the cumulative p")
            .byDefault("0.5")
            .above(0)
            .below(1)
            .group(ConfigGroup.EVALUATION)
            .symbol("q")
            .live());
    add(
        ConfigField.integer("eval-every")
            .label("Evaluate every")
            .describe("iterations between validation evaluations (snapshots)")
            .byDefault("250")
            .between(1, 1_000_000)
            .group(ConfigGroup.EVALUATION)
            .unit("iterations"));
    // stop condition (the window's transport bar; recorded in config.json, empty = none)
    add(
        ConfigField.decimal("target-accuracy")
            .label("Target accuracy")
            .describe("stop (finished) once validation accuracy reaches this; empty: no target")
            .byDefault("")
            .above(0)
            .atMost(1)
            .optional()
            .group(ConfigGroup.STOP)
            .symbol("target"));
    // ACT
    add(
        ConfigField.decimal("tau")
            .label("τ (ponder cost)")
            .describe("ACT ponder-cost weight τ")
            .byDefault("0.01")
            .atLeast(0)
            .atMost(INF)
            .methods(Set.of("act"))
            .group(ConfigGroup.HALTING)
            .symbol("τ"));
    add(
        ConfigField.decimal("act-epsilon")
            .label("ε (ACT)")
            .describe("ACT halts once Σh ≥ 1 − ε")
            .byDefault("0.01")
            .above(0)
            .below(1)
            .methods(Set.of("act"))
            .group(ConfigGroup.HALTING)
            .symbol("ε"));
    // PACT
    add(
        ConfigField.decimal("pact-tau")
            .label("τ (PACT)")
            .describe("PACT prior penalty τ on E[N]")
            .byDefault("0.01")
            .atLeast(0)
            .atMost(INF)
            .methods(Set.of("pact"))
            .group(ConfigGroup.HALTING)
            .symbol("τ"));
    add(
        ConfigField.decimal("temperature")
            .label("Temperature")
            .describe("relaxed-Bernoulli temperature (default 2/3, HALTING.md)")
            .byDefault(Double.toString(2.0 / 3))
            .above(0)
            .atMost(100)
            .methods(Set.of("pact"))
            .group(ConfigGroup.HALTING)
            .symbol("T"));
    add(
        ConfigField.choice("pact-estimator", List.of("relaxed", "reinforce"))
            .label("Estimator")
            .describe("relaxed (Concrete) or reinforce (score function with baseline)")
            .byDefault("relaxed")
            .methods(Set.of("pact"))
            .group(ConfigGroup.HALTING));
    // LAC
    add(
        ConfigField.decimal("alpha")
            .label("α (LAC)")
            .describe("LAC halts when |δ| < α·range; lower α runs more steps")
            .byDefault("1.0")
            .above(0)
            .atMost(1)
            .methods(Set.of("lac"))
            .group(ConfigGroup.HALTING)
            .symbol("α"));
    add(
        ConfigField.choice("lac-mode", List.of("example", "batch"))
            .label("LAC mode")
            .describe("example: a decision per example; batch: one decision for the batch")
            .byDefault("example")
            .methods(Set.of("lac"))
            .group(ConfigGroup.HALTING));
    // PALBERT
    add(
        ConfigField.decimal("lambda-lr")
            .label("Lambda learning rate")
            .describe("PALBERT's own learning rate for the Lambda head")
            .byDefault("0.0003")
            .above(0)
            .atMost(1)
            .methods(Set.of("palbert"))
            .group(ConfigGroup.HALTING));
    add(
        ConfigField.integer("lambda-width")
            .label("Lambda width")
            .describe(
                "width of the Lambda head's three tanh layers (their input, [h_n, h_{n−1}], is 2 × hidden wide)")
            .byDefault("16")
            .between(1, 4096)
            .methods(Set.of("palbert"))
            .group(ConfigGroup.HALTING)
            .unit("units"));
    add(
        ConfigField.decimal("truncate-epsilon")
            .label("Truncation ε")
            .describe("PALBERT: steps past cumulative p > 1 − ε leave the KL (0 disables)")
            .byDefault("0.05")
            .atLeast(0)
            .below(1)
            .methods(Set.of("palbert"))
            .group(ConfigGroup.HALTING));
    // PABEE
    // HALTING.md: "default 6 for 12 steps; scale with N", so the default is a rule, not a number
    add(
        ConfigField.integer("patience")
            .label("Patience")
            .describe(
                "PABEE exits after this many unchanged predictions; 0 = scale with N: "
                    + "round(N/2), HALTING.md's 6 for 12 steps")
            .byDefault("0")
            .between(0, 200)
            .methods(Set.of("pabee"))
            .group(ConfigGroup.HALTING)
            .unit("steps"));
    // C-PVR (paper 003): task and transformer models. The paper used L = 100, values in [1, 1000],
    // hidden 384, 6 heads, up to 64 layers; the defaults here train in minutes on a laptop CPU.
    add(
        ConfigField.choice("model", List.of("ut", "hyper-ut", "transformer", "gru"))
            .label("Model")
            .describe(
                "C-PVR network: ut (one shared block applied up to N times, with a step embedding), "
                    + "hyper-ut (ut whose dense layers, attention projections and MLP, hyper-modules generate per example and step from pools of modules), "
                    + "transformer (N distinct blocks, a readout after each), gru (the recurrent cell on the raw token values)")
            .byDefault("ut")
            .tasks(cpvr)
            .group(ConfigGroup.MORE));
    add(
        ConfigField.choice("cpvr-variant", List.of("plain", "modulus"))
            .label("C-PVR variant")
            .describe(
                "plain: values in [0, L), pointer = value; modulus: values in [0, K), "
                    + "pointer = label = value mod L (paper 003's main experiment; needs far longer training than plain)")
            .byDefault("plain")
            .tasks(cpvr)
            .group(ConfigGroup.MORE));
    add(
        ConfigField.integer("list-length")
            .label("List length L")
            .describe("C-PVR sequence length L (also the number of classes; paper 003: 100)")
            .byDefault("16")
            .between(10, 200)
            .tasks(cpvr)
            .group(ConfigGroup.MORE)
            .unit("tokens"));
    add(
        ConfigField.integer("value-range")
            .label("Value range K")
            .describe(
                "C-PVR values are in [0, K); 0 = the variant's default (L for plain, 10·L for modulus; "
                    + "paper 003: L = 100, values up to 1000)")
            .byDefault("0")
            .between(0, 1_000_000)
            .tasks(cpvr)
            .group(ConfigGroup.MORE));
    add(
        ConfigField.integer("train-hops")
            .label("Training hops")
            .describe(
                "training examples have 1..this many hops (uniform); the test set has 1..9 hops, "
                    + "an equal number each")
            .byDefault("4")
            .between(1, 199)
            .tasks(cpvr)
            .group(ConfigGroup.MORE)
            .unit("hops"));
    add(
        ConfigField.integer("model-dim")
            .label("Model width d")
            .describe("transformer width d (MLP width 4·d; paper 003: 384)")
            .byDefault("32")
            .between(2, 1024)
            .tasks(cpvr)
            .group(ConfigGroup.MORE)
            .unit("units"));
    add(
        ConfigField.integer("heads")
            .label("Attention heads")
            .describe("attention heads (model-dim must be a multiple; paper 003: 6)")
            .byDefault("2")
            .between(1, 64)
            .tasks(cpvr)
            .group(ConfigGroup.MORE)
            .unit("heads"));
    add(
        ConfigField.integer("pool-size")
            .label("Module pool size")
            .describe(
                "hyper-ut: module embeddings M in each hyper-module's pool (key and value width d/2)")
            .byDefault("8")
            .between(1, 1024)
            .tasks(cpvr)
            .group(ConfigGroup.MORE)
            .unit("modules"));
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

  /**
   * The default of field {@code name} for {@code method}: its method-specific default, else its
   * own.
   */
  public static String defaultText(String name, String method) {
    ConfigField f = get(name);
    return METHOD_DEFAULTS.getOrDefault(f.name(), Map.of()).getOrDefault(method, f.defaultText());
  }

  /**
   * The methods whose default for field {@code name} differs from the field's own, with that
   * default.
   */
  public static Map<String, String> methodDefaults(String name) {
    return new TreeMap<>(METHOD_DEFAULTS.getOrDefault(get(name).name(), Map.of()));
  }

  /** Every field, in display order. */
  public static List<ConfigField> all() {
    return List.copyOf(FIELDS.values());
  }

  /** The field of that command-line name; throws {@link ConfigException} for an unknown name. */
  public static ConfigField get(String name) {
    ConfigField f = FIELDS.get(name);
    if (f == null) {
      throw new ConfigException(
          name, name, "unknown setting; known: " + String.join(", ", FIELDS.keySet()));
    }
    return f;
  }

  /** The field of that command-line name, if there is one. */
  public static Optional<ConfigField> find(String name) {
    return Optional.ofNullable(FIELDS.get(name));
  }

  private static void add(ConfigField.Builder f) {
    ConfigField field = f.build();
    FIELDS.put(field.name(), field);
  }

  /** The settings that may change while a run trains, in catalogue order. */
  public static List<String> liveNames() {
    return FIELDS.values().stream().filter(ConfigField::live).map(ConfigField::name).toList();
  }

  /** Every field of a group, in catalogue order. */
  public static List<ConfigField> inGroup(ConfigGroup group) {
    return FIELDS.values().stream().filter(f -> f.group() == group).toList();
  }
}
