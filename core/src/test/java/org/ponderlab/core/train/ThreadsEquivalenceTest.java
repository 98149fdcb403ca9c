package org.ponderlab.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Training on 2 threads gives bit for bit the parameters and Adam moments of training on 1 thread,
 * for every network kind and for the methods that stop a batch early, at odd batches (3; and 1,
 * where shard 1 is empty), and across a resume that changes the thread count (issue 15 "Both cores
 * when the window is closed", issue 17 "1 and 2 threads").
 *
 * <p>Mutations seen failing (each by hand, once): (1) 1 thread running the batch unsharded (one
 * network over all rows, the obvious design this replaces) failed 12 of the 15 cases, all but batch
 * 1 and the two that do not compare training — parity's parameter 87 after 4 iterations was
 * 0.0050874 against 0.0050874003; (2) the 2-thread runner not waiting for shard 1 (its {@code
 * awaitDone} removed) failed 13 of 15: MNIST's first parameter 0.38812104 against 0.38773003, and
 * "the shards ran different steps" or a missing task elsewhere; (3) shard 1's rows placed at ⌊B/2⌋
 * instead of ⌈B/2⌉ failed the 6 odd-batch cases (the two shards then write over each other, in an
 * order that depends on the threads; rerun after MNIST's MLP cell joined: its batch-3 row fails
 * too, parameter 0 0.38680363 against 0.3868125). Swapping the sum to g1 + g0 is no mutation:
 * IEEE-754 addition of two floats is commutative, bit for bit; what must stay fixed is which rows
 * each shard sums, and that is what these tests pin.
 */
class ThreadsEquivalenceTest {
  private static TrainingConfig config(String settings) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("validation-size", "16");
    for (String kv : settings.split(" ")) {
      String[] p = kv.split("=");
      m.put(p[0], p[1]);
    }
    return TrainingConfig.fromText(m);
  }

  /** What k iterations left behind. */
  private record Trained(float[] params, float[] firstMoment, float[] secondMoment, int fewest) {}

  private static Trained train(TrainingConfig c, int threads, int iterations) {
    Experiment e = Experiments.create(c);
    try (TrainingStep step = new TrainingStep(e, c, threads)) {
      assertEquals(threads, step.threads());
      int fewest = c.maxSteps();
      for (int i = 0; i < iterations; i++) {
        step.run(c);
        fewest = Math.min(fewest, step.stepsRun());
      }
      return new Trained(
          step.parameters().clone(),
          step.optimizer().firstMoment().clone(),
          step.optimizer().secondMoment().clone(),
          fewest);
    }
  }

  private static float[] initial(TrainingConfig c) {
    try (TrainingStep step = new TrainingStep(Experiments.create(c), c, 1)) {
      return step.parameters().clone();
    }
  }

  private static Trained sameOnBothCounts(String settings, int iterations) {
    TrainingConfig c = config(settings);
    Trained one = train(c, 1, iterations);
    Trained two = train(c, 2, iterations);
    assertFalse(
        Arrays.equals(initial(c), one.params()), settings + ": training moved the parameters");
    assertArrayEquals(one.params(), two.params(), settings + ": parameters");
    assertArrayEquals(one.firstMoment(), two.firstMoment(), settings + ": Adam m");
    assertArrayEquals(one.secondMoment(), two.secondMoment(), settings + ": Adam v");
    assertEquals(one.fewest(), two.fewest(), settings + ": steps run");
    return one;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "task=parity method=pondernet hidden=16 batch=16 max-steps=6",
        "task=parity method=pondernet hidden=16 batch=3 max-steps=6",
        "task=parity method=pondernet hidden=16 batch=1 max-steps=6",
        "task=parity method=act hidden=12 batch=9 max-steps=5",
        "task=mnist method=pondernet hidden=8 batch=4 max-steps=3",
        "task=mnist method=pondernet hidden=8 batch=3 max-steps=2",
        "task=mnist method=pondernet cell=mlp hidden=7 mlp-hidden=5 batch=3 max-steps=3",
        "task=mnist method=lac cell=mlp hidden=8 mlp-hidden=9 batch=4 max-steps=3",
        "task=cpvr method=pondernet model=ut model-dim=8 heads=2 list-length=10 train-hops=2 max-steps=3 batch=4",
        "task=cpvr method=pondernet model=ut model-dim=8 heads=2 list-length=10 train-hops=2 max-steps=3 batch=3",
        "task=cpvr method=pondernet model=hyper-ut model-dim=8 heads=2 list-length=10 train-hops=2 max-steps=3 pool-size=3 batch=4",
        "task=cpvr method=pondernet model=gru hidden=6 list-length=10 train-hops=2 max-steps=3 batch=5"
      })
  void twoThreadsTrainTheBitsOneThreadTrains(String settings) {
    sameOnBothCounts(settings, 4);
  }

  /**
   * LAC stops the batch while the steps run: both shards stop at the step the whole batch chose.
   */
  @Test
  void lacStopsBothShardsAtTheSameStepOnBothCounts() {
    Trained t =
        sameOnBothCounts(
            "task=parity method=lac alpha=1 hidden=16 batch=16 max-steps=12 lac-mode=example", 4);
    assertTrue(t.fewest() < 12, "LAC stopped early in training (ran " + t.fewest() + " steps)");
  }

  /** PALBERT's truncated training stops early too, and its Lambda head keeps its own rate. */
  @Test
  void palbertTruncationIsTheSameOnBothCounts() {
    Trained t =
        sameOnBothCounts(
            "task=parity method=palbert truncate-epsilon=0.05 halting-bias=1.5 hidden=16 batch=11 max-steps=12 lambda-lr=0.01",
            4);
    assertTrue(t.fewest() < 12, "PALBERT truncated in training (ran " + t.fewest() + " steps)");
  }

  /**
   * A run trained 3 iterations on 1 thread, saved and continued on 2, is the run trained 6 on 2
   * (and on 1): the thread count is not part of the state.
   */
  @Test
  void aRunResumedOnAnotherThreadCountContinuesWithTheSameBits() {
    TrainingConfig c = config("task=parity method=pondernet hidden=16 batch=7 max-steps=6");
    Trained straight = train(c, 2, 6);
    Trained half = train(c, 1, 3);
    try (TrainingStep resumed = new TrainingStep(Experiments.create(c), c, 2)) {
      resumed.restore(half.params(), half.firstMoment(), half.secondMoment(), 3);
      for (int i = 0; i < 3; i++) {
        resumed.run(c);
      }
      assertArrayEquals(straight.params(), resumed.parameters());
      assertArrayEquals(straight.secondMoment(), resumed.optimizer().secondMoment());
    }
    assertArrayEquals(train(c, 1, 6).params(), straight.params());
  }

  /**
   * The second thread is a named daemon below normal priority, reused for every iteration, and gone
   * once the step is closed.
   */
  @Test
  void theSecondThreadLivesAsLongAsTheStep() throws Exception {
    TrainingConfig c = config("task=parity method=pondernet hidden=8 batch=8 max-steps=4");
    Thread worker;
    try (TrainingStep step = new TrainingStep(Experiments.create(c), c, 2)) {
      step.run(c);
      worker = shardThread();
      assertTrue(worker.isDaemon());
      assertEquals(Thread.MIN_PRIORITY, worker.getPriority());
      step.run(c);
      assertEquals(worker, shardThread(), "one thread for every iteration");
    }
    worker.join(2_000);
    assertFalse(worker.isAlive(), "closed with the step");
    try (TrainingStep one = new TrainingStep(Experiments.create(c), c, 1)) {
      one.run(c);
      assertFalse(
          Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t == worker || isShard(t)),
          "1 thread starts no second thread");
    }
  }

  private static boolean isShard(Thread t) {
    return t.getName().equals("ponderlab-trainer-shard-1") && t.isAlive();
  }

  private static Thread shardThread() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(ThreadsEquivalenceTest::isShard)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no thread ponderlab-trainer-shard-1"));
  }

  @Test
  void aThreadCountOutsideOneToTwoIsRefusedNamingTheField() {
    TrainingConfig c = config("task=parity hidden=8 batch=4");
    Experiment e = Experiments.create(c);
    for (int bad : new int[] {0, 3}) {
      ConfigException x = assertThrows(ConfigException.class, () -> new TrainingStep(e, c, bad));
      assertEquals("threads", x.field());
      assertTrue(x.getMessage().contains("allowed range 1 to 2"), x.getMessage());
    }
  }
}
