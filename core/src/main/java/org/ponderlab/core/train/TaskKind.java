package org.ponderlab.core.train;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.ponderlab.core.task.ParityTask;
import org.ponderlab.core.task.Task;
import org.ponderlab.core.task.cpvr.CpvrTask;
import org.ponderlab.core.task.mnist.Corruption;
import org.ponderlab.core.task.mnist.MnistTask;

/**
 * The tasks a run can train on, with every fact the code asks of a task before it is built: its
 * setting value, the name the window shows, what its difficulty counts, how to build it, and up to
 * which difficulty training sees examples. Code asks these instead of switching on the name.
 */
public enum TaskKind {
  PARITY(
      "parity",
      "parity",
      "non-zeros",
      TaskKind::parity,
      c -> "extrapolation".equals(c.paritySplit()) ? c.bits() / 2 : Integer.MAX_VALUE),
  MNIST(
      "mnist",
      "MNIST digits",
      "digit",
      c ->
          new MnistTask(
              Experiments.mnistData(c), Seeds.derive(c.seed(), Seeds.VALIDATION), c.mnistNoise()),
      c -> c.mnistNoise() > 0 ? Corruption.MILDEST_UNSEEN - 1 : Integer.MAX_VALUE),
  CPVR("cpvr", "C-PVR pointer chasing", "hops", TaskKind::cpvr, TrainingConfig::trainHops);

  /** The C-PVR test split covers hop counts 1..9 (paper 003). */
  static final int CPVR_TEST_HOPS = 9;

  private final String id;
  private final String displayName;
  private final String difficultyName;
  private final Function<TrainingConfig, Task> factory;
  private final ToIntFunction<TrainingConfig> seenUpTo;

  TaskKind(
      String id,
      String displayName,
      String difficultyName,
      Function<TrainingConfig, Task> factory,
      ToIntFunction<TrainingConfig> seenUpTo) {
    this.id = id;
    this.displayName = displayName;
    this.difficultyName = difficultyName;
    this.factory = factory;
    this.seenUpTo = seenUpTo;
  }

  /** The value of the {@code task} setting, e.g. {@code cpvr}. */
  public String id() {
    return id;
  }

  /** The name the window and the status line use, e.g. "C-PVR pointer chasing". */
  public String displayName() {
    return displayName;
  }

  /** What the task's difficulty counts ("non-zeros", "digit", "hops"), as its {@link Task} says. */
  public String difficultyName() {
    return difficultyName;
  }

  /**
   * What the difficulty of that config's task counts: the task's own, except corrupted MNIST, whose
   * difficulty is the noise level ({@link MnistTask}).
   */
  public String difficultyName(TrainingConfig config) {
    return this == MNIST && config.mnistNoise() > 0 ? "noise level" : difficultyName;
  }

  /** Builds the task a config describes (loading its data; a bad data folder is a bad --data). */
  public Task create(TrainingConfig config) {
    return factory.apply(config);
  }

  /**
   * The largest difficulty the training data of that config holds ({@link
   * TrainingConfig#seenUpTo}).
   */
  int seenUpTo(TrainingConfig config) {
    return seenUpTo.applyAsInt(config);
  }

  /** Every task's setting value, in the order the command line and the window list them. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(TaskKind::id).toList();
  }

  /**
   * The task of that setting value; throws {@link ConfigException} naming the field for any other.
   */
  public static TaskKind of(String id) {
    for (TaskKind k : values()) {
      if (k.id.equals(id)) {
        return k;
      }
    }
    throw new ConfigException("task", id, "allowed: " + String.join(", ", ids()));
  }

  private static Task parity(TrainingConfig c) {
    return new ParityTask(
        c.bits(),
        ParityTask.Label.parse(c.parityLabel()),
        "extrapolation".equals(c.paritySplit()),
        c.validationSize(),
        Seeds.derive(c.seed(), Seeds.VALIDATION));
  }

  private static Task cpvr(TrainingConfig c) {
    return new CpvrTask(
        CpvrTask.Variant.parse(c.cpvrVariant()),
        c.listLength(),
        c.valueRange(),
        c.trainHops(),
        CPVR_TEST_HOPS,
        c.validationSize(),
        Seeds.derive(c.seed(), Seeds.VALIDATION));
  }
}
