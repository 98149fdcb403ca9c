package org.ponderlab.core.task.cpvr;

import java.util.SplittableRandom;
import org.ponderlab.core.task.Batch;
import org.ponderlab.core.task.OutputKind;
import org.ponderlab.core.task.Task;

/**
 * Conditional pointer value retrieval, C-PVR (Abnar et al. 2023, paper 003; HALTING.md "Tasks").
 *
 * <p>An example is a sequence a of length L with values in [0, K). Starting at i = 0, while
 * pointer(a[i]) &gt; i the chain hops to i = pointer(a[i]); the label is value(a[i]) at the
 * position where it stops, and the number of hops is the example's difficulty.
 *
 * <ul>
 *   <li>{@code plain}: K = L, pointer(v) = value(v) = v.
 *   <li>{@code modulus}: K &gt; L (default 10·L), pointer(v) = value(v) = v mod L.
 * </ul>
 *
 * Either way a label is in [0, L), so the output has L classes.
 *
 * <p>Encoding: an example's input is its L token ids (the raw values a[i] in [0, K)) as floats; the
 * networks embed them. Nothing else is given to the network: no hop count, no mask.
 *
 * <p>Training batches draw each example's hop count uniformly from 1..{@code trainHops} and then an
 * example with exactly that many hops ({@link #sampleExactHops}). The validation set is the test
 * split: {@code validationSize / testHops} examples for each hop count 1..{@code testHops} (so
 * per-difficulty accuracy and mean steps are the per-hop charts of paper 003; hop counts above
 * {@code trainHops} are out of distribution).
 *
 * <p>Label distribution: the normative sampler draws the final value uniformly from 0..p_n, p_n
 * being the chain's last position, so labels are not uniform over 0..L−1: small labels are more
 * frequent, most of all for 1 hop ({@link #majorityBaseline} gives the best constant guess).
 */
public final class CpvrTask implements Task {

  /** How values map to pointers and labels. */
  public enum Variant {
    PLAIN("plain"),
    MODULUS("modulus");

    private final String cliName;

    Variant(String cliName) {
      this.cliName = cliName;
    }

    public String cliName() {
      return cliName;
    }

    public static Variant parse(String text) {
      for (Variant v : values()) {
        if (v.cliName.equals(text)) {
          return v;
        }
      }
      throw new IllegalArgumentException("cpvr-variant must be plain or modulus, got " + text);
    }
  }

  /**
   * The value range the paper's modulus variant uses relative to L (values in [1, 1000], L = 100).
   */
  public static final int MODULUS_FACTOR = 10;

  private final Variant variant;
  private final int length;
  private final int valueRange;
  private final int trainHops;
  private final int testHops;
  private final Batch validation;

  /** Scratch for distinct position draws. */
  private final int[] positions;

  private final int[] chosen;

  /**
   * @param variant plain or modulus
   * @param length sequence length L (at least testHops + 1)
   * @param valueRange K; 0 picks the variant's default (L for plain, 10·L for modulus). Plain
   *     requires K = L, modulus K &gt; L.
   * @param trainHops training hop counts are 1..trainHops
   * @param testHops the validation (test) set covers hop counts 1..testHops, equally
   * @param validationSize total size of the validation set (split equally over the hop counts)
   * @param validationSeed seed of the validation set
   */
  public CpvrTask(
      Variant variant,
      int length,
      int valueRange,
      int trainHops,
      int testHops,
      int validationSize,
      long validationSeed) {
    int k = valueRange == 0 ? defaultValueRange(variant, length) : valueRange;
    if (testHops < 1 || trainHops < 1) {
      throw new IllegalArgumentException("hop counts must be at least 1");
    }
    if (length < Math.max(trainHops, testHops) + 1) {
      throw new IllegalArgumentException(
          "list-length "
              + length
              + " is too short for "
              + Math.max(trainHops, testHops)
              + " hops: it must be at least "
              + (Math.max(trainHops, testHops) + 1));
    }
    if (variant == Variant.PLAIN && k != length) {
      throw new IllegalArgumentException(
          "the plain variant has value-range = list-length (" + length + "), got " + k);
    }
    if (variant == Variant.MODULUS && k <= length) {
      throw new IllegalArgumentException(
          "the modulus variant needs value-range > list-length (" + length + "), got " + k);
    }
    if (validationSize < testHops) {
      throw new IllegalArgumentException(
          "validation-size " + validationSize + " is below one example per hop count");
    }
    this.variant = variant;
    this.length = length;
    this.valueRange = k;
    this.trainHops = trainHops;
    this.testHops = testHops;
    this.positions = new int[length];
    this.chosen = new int[length];
    int perHop = validationSize / testHops;
    this.validation = Batch.allocate(perHop * testHops, length);
    SplittableRandom rng = new SplittableRandom(validationSeed);
    int[] a = new int[length];
    for (int h = 1; h <= testHops; h++) {
      for (int j = 0; j < perHop; j++) {
        int row = (h - 1) * perHop + j;
        int label = sampleExactHops(rng, h, a);
        write(validation, row, a, label, h);
      }
    }
  }

  /**
   * K when value-range is left at 0: L for plain, 10·L for modulus (paper 003: L = 100, values up
   * to 1000).
   */
  public static int defaultValueRange(Variant variant, int length) {
    return variant == Variant.PLAIN ? length : MODULUS_FACTOR * length;
  }

  @Override
  public String name() {
    return "cpvr";
  }

  @Override
  public int inputSize() {
    return length;
  }

  @Override
  public OutputKind outputKind() {
    return OutputKind.CLASSES;
  }

  /** L classes: value(v) is in [0, L) for both variants. */
  @Override
  public int outputSize() {
    return length;
  }

  @Override
  public void sample(SplittableRandom rng, Batch into) {
    int[] a = new int[length];
    for (int i = 0; i < into.size(); i++) {
      int hops = 1 + rng.nextInt(trainHops);
      int label = sampleExactHops(rng, hops, a);
      write(into, i, a, label, hops);
    }
  }

  private void write(Batch into, int row, int[] a, int label, int hops) {
    float[] x = into.inputs();
    for (int j = 0; j < length; j++) {
      x[row * length + j] = a[j];
    }
    into.labels()[row] = label;
    into.difficulty()[row] = hops;
  }

  /**
   * The exact-n-hops sampler of HALTING.md: n distinct positions p_1 &lt; … &lt; p_n from 1..L−1, a
   * filled at random, a[0] and each a[p_k] pointing to the next position, a[p_n] pointing at or
   * before itself. In the modulus variant each of these values is drawn uniformly among the values
   * in [0, K) with the required pointer. Fills {@code a} and returns the label value(a[p_n]).
   */
  public int sampleExactHops(SplittableRandom rng, int hops, int[] a) {
    if (hops < 1 || hops > length - 1) {
      throw new IllegalArgumentException("hops must be in 1.." + (length - 1) + ", got " + hops);
    }
    // n distinct positions from 1..L−1 (partial Fisher–Yates), then sorted
    int m = length - 1;
    for (int j = 0; j < m; j++) {
      positions[j] = j + 1;
    }
    for (int j = 0; j < hops; j++) {
      int r = j + rng.nextInt(m - j);
      int t = positions[j];
      positions[j] = positions[r];
      positions[r] = t;
      chosen[j] = positions[j];
    }
    java.util.Arrays.sort(chosen, 0, hops);
    for (int j = 0; j < length; j++) {
      a[j] = rng.nextInt(valueRange);
    }
    a[0] = withPointer(rng, chosen[0]);
    for (int k = 0; k + 1 < hops; k++) {
      a[chosen[k]] = withPointer(rng, chosen[k + 1]);
    }
    int last = chosen[hops - 1];
    int end = rng.nextInt(last + 1); // pointer ≤ p_n: the chain stops here
    a[last] = withPointer(rng, end);
    return value(a[last]);
  }

  /** A value in [0, K) whose pointer is {@code target} (uniform among them). */
  private int withPointer(SplittableRandom rng, int target) {
    if (variant == Variant.PLAIN) {
      return target;
    }
    int count = (valueRange - 1 - target) / length + 1; // values target, target+L, ... below K
    return target + length * rng.nextInt(count);
  }

  /** pointer(v): v for plain, v mod L for modulus. */
  public int pointer(int v) {
    return variant == Variant.PLAIN ? v : v % length;
  }

  /** value(v): v for plain, v mod L for modulus. */
  public int value(int v) {
    return variant == Variant.PLAIN ? v : v % length;
  }

  /**
   * Hop count of a sequence by the rule of HALTING.md (follow pointers while they move forward).
   */
  public int hops(int[] a) {
    int i = 0;
    int hops = 0;
    while (pointer(a[i]) > i) {
      i = pointer(a[i]);
      hops++;
    }
    return hops;
  }

  /** Label of a sequence: value(a[i]) where the chain stops. */
  public int label(int[] a) {
    int i = 0;
    while (pointer(a[i]) > i) {
      i = pointer(a[i]);
    }
    return value(a[i]);
  }

  /**
   * Accuracy of always answering the most frequent label for examples with exactly {@code hops}
   * hops, computed exactly from the sampler: P(label = v) = Σ_{p ≥ max(v, hops)} P(p_n = p)/(p + 1)
   * with p_n the largest of {@code hops} distinct positions from 1..L−1. The chance level the
   * per-hop accuracies should be compared with.
   */
  public double majorityBaseline(int hops) {
    return labelDistribution(hops)[0];
  }

  /** P(label = v) for v in 0..L−1, for examples with exactly {@code hops} hops (exact). */
  public double[] labelDistribution(int hops) {
    int m = length - 1;
    double total = binomial(m, hops);
    double[] dist = new double[length];
    for (int p = hops; p <= m; p++) {
      double pMax = binomial(p - 1, hops - 1) / total; // the largest is p, the rest below it
      for (int v = 0; v <= p; v++) {
        dist[v] += pMax / (p + 1);
      }
    }
    return dist;
  }

  private static double binomial(int n, int k) {
    double r = 1;
    for (int i = 1; i <= k; i++) {
      r = r * (n - k + i) / i;
    }
    return r;
  }

  @Override
  public Batch validation() {
    return validation;
  }

  @Override
  public String difficultyName() {
    return "hops";
  }

  public Variant variant() {
    return variant;
  }

  /** L. */
  public int length() {
    return length;
  }

  /** K: token ids are in [0, K). */
  public int valueRange() {
    return valueRange;
  }

  public int trainHops() {
    return trainHops;
  }

  public int testHops() {
    return testHops;
  }
}
