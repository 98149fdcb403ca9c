package org.ponderlab.core.train;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ponderlab.core.halting.Act;
import org.ponderlab.core.halting.EvaluationRule;
import org.ponderlab.core.halting.HaltingMethod;
import org.ponderlab.core.halting.HaltingMethods;
import org.ponderlab.core.halting.HaltingSettings;
import org.ponderlab.core.halting.Lac;
import org.ponderlab.core.halting.Pabee;
import org.ponderlab.core.halting.Pact;
import org.ponderlab.core.halting.Palbert;
import org.ponderlab.core.halting.PonderNet;
import org.ponderlab.core.halting.Prior;

/**
 * Every setting of a run, immutable and validated at construction (each value against its {@link
 * ConfigFields} range, with a message naming the field, then the rules across fields). Each
 * component is the catalogue field of the same name in kebab-case ({@code lambdaP} is {@code
 * lambda-p}); {@link SettingsRecord} converts to and from text through that one mapping. The live
 * settings (the fields marked live: lr, β, λ_p, eval-rule, q) change by building a new config with
 * {@link #with(String, String)}.
 *
 * @param task a {@link TaskKind} id: parity | mnist | cpvr
 * @param method pondernet | act | pact | lac | palbert | pabee | fixed
 * @param seed seeds every random source
 * @param iterations training iterations to run
 * @param bits parity vector length D
 * @param parityLabel plus-ones | nonzero
 * @param paritySplit uniform | extrapolation (train on k ≤ D/2; runs saved before it existed:
 *     uniform)
 * @param validationSize fixed validation set size
 * @param data MNIST IDX folder ("" = shipped subset)
 * @param mnistNoise MNIST corruption: share of pixels replaced by random grey at the strongest
 *     level (0: clean digits; runs saved before it existed: 0)
 * @param hidden recurrent hidden size H
 * @param cell MNIST's recurrent cell: gru | mlp (mlp with any other task is refused; runs saved
 *     before it existed: gru)
 * @param mlpHidden width M of the MLP cell's hidden layer (runs saved before it existed: 32)
 * @param maxSteps N
 * @param lr Adam learning rate
 * @param batch batch size
 * @param clip global gradient-norm clip (0 = off)
 * @param haltingBias initial halting-head bias
 * @param lambdaP geometric prior λ_p
 * @param beta KL weight β
 * @param prior normalized | tail | unnormalized
 * @param kl forward | reversed
 * @param evalEvery iterations between evaluations
 * @param evalRule "default" or an {@link EvaluationRule} name
 * @param targetAccuracy stop once validation accuracy reaches it (NaN: no target)
 * @param q Q-exit threshold
 * @param tau ACT ponder cost weight
 * @param actEpsilon ACT ε
 * @param pactTau PACT τ
 * @param temperature PACT relaxed-Bernoulli temperature
 * @param pactEstimator relaxed | reinforce
 * @param alpha LAC α
 * @param lacMode example | batch
 * @param lambdaLr PALBERT Lambda-head learning rate
 * @param lambdaWidth PALBERT Lambda-head width
 * @param truncateEpsilon PALBERT KL truncation ε
 * @param patience PABEE patience
 * @param model C-PVR network: ut | hyper-ut | transformer | gru
 * @param cpvrVariant plain | modulus
 * @param listLength C-PVR sequence length L
 * @param valueRange C-PVR value range K (0: the variant's default)
 * @param trainHops C-PVR training hop counts 1..trainHops
 * @param modelDim transformer width d
 * @param heads attention heads
 * @param poolSize Hyper-UT module pool size M
 */
public record TrainingConfig(
    String task,
    String method,
    long seed,
    int iterations,
    int bits,
    String parityLabel,
    String paritySplit,
    int validationSize,
    String data,
    double mnistNoise,
    int hidden,
    String cell,
    int mlpHidden,
    int maxSteps,
    double lr,
    int batch,
    double clip,
    double haltingBias,
    double lambdaP,
    double beta,
    String prior,
    String kl,
    int evalEvery,
    String evalRule,
    double q,
    double targetAccuracy,
    double tau,
    double actEpsilon,
    double pactTau,
    double temperature,
    String pactEstimator,
    double alpha,
    String lacMode,
    double lambdaLr,
    int lambdaWidth,
    double truncateEpsilon,
    int patience,
    String model,
    String cpvrVariant,
    int listLength,
    int valueRange,
    int trainHops,
    int modelDim,
    int heads,
    int poolSize)
    implements HaltingSettings {

  /** The one mapping between these components and the catalogue's fields. */
  private static final SettingsRecord<TrainingConfig> FIELDS =
      new SettingsRecord<>(TrainingConfig.class);

  /** Checks every value against its catalogue field, then the rules across fields. */
  public TrainingConfig {
    FIELDS.check(
        task,
        method,
        seed,
        iterations,
        bits,
        parityLabel,
        paritySplit,
        validationSize,
        data,
        mnistNoise,
        hidden,
        cell,
        mlpHidden,
        maxSteps,
        lr,
        batch,
        clip,
        haltingBias,
        lambdaP,
        beta,
        prior,
        kl,
        evalEvery,
        evalRule,
        q,
        targetAccuracy,
        tau,
        actEpsilon,
        pactTau,
        temperature,
        pactEstimator,
        alpha,
        lacMode,
        lambdaLr,
        lambdaWidth,
        truncateEpsilon,
        patience,
        model,
        cpvrVariant,
        listLength,
        valueRange,
        trainHops,
        modelDim,
        heads,
        poolSize);
    if (patience > maxSteps && "pabee".equals(method)) {
      throw new ConfigException(
          "patience", Integer.toString(patience), "must be at most max-steps (" + maxSteps + ")");
    }
    checkRule(method, evalRule);
    checkCell(task, cell);
    if (TaskKind.of(task) == TaskKind.CPVR) {
      checkCpvr(model, cpvrVariant, listLength, valueRange, trainHops, modelDim, heads);
    }
  }

  /**
   * An evaluation rule must be one of the method's own ({@link HaltingMethod#rules()}): each method
   * produces the quantities only its rules read (ACT's cumulative h, PACT's h_n, PonderNet's p_n).
   */
  private static void checkRule(String method, String evalRule) {
    if (evalRule == null || "default".equals(evalRule) || !HaltingMethods.NAMES.contains(method)) {
      return;
    }
    List<EvaluationRule> rules = HaltingMethods.create(method).rules();
    if (!rules.contains(EvaluationRule.parse(evalRule))) {
      throw new ConfigException(
          "eval-rule",
          evalRule,
          "method "
              + method
              + " allows "
              + rules.stream().map(EvaluationRule::cliName).collect(Collectors.joining(", "))
              + " (or default: "
              + rules.get(0)
              + ")");
    }
  }

  /**
   * Only MNIST has a choice of cell (HALTING.md: "GRU or MLP" is said of MNIST's step function);
   * parity and C-PVR's recurrent model run the GRU, so an MLP there would be silently ignored.
   */
  private static void checkCell(String task, String cell) {
    if (!"gru".equals(cell) && TaskKind.of(task) != TaskKind.MNIST) {
      throw new ConfigException(
          "cell",
          cell,
          "only the mnist task has a choice of cell; task " + task + " allows gru only");
    }
  }

  /**
   * PABEE's patience in steps: the setting, or for 0 the spec's rule "6 for 12 steps, scale with
   * N", round(N/2) (at least 1).
   */
  public int effectivePatience() {
    return patience > 0 ? patience : Math.max(1, (int) Math.round(maxSteps / 2.0));
  }

  /** C-PVR's cross-field rules (the test set has up to 9 hops, which need L ≥ 10). */
  private static void checkCpvr(
      String model,
      String variant,
      int listLength,
      int valueRange,
      int trainHops,
      int modelDim,
      int heads) {
    if (trainHops > listLength - 1) {
      throw new ConfigException(
          "train-hops",
          Integer.toString(trainHops),
          "must be below list-length (" + listLength + ")");
    }
    if ("plain".equals(variant) && valueRange != 0 && valueRange != listLength) {
      throw new ConfigException(
          "value-range",
          Integer.toString(valueRange),
          "the plain variant has K = L: use 0 or " + listLength);
    }
    if ("modulus".equals(variant) && valueRange != 0 && valueRange <= listLength) {
      throw new ConfigException(
          "value-range",
          Integer.toString(valueRange),
          "the modulus variant needs K > L (" + listLength + "), or 0 for 10·L");
    }
    if (!"gru".equals(model) && modelDim % heads != 0) {
      throw new ConfigException(
          "heads",
          Integer.toString(heads),
          "model-dim (" + modelDim + ") must be a multiple of heads");
    }
  }

  /** The defaults of HALTING.md for parity with PonderNet. */
  public static TrainingConfig defaults() {
    return fromText(Map.of());
  }

  /**
   * Builds a config from command-line style text values; missing names take their defaults, the
   * method's own where it has one ({@link ConfigFields#defaultText(String, String)}). Every value
   * is parsed and range-checked by its {@link ConfigField}.
   */
  public static TrainingConfig fromText(Map<String, String> values) {
    Map<String, Object> v = new HashMap<>();
    ConfigField methodField = ConfigFields.get("method");
    String method =
        (String) methodField.parse(values.getOrDefault("method", methodField.defaultText()));
    for (ConfigField f : ConfigFields.all()) {
      v.put(f.name(), f.parse(ConfigFields.defaultText(f.name(), method)));
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      ConfigField f = ConfigFields.get(e.getKey());
      v.put(f.name(), f.parse(e.getValue()));
    }
    return FIELDS.build(v);
  }

  /**
   * A copy with one setting changed (validated). Every other setting keeps its value, even one
   * whose default differs by method when the method is the setting changed.
   */
  public TrainingConfig with(String name, String value) {
    Map<String, String> text = toText();
    text.put(ConfigFields.get(name).name(), value);
    return fromText(text);
  }

  /** Every setting as text, keyed by command-line name, in catalogue order. */
  public Map<String, String> toText() {
    return FIELDS.toText(this);
  }

  /** The task this config trains on, with its facts (name, difficulty, how to build it). */
  public TaskKind taskKind() {
    return TaskKind.of(task);
  }

  /**
   * The largest difficulty the training data holds: parity with the extrapolation split D/2, C-PVR
   * its train-hops; {@link Integer#MAX_VALUE} when training covers every difficulty. Validation
   * inputs above it are <em>unseen</em>: evaluations report them apart and charts shade them.
   */
  public int seenUpTo() {
    return taskKind().seenUpTo(this);
  }

  // each halting method's own parameters, typed (HaltingSettings)

  @Override
  public PonderNet.Params ponderNet() {
    return new PonderNet.Params(lambdaP, beta, Prior.parse(prior), "reversed".equals(kl), q);
  }

  @Override
  public Act.Params act() {
    return new Act.Params(tau, actEpsilon);
  }

  @Override
  public Pact.Params pact() {
    return new Pact.Params(pactTau, temperature, "reinforce".equals(pactEstimator));
  }

  @Override
  public Lac.Params lac() {
    return new Lac.Params(alpha, "batch".equals(lacMode));
  }

  @Override
  public Palbert.Params palbert() {
    return new Palbert.Params(ponderNet(), truncateEpsilon);
  }

  @Override
  public Pabee.Params pabee() {
    return new Pabee.Params(effectivePatience());
  }

  /** The evaluation rule in force: the user's choice, or the method's own default. */
  public EvaluationRule evaluationRule(EvaluationRule methodDefault) {
    return "default".equals(evalRule) ? methodDefault : EvaluationRule.parse(evalRule);
  }
}
