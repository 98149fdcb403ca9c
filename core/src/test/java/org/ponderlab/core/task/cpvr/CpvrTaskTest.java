package org.ponderlab.core.task.cpvr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ponderlab.core.task.Batch;
import org.ponderlab.core.task.OutputKind;
import org.ponderlab.core.task.cpvr.CpvrTask.Variant;

class CpvrTaskTest {

  /**
   * The hop rule of HALTING.md written again, independently of the task's own code: returns {hops,
   * label}.
   */
  static int[] follow(float[] x, int offset, int length, boolean modulus) {
    int i = 0;
    int hops = 0;
    while (true) {
      int v = (int) x[offset + i];
      int ptr = modulus ? v % length : v;
      if (ptr <= i) {
        return new int[] {hops, modulus ? v % length : v};
      }
      i = ptr;
      hops++;
    }
  }

  @Test
  void specWorkedExampleHasThreeHopsAndLabelOne() {
    CpvrTask plain = new CpvrTask(Variant.PLAIN, 5, 0, 4, 4, 16, 1);
    // [1, 3, 5, 4, 1] of the spec: the rule only reads the positions it visits, 0 → 1 → 3 → 4,
    // and a[4] = 1 ≤ 4 stops it (a[2] = 5 is never read).
    int[] a = {1, 3, 5, 4, 1};
    assertEquals(3, plain.hops(a));
    assertEquals(1, plain.label(a));
    assertArrayEquals(new int[] {3, 1}, follow(new float[] {1, 3, 5, 4, 1}, 0, 5, false));
    // the same chain in the modulus variant (values lifted by multiples of L) gives the same answer
    CpvrTask mod = new CpvrTask(Variant.MODULUS, 5, 50, 4, 4, 16, 1);
    int[] b = {1 + 15, 3 + 5, 7, 4 + 40, 1 + 25};
    assertEquals(3, mod.hops(b));
    assertEquals(1, mod.label(b));
  }

  @Test
  void modulusChainStopsWhenThePointerDoesNotMoveForward() {
    CpvrTask mod = new CpvrTask(Variant.MODULUS, 10, 100, 4, 9, 90, 1);
    // a[0] = 23 → pointer 3; a[3] = 47 → pointer 7; a[7] = 97 → pointer 7 = i: stop, label 7
    int[] a = {23, 0, 0, 47, 0, 0, 0, 97, 0, 0};
    assertEquals(2, mod.hops(a));
    assertEquals(7, mod.label(a));
    a[0] = 30; // pointer 0: zero hops, label 0
    assertEquals(0, mod.hops(a));
    assertEquals(0, mod.label(a));
  }

  @Test
  void everySampledExampleHasExactlyTheRequestedHopsAndItsLabel() {
    for (Variant variant : Variant.values()) {
      for (int length : new int[] {10, 24, 100}) {
        CpvrTask task = new CpvrTask(variant, length, 0, 4, 9, 90, 5);
        int k = task.valueRange();
        int[] a = new int[length];
        float[] x = new float[length];
        for (long seed = 1; seed <= 40; seed++) {
          SplittableRandom rng = new SplittableRandom(seed * 7919 + length);
          for (int hops = 1; hops <= 9; hops++) {
            for (int rep = 0; rep < 5; rep++) {
              int label = task.sampleExactHops(rng, hops, a);
              for (int j = 0; j < length; j++) {
                assertTrue(a[j] >= 0 && a[j] < k, "value " + a[j] + " outside [0, " + k + ")");
                x[j] = a[j];
              }
              int[] hl = follow(x, 0, length, variant == Variant.MODULUS);
              assertEquals(hops, hl[0], variant + " L=" + length + " seed " + seed);
              assertEquals(hl[1], label);
              assertTrue(label >= 0 && label < length);
            }
          }
        }
      }
    }
  }

  @Test
  void trainingBatchesUseHopsOneToTrainHopsUniformlyAndLabelsMatchTheRule() {
    for (Variant variant : Variant.values()) {
      CpvrTask task = new CpvrTask(variant, 24, 0, 4, 9, 90, 5);
      Batch b = Batch.allocate(8000, 24);
      task.sample(new SplittableRandom(3), b);
      int[] perHop = new int[10];
      for (int i = 0; i < b.size(); i++) {
        int[] hl = follow(b.inputs(), i * 24, 24, variant == Variant.MODULUS);
        assertEquals(hl[0], b.difficulty()[i]);
        assertEquals(hl[1], b.labels()[i]);
        perHop[hl[0]]++;
      }
      assertEquals(0, perHop[0]);
      for (int h = 1; h <= 4; h++) { // 2000 expected each; sd ≈ 39
        assertTrue(perHop[h] > 1840 && perHop[h] < 2160, variant + " hops " + h + ": " + perHop[h]);
      }
      for (int h = 5; h <= 9; h++) {
        assertEquals(0, perHop[h]);
      }
    }
  }

  @Test
  void validationIsTheTestSplitWithEqualCountsForHopsOneToNine() {
    CpvrTask task = new CpvrTask(Variant.MODULUS, 24, 0, 4, 9, 1000, 9);
    Batch v = task.validation();
    assertEquals(999, v.size()); // 111 per hop count
    int[] perHop = new int[10];
    for (int i = 0; i < v.size(); i++) {
      int[] hl = follow(v.inputs(), i * 24, 24, true);
      assertEquals(hl[0], v.difficulty()[i]);
      assertEquals(hl[1], v.labels()[i]);
      perHop[hl[0]]++;
    }
    for (int h = 1; h <= 9; h++) {
      assertEquals(111, perHop[h]);
    }
    assertEquals("hops", task.difficultyName());
    assertEquals(OutputKind.CLASSES, task.outputKind());
    assertEquals(24, task.outputSize());
    assertEquals(24, task.inputSize());
    assertEquals(240, task.valueRange());
  }

  @Test
  void labelsFollowTheSamplersExactDistributionAndCoverEveryClass() {
    // The normative sampler draws the final value uniformly in 0..p_n, so labels are not uniform;
    // check the empirical label frequencies against the exact distribution, per hop count.
    for (Variant variant : Variant.values()) {
      CpvrTask task = new CpvrTask(variant, 20, 0, 4, 9, 90, 5);
      SplittableRandom rng = new SplittableRandom(17);
      int[] a = new int[20];
      int draws = 40_000;
      for (int hops : new int[] {1, 4, 9}) {
        double[] expected = task.labelDistribution(hops);
        assertEquals(1.0, java.util.Arrays.stream(expected).sum(), 1e-12);
        int[] counts = new int[20];
        for (int i = 0; i < draws; i++) {
          counts[task.sampleExactHops(rng, hops, a)]++;
        }
        for (int c = 0; c < 20; c++) {
          double p = expected[c];
          double sd = Math.sqrt(draws * p * (1 - p));
          assertTrue(
              Math.abs(counts[c] - draws * p) < 5 * sd + 1,
              variant + " hops " + hops + " label " + c + ": " + counts[c] + " vs " + draws * p);
          assertTrue(counts[c] > 0, "label " + c + " never drawn at " + hops + " hops");
        }
        // no label dominates: the best constant guess stays far from solving the task
        assertTrue(task.majorityBaseline(hops) < 0.2, "majority " + task.majorityBaseline(hops));
      }
      // more hops push the last position right, so labels get closer to uniform
      assertTrue(task.majorityBaseline(9) < task.majorityBaseline(4));
      assertTrue(task.majorityBaseline(4) < task.majorityBaseline(1));
    }
    // the 1-hop distribution by hand for L = 3: p_1 ∈ {1, 2} each ½; label 0: ½·½ + ½·⅓ = 5/12
    CpvrTask tiny = new CpvrTask(Variant.PLAIN, 3, 0, 1, 1, 3, 1);
    assertArrayEquals(
        new double[] {5.0 / 12, 5.0 / 12, 2.0 / 12}, tiny.labelDistribution(1), 1e-12);
  }

  @Test
  void modulusValuesUseTheWholeRangeAndTheirResidueIsThePointer() {
    CpvrTask task = new CpvrTask(Variant.MODULUS, 20, 0, 4, 9, 90, 5);
    Batch b = Batch.allocate(2000, 20);
    task.sample(new SplittableRandom(5), b);
    int[] lifts = new int[CpvrTask.MODULUS_FACTOR];
    for (int i = 0; i < b.size(); i++) {
      lifts[(int) b.inputs()[i * 20] / 20]++; // a[0] is always a chosen pointer value
    }
    for (int l : lifts) { // 200 expected each
      assertTrue(l > 130 && l < 270, java.util.Arrays.toString(lifts));
    }
  }

  @Test
  void deterministicGivenTheSeed() {
    CpvrTask a = new CpvrTask(Variant.MODULUS, 24, 0, 4, 9, 900, 42);
    CpvrTask b = new CpvrTask(Variant.MODULUS, 24, 0, 4, 9, 900, 42);
    CpvrTask c = new CpvrTask(Variant.MODULUS, 24, 0, 4, 9, 900, 43);
    assertArrayEquals(a.validation().inputs(), b.validation().inputs());
    assertArrayEquals(a.validation().labels(), b.validation().labels());
    assertNotEquals(
        java.util.Arrays.hashCode(a.validation().inputs()),
        java.util.Arrays.hashCode(c.validation().inputs()));
    Batch x = Batch.allocate(64, 24);
    Batch y = Batch.allocate(64, 24);
    a.sample(new SplittableRandom(8), x);
    c.sample(new SplittableRandom(8), y); // the training stream depends only on the rng handed in
    assertArrayEquals(x.inputs(), y.inputs());
    assertArrayEquals(x.labels(), y.labels());
    assertArrayEquals(x.difficulty(), y.difficulty());
    a.sample(new SplittableRandom(9), y);
    assertNotEquals(java.util.Arrays.hashCode(x.inputs()), java.util.Arrays.hashCode(y.inputs()));
  }

  @Test
  void rejectsSettingsThatCannotHoldTheHops() {
    assertThrows(
        IllegalArgumentException.class, () -> new CpvrTask(Variant.PLAIN, 9, 0, 4, 9, 90, 1));
    assertThrows(
        IllegalArgumentException.class, () -> new CpvrTask(Variant.PLAIN, 20, 30, 4, 9, 90, 1));
    assertThrows(
        IllegalArgumentException.class, () -> new CpvrTask(Variant.MODULUS, 20, 20, 4, 9, 90, 1));
    CpvrTask t = new CpvrTask(Variant.PLAIN, 12, 0, 4, 9, 90, 1);
    assertThrows(
        IllegalArgumentException.class,
        () -> t.sampleExactHops(new SplittableRandom(1), 12, new int[12]));
  }
}
