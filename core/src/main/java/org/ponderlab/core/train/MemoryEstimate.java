package org.ponderlab.core.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.ponderlab.core.model.MlpCell;
import org.ponderlab.core.model.mnist.MnistCell;
import org.ponderlab.core.model.mnist.MnistNetworkShape;
import org.ponderlab.core.model.transformer.TransformerMemory;
import org.ponderlab.core.model.transformer.TransformerSpec;

/**
 * The memory a run will need, predicted from its settings before anything is allocated, so a run
 * that cannot fit is refused with a message (which settings, how much, what to lower) instead of
 * dying with an OutOfMemoryError after its folder exists, or crawling for minutes in a full heap.
 *
 * <p>One method per network kind ({@link #gru}, {@link #palbert}, {@link #mnist}, {@link
 * #transformer}), each counting what that network's constructor and the trainer allocate: the
 * parameters with their gradient, Adam's moments and rate scale and the snapshot's copies (11
 * floats per parameter in all), every step's kept activations for backpropagation, the halting
 * methods' per-step scratch, and the task's data. A 25 % margin covers what is not counted (object
 * headers, the evaluator's per-snapshot arrays, the JIT's own use).
 *
 * @param parameters the network's parameter count
 * @param heapBytes predicted Java heap use of training, margin included
 * @param offHeapBytes predicted native (ND4J) memory, margin included (MNIST's convolutions only)
 * @param largestArray values in the largest single array (Java caps an array at 2^31 − 9)
 * @param drivers the settings that make the activations large, name → value, most influential
 *     first: the ones to lower
 */
public record MemoryEstimate(
    long parameters,
    long heapBytes,
    long offHeapBytes,
    long largestArray,
    Map<String, String> drivers) {

  /**
   * Floats kept per parameter: value, gradient, Adam m, v and rate scale, a snapshot's 3 copies and
   * their encoding.
   */
  static final int FLOATS_PER_PARAMETER = 11;

  static final double MARGIN = 1.25;

  /** Heap kept free for everything that is not training: the window, charts, run history. */
  static final long RESERVE = 256L << 20;

  static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  /**
   * Images assumed for a user's MNIST folder before it is read (the full MNIST: 60,000 + 10,000).
   */
  static final long FULL_MNIST_IMAGES = 70_000;

  /** The shipped subset (datasets/mnist: 8,000 + 2,000). */
  static final long SHIPPED_MNIST_IMAGES = 10_000;

  /** The estimate for the network {@link Experiments#network} builds for this config. */
  public static MemoryEstimate of(TrainingConfig c) {
    int maxBatch = Math.max(c.batch(), Experiments.EVAL_CHUNK);
    MemoryEstimate network = network(c, maxBatch);
    // Training's second batch shard (TrainingStep, ShardedNetwork): a second network of the same
    // kind for the batch's last ⌊B/2⌋ rows, whatever the thread count, with a gradient of its own
    // (the last term); it shares the parameters, the optimiser's copies and the task's data.
    int rows = Math.max(1, c.batch() - (c.batch() + 1) / 2);
    long shardHeap;
    if (c.taskKind() == TaskKind.CPVR && !"gru".equals(c.model())) {
      // built with the full network's memory policy (Experiments#shardNetwork): its buffers are
      // the full network's scaled to its rows (every buffer is rows × something)
      TransformerSpec spec = Experiments.cpvrSpec(c);
      double perRow = (double) TransformerMemory.activationFloats(spec, maxBatch) / maxBatch;
      shardHeap = (long) (4.0 * (perRow * rows + stepOutputs(c, rows, c.listLength())) * MARGIN);
    } else {
      MemoryEstimate alone = network(c, rows);
      long notRepeated =
          (long) ((4.0 * FLOATS_PER_PARAMETER * alone.parameters() + dataBytes(c)) * MARGIN);
      shardHeap = Math.max(0, alone.heapBytes() - notRepeated);
    }
    MemoryEstimate shard = network(c, rows);
    return new MemoryEstimate(
        network.parameters(),
        network.heapBytes() + shardHeap + (long) (4.0 * network.parameters() * MARGIN),
        network.offHeapBytes() + shard.offHeapBytes(),
        network.largestArray(),
        network.drivers());
  }

  /** One network's estimate (parameters, activations for maxBatch, trainer state and data). */
  private static MemoryEstimate network(TrainingConfig c, int maxBatch) {
    return switch (c.taskKind()) {
      case MNIST -> mnist(c, maxBatch);
      case CPVR ->
          "gru".equals(c.model())
              ? recurrent(c, maxBatch, c.listLength(), c.listLength(), cpvrData(c))
              : transformer(c, maxBatch);
      case PARITY -> recurrent(c, maxBatch, c.bits(), 1, dataBytes(c));
    };
  }

  /** The task's data kept in memory (validation sets; MNIST's images). */
  static long dataBytes(TrainingConfig c) {
    return switch (c.taskKind()) {
      case PARITY -> (long) c.validationSize() * (c.bits() + 3) * 4 * 2;
      case CPVR -> cpvrData(c);
      case MNIST -> {
        long images = c.data().isEmpty() ? SHIPPED_MNIST_IMAGES : FULL_MNIST_IMAGES;
        yield images * MnistNetworkShape.standard().inputSize() * (4 + 1) + images * 8;
      }
    };
  }

  private static MemoryEstimate recurrent(
      TrainingConfig c, int maxBatch, int in, int out, long dataBytes) {
    return "palbert".equals(c.method())
        ? palbert(c, maxBatch, in, out, dataBytes)
        : gru(c, maxBatch, in, out, dataBytes);
  }

  /**
   * GRU cell + linear heads ({@code PonderNetwork}): parity, and C-PVR with {@code --model gru}.
   */
  static MemoryEstimate gru(TrainingConfig c, int maxBatch, int in, int out, long dataBytes) {
    long h = c.hidden();
    long p = gruCellParameters(in, h) + (out + 1L) * (h + 1);
    long floats =
        gruCellFloats(in, h, c.maxSteps(), maxBatch)
            + (c.maxSteps() + 1L) * maxBatch * h // hidden-state gradients
            + stepOutputs(c, maxBatch, out);
    return finish(
        p,
        floats,
        dataBytes,
        0,
        largestGru(c, maxBatch, h, out),
        drivers(c, "max-steps", "batch", "hidden"));
  }

  /** GRU cell + output head + PALBERT's three-layer Lambda head ({@code PalbertNetwork}). */
  static MemoryEstimate palbert(TrainingConfig c, int maxBatch, int in, int out, long dataBytes) {
    long h = c.hidden();
    long w = c.lambdaWidth();
    long rows = (long) c.maxSteps() * maxBatch;
    long lambda = (w * 2 * h + w) + 2 * (w * w + w) + w + 1;
    long p = gruCellParameters(in, h) + out * h + out + lambda;
    long floats =
        gruCellFloats(in, h, c.maxSteps(), maxBatch)
            + (c.maxSteps() + 1L) * maxBatch * h
            + (2 * h * w + 2 * w * w) // transposed weights
            + 5 * rows * w // three layers' activations and two delta buffers
            + stepOutputs(c, maxBatch, out);
    long largest = Math.max(largestGru(c, maxBatch, h, out), rows * w);
    return finish(
        p,
        floats,
        dataBytes,
        0,
        largest,
        drivers(c, "max-steps", "batch", "lambda-width", "hidden"));
  }

  /**
   * The convolutional encoder + GRU or MLP cell + heads ({@code MnistNetwork}); its convolutions
   * run in ND4J (off-heap).
   */
  static MemoryEstimate mnist(TrainingConfig c, int maxBatch) {
    MnistNetworkShape s = MnistNetworkShape.standard();
    long h = c.hidden();
    long k = (long) MnistNetworkShape.KERNEL * MnistNetworkShape.KERNEL;
    long conv1 = k * s.conv1Channels() + s.conv1Channels();
    long conv2 = k * s.conv1Channels() * s.conv2Channels() + s.conv2Channels();
    long dense = (long) s.flatSize() * s.features() + s.features();
    boolean mlp = MnistCell.parse(c.cell()) == MnistCell.MLP;
    long m = c.mlpHidden();
    long cellParameters =
        mlp ? MlpCell.parameterCount(s.features(), h, m) : gruCellParameters(s.features(), h);
    long p = conv1 + conv2 + dense + cellParameters + (s.classes() + 1L) * (h + 1);
    long b = maxBatch;
    long c1 = (long) s.conv1Side() * s.conv1Side() * s.conv1Channels();
    long a1 = (long) s.pool1Side() * s.pool1Side() * s.conv1Channels();
    long c2 = (long) s.conv2Side() * s.conv2Side() * s.conv2Channels();
    long encoder = 2 * b * (c1 + a1 + c2 + s.flatSize()) + 3 * b * s.features();
    long floats =
        encoder
            + (mlp
                ? mlpCellFloats(s.features(), h, m, c.maxSteps(), maxBatch)
                : gruCellFloats(s.features(), h, c.maxSteps(), maxBatch))
            + (c.maxSteps() + 1L) * maxBatch * h
            + stepOutputs(c, maxBatch, s.classes());
    long dataBytes = dataBytes(c);
    // ND4J: each convolution's im2col rows and output, and their gradients
    long offHeap =
        4
                * b
                * 2
                * ((long) s.conv1Side() * s.conv1Side() * (k + s.conv1Channels())
                    + (long) s.conv2Side()
                        * s.conv2Side()
                        * (k * s.conv1Channels() + s.conv2Channels()))
            + 4 * 4 * (conv1 + conv2 + dense);
    long largestCell =
        mlp
            ? (long) c.maxSteps() * maxBatch * Math.max(Math.max(h, m), s.classes())
            : largestGru(c, maxBatch, h, s.classes());
    long largest = Math.max(largestCell, b * c1);
    return finish(
        p,
        floats,
        dataBytes,
        (long) (offHeap * MARGIN),
        largest,
        mlp
            ? drivers(c, "max-steps", "batch", "hidden", "mlp-hidden")
            : drivers(c, "max-steps", "batch", "hidden"));
  }

  /** C-PVR's transformer kernels (transformer, ut, hyper-ut): see {@link TransformerMemory}. */
  static MemoryEstimate transformer(TrainingConfig c, int maxBatch) {
    TransformerSpec spec = Experiments.cpvrSpec(c);
    long p = TransformerMemory.parameters(spec);
    long largest = TransformerMemory.largestArray(spec, maxBatch);
    if (p < 0) {
      p = MAX_ARRAY + 1;
    }
    long floats =
        TransformerMemory.activationFloats(spec, maxBatch)
            + stepOutputs(c, maxBatch, c.listLength());
    return finish(
        p,
        floats,
        cpvrData(c),
        0,
        Math.max(largest, p),
        drivers(c, "max-steps", "batch", "list-length", "model-dim", "heads"));
  }

  private static long cpvrData(TrainingConfig c) {
    return (long) c.validationSize() * (c.listLength() + 4) * 4 * 3;
  }

  static long gruCellParameters(long in, long h) {
    return 3 * h * in + 3 * h * h + 6 * h;
  }

  /**
   * GruCell's buffers: transposed weights, input projection, every step's states and gates, their
   * gradients.
   */
  static long gruCellFloats(long in, long h, long steps, long batch) {
    return in * 3 * h
        + h * 3 * h
        + h
        + batch * 3 * h
        + (steps + 1) * batch * h
        + steps * batch * 4 * h
        + 3 * steps * batch * h
        + batch * 3 * h
        + in * h;
  }

  /**
   * MlpCell's buffers: transposed weights, b₂, input projection, every step's states, activations
   * and their gradients, the summed activation gradient.
   */
  static long mlpCellFloats(long in, long h, long m, long steps, long batch) {
    return (in + h) * m
        + m * h
        + h
        + batch * m
        + (steps + 1) * batch * h
        + steps * batch * m
        + steps * batch * h
        + steps * batch * m
        + batch * m;
  }

  /** The heads' logits, the loss's gradients for them and the methods' per-step double scratch. */
  private static long stepOutputs(TrainingConfig c, long batch, long out) {
    long rows = c.maxSteps() * batch;
    return 2 * rows * out + 4 * rows + 16 * rows;
  }

  private static long largestGru(TrainingConfig c, long batch, long h, long out) {
    return Math.max(3L * c.maxSteps() * batch * h, (long) c.maxSteps() * batch * Math.max(out, 1));
  }

  private static MemoryEstimate finish(
      long p,
      long floats,
      long dataBytes,
      long offHeap,
      long largest,
      Map<String, String> drivers) {
    long heap = (long) ((4.0 * (FLOATS_PER_PARAMETER * p + floats) + dataBytes) * MARGIN);
    return new MemoryEstimate(p, heap, offHeap, largest, drivers);
  }

  /** The settings that scale the activations, most raised (against its default) first. */
  private static Map<String, String> drivers(TrainingConfig c, String... names) {
    Map<String, String> text = c.toText();
    Map<String, String> ordered = new LinkedHashMap<>();
    java.util.Arrays.stream(names)
        .sorted(
            java.util.Comparator.comparingDouble(
                (String n) ->
                    -Double.parseDouble(text.get(n))
                        / Math.max(1, Double.parseDouble(ConfigFields.get(n).defaultText()))))
        .forEach(n -> ordered.put(n, text.get(n)));
    return ordered;
  }

  /**
   * The Java heap training may use: the JVM's maximum less {@link #RESERVE} for the rest of the
   * app.
   */
  public static long availableHeap() {
    long max = Runtime.getRuntime().maxMemory();
    return max - Math.min(RESERVE, max / 4);
  }

  /**
   * ND4J's native-memory cap (the launcher's {@code org.bytedeco.javacpp.maxbytes}), or
   * Long.MAX_VALUE if unset.
   */
  public static long availableOffHeap() {
    String text = System.getProperty("org.bytedeco.javacpp.maxbytes");
    if (text == null || text.isBlank()) {
      return Long.MAX_VALUE;
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    long unit =
        switch (t.charAt(t.length() - 1)) {
          case 'k' -> 1L << 10;
          case 'm' -> 1L << 20;
          case 'g' -> 1L << 30;
          case 't' -> 1L << 40;
          default -> 1;
        };
    try {
      return Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit;
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Refuses a config whose estimate does not fit this JVM, naming the setting to lower first (as
   * the field), the settings, the estimate and the limit.
   */
  public static void check(TrainingConfig c) {
    MemoryEstimate e = of(c);
    String first = e.drivers().keySet().iterator().next();
    String settings = describe(c, e);
    if (e.parameters() > MAX_ARRAY || e.largestArray() > MAX_ARRAY) {
      throw new ConfigException(
          first,
          e.drivers().get(first),
          "with "
              + settings
              + " one array would hold "
              + Math.max(e.parameters(), e.largestArray())
              + " values, more than Java allows ("
              + MAX_ARRAY
              + "); lower "
              + String.join(", ", e.drivers().keySet()));
    }
    long heap = availableHeap();
    if (e.heapBytes() > heap) {
      throw new ConfigException(
          first,
          e.drivers().get(first),
          "with "
              + settings
              + " training needs about "
              + human(e.heapBytes())
              + " of memory, but this Java heap allows "
              + human(heap)
              + "; lower "
              + String.join(", ", e.drivers().keySet())
              + " (or start with a larger heap: PONDERLAB_HEAP=…)");
    }
    long offHeap = availableOffHeap();
    if (e.offHeapBytes() > offHeap) {
      throw new ConfigException(
          first,
          e.drivers().get(first),
          "with "
              + settings
              + " the convolutions need about "
              + human(e.offHeapBytes())
              + " of native memory, but the limit is "
              + human(offHeap)
              + "; lower batch "
              + "(or raise PONDERLAB_OFFHEAP)");
    }
  }

  private static String describe(TrainingConfig c, MemoryEstimate e) {
    StringBuilder b = new StringBuilder("task " + c.task() + ", method " + c.method());
    if (c.taskKind() == TaskKind.CPVR) {
      b.append(", model ").append(c.model());
    }
    e.drivers().forEach((k, v) -> b.append(", ").append(k).append(' ').append(v));
    return b.toString();
  }

  /** "3.2 GiB", "640 MiB". */
  public static String human(long bytes) {
    if (bytes >= 1L << 30) {
      return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
    return String.format(Locale.ROOT, "%d MiB", Math.max(1, bytes >> 20));
  }
}
