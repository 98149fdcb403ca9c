package org.ponderlab.core.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.stream.Collectors;
import org.ponderlab.core.halting.EvaluationRule;
import org.ponderlab.core.halting.HaltingMethod;
import org.ponderlab.core.halting.HaltingMethods;

/**
 * Every setting of a run, immutable and validated at construction (each value against its {@link
 * ConfigFields} range, with a message naming the field). The settings that may change mid-run
 * (lr, β, λ_p) change by building a new config with {@link #with(String, String)}.
 *
 * @param task            parity | mnist | cpvr
 * @param method          pondernet | act | pact | lac | palbert | pabee | fixed
 * @param seed            seeds every random source
 * @param iterations      training iterations to run
 * @param bits            parity vector length D
 * @param parityLabel     plus-ones | nonzero
 * @param paritySplit     uniform | extrapolation (train on k ≤ D/2; runs saved before it existed: uniform)
 * @param validationSize  fixed validation set size
 * @param data            MNIST IDX folder ("" = shipped subset)
 * @param mnistNoise      MNIST corruption: share of pixels replaced by random grey at the strongest
 *                        level (0: clean digits; runs saved before it existed: 0)
 * @param hidden          recurrent hidden size H
 * @param maxSteps        N
 * @param lr              Adam learning rate
 * @param batch           batch size
 * @param clip            global gradient-norm clip (0 = off)
 * @param haltingBias     initial halting-head bias
 * @param lambdaP         geometric prior λ_p
 * @param beta            KL weight β
 * @param prior           normalized | tail | unnormalized
 * @param kl              forward | reversed
 * @param evalEvery       iterations between evaluations
 * @param evalRule        "default" or an {@link EvaluationRule} name
 * @param q               Q-exit threshold
 * @param tau             ACT ponder cost weight
 * @param actEpsilon      ACT ε
 * @param pactTau         PACT τ
 * @param temperature     PACT relaxed-Bernoulli temperature
 * @param pactEstimator   relaxed | reinforce
 * @param alpha           LAC α
 * @param lacMode         example | batch
 * @param lambdaLr        PALBERT Lambda-head learning rate
 * @param lambdaWidth     PALBERT Lambda-head width
 * @param truncateEpsilon PALBERT KL truncation ε
 * @param patience        PABEE patience
 * @param model           C-PVR network: ut | hyper-ut | transformer | gru
 * @param cpvrVariant     plain | modulus
 * @param listLength      C-PVR sequence length L
 * @param valueRange      C-PVR value range K (0: the variant's default)
 * @param trainHops       C-PVR training hop counts 1..trainHops
 * @param modelDim        transformer width d
 * @param heads           attention heads
 * @param poolSize        Hyper-UT module pool size M
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
    int poolSize) {

  /** Cross-field rules; each single value is range-checked by its field in {@link #fromText}. */
  public TrainingConfig {
    if (patience > maxSteps && "pabee".equals(method)) {
      throw new ConfigException("patience", Integer.toString(patience), "must be at most max-steps (" + maxSteps + ")");
    }
    checkRule(method, evalRule);
    if ("cpvr".equals(task)) {
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
      throw new ConfigException("eval-rule", evalRule, "method " + method + " allows "
          + rules.stream().map(EvaluationRule::cliName).collect(Collectors.joining(", ")) + " (or default: " + rules.get(0) + ")");
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
  private static void checkCpvr(String model, String variant, int listLength, int valueRange, int trainHops,
      int modelDim, int heads) {
    if (trainHops > listLength - 1) {
      throw new ConfigException("train-hops", Integer.toString(trainHops), "must be below list-length (" + listLength + ")");
    }
    if ("plain".equals(variant) && valueRange != 0 && valueRange != listLength) {
      throw new ConfigException("value-range", Integer.toString(valueRange), "the plain variant has K = L: use 0 or " + listLength);
    }
    if ("modulus".equals(variant) && valueRange != 0 && valueRange <= listLength) {
      throw new ConfigException("value-range", Integer.toString(valueRange), "the modulus variant needs K > L (" + listLength + "), or 0 for 10·L");
    }
    if (!"gru".equals(model) && modelDim % heads != 0) {
      throw new ConfigException("heads", Integer.toString(heads), "model-dim (" + modelDim + ") must be a multiple of heads");
    }
  }

  /** The defaults of HALTING.md for parity with PonderNet. */
  public static TrainingConfig defaults() {
    return fromText(Map.of());
  }

  /**
   * Builds a config from command-line style text values; missing names take their defaults, the
   * method's own where it has one ({@link ConfigFields#defaultText(String, String)}). Every value is
   * parsed and range-checked by its {@link ConfigField}; build configs this way (or with {@link
   * #with}) rather than through the canonical constructor.
   */
  public static TrainingConfig fromText(Map<String, String> values) {
    Map<String, Object> v = new LinkedHashMap<>();
    ConfigField methodField = ConfigFields.get("method");
    String method = (String) methodField.parse(values.getOrDefault("method", methodField.defaultText()));
    for (ConfigField f : ConfigFields.all()) {
      v.put(f.name(), f.parse(ConfigFields.defaultText(f.name(), method)));
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      ConfigField f = ConfigFields.get(e.getKey());
      v.put(f.name(), f.parse(e.getValue()));
    }
    return new TrainingConfig(
        (String) v.get("task"),
        (String) v.get("method"),
        (Long) v.get("seed"),
        (Integer) v.get("iterations"),
        (Integer) v.get("bits"),
        (String) v.get("parity-label"),
        (String) v.get("parity-split"),
        (Integer) v.get("validation-size"),
        (String) v.get("data"),
        (Double) v.get("mnist-noise"),
        (Integer) v.get("hidden"),
        (Integer) v.get("max-steps"),
        (Double) v.get("lr"),
        (Integer) v.get("batch"),
        (Double) v.get("clip"),
        (Double) v.get("halting-bias"),
        (Double) v.get("lambda-p"),
        (Double) v.get("beta"),
        (String) v.get("prior"),
        (String) v.get("kl"),
        (Integer) v.get("eval-every"),
        (String) v.get("eval-rule"),
        (Double) v.get("q"),
        (Double) v.get("tau"),
        (Double) v.get("act-epsilon"),
        (Double) v.get("pact-tau"),
        (Double) v.get("temperature"),
        (String) v.get("pact-estimator"),
        (Double) v.get("alpha"),
        (String) v.get("lac-mode"),
        (Double) v.get("lambda-lr"),
        (Integer) v.get("lambda-width"),
        (Double) v.get("truncate-epsilon"),
        (Integer) v.get("patience"),
        (String) v.get("model"),
        (String) v.get("cpvr-variant"),
        (Integer) v.get("list-length"),
        (Integer) v.get("value-range"),
        (Integer) v.get("train-hops"),
        (Integer) v.get("model-dim"),
        (Integer) v.get("heads"),
        (Integer) v.get("pool-size"));
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
    return asText(this);
  }

  /**
   * The largest difficulty the training data holds: parity with the extrapolation split D/2, C-PVR
   * its train-hops, corrupted MNIST its mild levels; {@link Integer#MAX_VALUE} when training covers every difficulty. Validation
   * inputs above it are <em>unseen</em>: evaluations report them apart and charts shade them.
   */
  public int seenUpTo() {
    return switch (task) {
      case "parity" -> "extrapolation".equals(paritySplit) ? bits / 2 : Integer.MAX_VALUE;
      case "cpvr" -> trainHops;
      case "mnist" -> mnistNoise > 0 ? org.ponderlab.core.task.mnist.Corruption.MILDEST_UNSEEN - 1 : Integer.MAX_VALUE;
      default -> Integer.MAX_VALUE;
    };
  }

  /** The evaluation rule in force: the user's choice, or the method's own default. */
  public EvaluationRule evaluationRule(EvaluationRule methodDefault) {
    return "default".equals(evalRule) ? methodDefault : EvaluationRule.parse(evalRule);
  }

  private static Map<String, String> asText(TrainingConfig c) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("task", c.task);
    m.put("method", c.method);
    m.put("seed", Long.toString(c.seed));
    m.put("iterations", Integer.toString(c.iterations));
    m.put("bits", Integer.toString(c.bits));
    m.put("parity-label", c.parityLabel);
    m.put("parity-split", c.paritySplit);
    m.put("validation-size", Integer.toString(c.validationSize));
    m.put("data", c.data == null ? "" : c.data);
    m.put("mnist-noise", Double.toString(c.mnistNoise));
    m.put("hidden", Integer.toString(c.hidden));
    m.put("max-steps", Integer.toString(c.maxSteps));
    m.put("lr", Double.toString(c.lr));
    m.put("batch", Integer.toString(c.batch));
    m.put("clip", Double.toString(c.clip));
    m.put("halting-bias", Double.toString(c.haltingBias));
    m.put("lambda-p", Double.toString(c.lambdaP));
    m.put("beta", Double.toString(c.beta));
    m.put("prior", c.prior);
    m.put("kl", c.kl);
    m.put("eval-every", Integer.toString(c.evalEvery));
    m.put("eval-rule", c.evalRule);
    m.put("q", Double.toString(c.q));
    m.put("tau", Double.toString(c.tau));
    m.put("act-epsilon", Double.toString(c.actEpsilon));
    m.put("pact-tau", Double.toString(c.pactTau));
    m.put("temperature", Double.toString(c.temperature));
    m.put("pact-estimator", c.pactEstimator);
    m.put("alpha", Double.toString(c.alpha));
    m.put("lac-mode", c.lacMode);
    m.put("lambda-lr", Double.toString(c.lambdaLr));
    m.put("lambda-width", Integer.toString(c.lambdaWidth));
    m.put("truncate-epsilon", Double.toString(c.truncateEpsilon));
    m.put("patience", Integer.toString(c.patience));
    m.put("model", c.model);
    m.put("cpvr-variant", c.cpvrVariant);
    m.put("list-length", Integer.toString(c.listLength));
    m.put("value-range", Integer.toString(c.valueRange));
    m.put("train-hops", Integer.toString(c.trainHops));
    m.put("model-dim", Integer.toString(c.modelDim));
    m.put("heads", Integer.toString(c.heads));
    m.put("pool-size", Integer.toString(c.poolSize));
    return m;
  }
}
