package org.ponderlab.core.model.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.ponderlab.core.model.transformer.TransformerMemory.Policy;
import org.ponderlab.core.model.transformer.TransformerSpec.Kind;

/**
 * The Java kernel against the SameDiff reference (double precision, autodiff; itself checked by
 * finite differences in {@link TransformerReferenceGradientTest}), finite differences through the
 * {@code Network} contract on the float kernel, and the contract's layouts.
 */
class TransformerKernelTest {

  @BeforeAll
  static void oneThread() {
    Nd4j.factory().blas().setMaxThreads(1);
    Nd4j.getEnvironment().setMaxThreads(1);
    Nd4j.getEnvironment().setMaxMasterThreads(1);
  }

  /** Tiny: vocabulary 7 over 5 positions, so ids repeat. */
  static TransformerSpec tiny(Kind kind, int heads) {
    return new TransformerSpec(kind, 7, 5, 8, heads, 12, 5, 3, 3, 4);
  }

  /** Wide enough for the Vector API tiles (rows ≥ 4, columns ≥ 2 vectors) and two heads of 8. */
  static TransformerSpec medium(Kind kind) {
    return new TransformerSpec(kind, 40, 12, 16, 2, 64, 12, 4, 5, 8);
  }

  /**
   * Inputs, parameters (initialised, then jittered so LN gains and zero biases are generic), dOut,
   * dHalt.
   */
  record Case(float[] params, float[] x, float[] dOut, float[] dHalt, int batch, int steps) {}

  static Case randomCase(TransformerSpec spec, int count, int batch, long seed) {
    float[] params = new float[count];
    new TransformerKernel(spec, batch).initialize(params, seed, -1f);
    SplittableRandom rng = new SplittableRandom(seed * 31 + 7);
    for (int i = 0; i < count; i++) {
      params[i] += (float) rng.nextDouble(-0.2, 0.2);
    }
    float[] x = new float[batch * spec.length()];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextInt(spec.vocabulary());
    }
    int steps = spec.maxSteps();
    float[] dOut = new float[steps * batch * spec.outputs()];
    float[] dHalt = new float[steps * batch];
    for (int i = 0; i < dOut.length; i++) {
      dOut[i] = (float) rng.nextDouble(-1, 1);
    }
    for (int i = 0; i < dHalt.length; i++) {
      dHalt[i] = (float) rng.nextDouble(-1, 1);
    }
    return new Case(params, x, dOut, dHalt, batch, steps);
  }

  /**
   * Every logit and gradient against the reference. For Hyper-UT the reference generates all six
   * dense layers per example from its own table and formulas, so a kernel that generated only the
   * MLP, or regenerated step n−1's module weights in step n's backward, fails here (both seen:
   * {@link HyperUtGenerationTest} lists the mutations and messages).
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void matchesTheSameDiffReference(Kind kind) {
    compareWithReference(tiny(kind, 1), 3, 21, Policy.EVERY_STEP);
    compareWithReference(tiny(kind, 2), 3, 22, Policy.EVERY_STEP);
    compareWithReference(medium(kind), 5, 23, Policy.EVERY_STEP);
  }

  /**
   * Odd sizes: one example, widths 6 and 15 with 3 and 5 heads (head widths 2 and 3), a single
   * token.
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void matchesTheSameDiffReferenceAtOddSizes(Kind kind) {
    compareWithReference(
        new TransformerSpec(kind, 5, 7, 6, 3, 10, 7, 2, 2, 3), 1, 31, Policy.EVERY_STEP);
    compareWithReference(
        new TransformerSpec(kind, 9, 3, 15, 5, 17, 3, 3, 3, 5), 3, 32, Policy.EVERY_STEP);
    compareWithReference(
        new TransformerSpec(kind, 4, 1, 8, 2, 8, 1, 2, 2, 4), 3, 33, Policy.EVERY_STEP);
  }

  /**
   * The bench's widths (L 16, d 32, 2 heads, MLP 128), with a small batch so SameDiff stays quick.
   */
  @Test
  void matchesTheSameDiffReferenceAtTheBenchWidths() {
    compareWithReference(
        new TransformerSpec(Kind.UNIVERSAL, 16, 16, 32, 2, 128, 16, 3, 1, 16),
        3,
        34,
        Policy.EVERY_STEP);
  }

  /**
   * Every memory policy gives the reference's numbers, and the same bits as keeping everything: the
   * lean set (maps and GELU's tanh recomputed in the backward), the maps kept but the tanh
   * recomputed, and recomputing each step's block.
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void everyMemoryPolicyMatchesTheReferenceAndKeepingEveryStep(Kind kind) {
    TransformerSpec spec = medium(kind);
    compareWithReference(spec, 5, 24, Policy.RECOMPUTE);
    compareWithReference(spec, 5, 24, Policy.EVERY_STEP_LEAN);
    compareWithReference(spec, 5, 24, Policy.EVERY_STEP_MAPS);
    int batch = 3;
    TransformerKernel keep = new TransformerKernel(spec, 4, Policy.EVERY_STEP);
    Case c = randomCase(spec, keep.parameterCount(), batch, 25);
    float[] gKeep = gradients(keep, c);
    for (Policy policy :
        new Policy[] {Policy.EVERY_STEP_MAPS, Policy.EVERY_STEP_LEAN, Policy.RECOMPUTE}) {
      TransformerKernel other = new TransformerKernel(spec, 4, policy);
      assertEquals(policy, other.policy());
      float[] g = gradients(other, c);
      for (int i = 0; i < gKeep.length; i++) {
        assertEquals(gKeep[i], g[i], 0f, policy + " gradient " + i);
      }
    }
  }

  /**
   * Lengths that are not a whole number of vectors (the maps' rows padded, the padding zero): 17
   * and paper 003's 100 tokens at d 32 with 2 heads, batches 1 and 3, against the reference under
   * the policies that keep and that recompute the maps.
   */
  @Test
  void paddedMapRowsMatchTheReference() {
    TransformerSpec odd = new TransformerSpec(Kind.UNIVERSAL, 17, 17, 32, 2, 128, 17, 3, 1, 16);
    compareWithReference(odd, 3, 35, Policy.EVERY_STEP);
    compareWithReference(odd, 1, 36, Policy.EVERY_STEP_LEAN);
    TransformerSpec paper =
        new TransformerSpec(Kind.UNIVERSAL, 100, 100, 32, 2, 128, 100, 2, 1, 16);
    compareWithReference(paper, 1, 37, Policy.EVERY_STEP_LEAN);
    compareWithReference(paper, 3, 38, Policy.EVERY_STEP);
    compareWithReference(odd, 3, 39, Policy.EVERY_STEP_MAPS);
    compareWithReference(paper, 1, 40, Policy.EVERY_STEP_MAPS);
  }

  private static float[] gradients(TransformerKernel kernel, Case c) {
    float[] g = new float[kernel.parameterCount()];
    kernel.forward(c.params(), c.x(), c.batch(), c.steps());
    kernel.backward(c.params(), c.dOut().clone(), c.dHalt().clone(), g);
    return g;
  }

  /**
   * {@link TransformerMemory}'s formula is what the kernel really allocates, under every policy.
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void theMemoryFormulaIsWhatTheKernelAllocates(Kind kind) {
    for (TransformerSpec spec :
        new TransformerSpec[] {
          tiny(kind, 2),
          medium(kind),
          new TransformerSpec(kind, 100, 100, 32, 2, 128, 100, 32, 8, 16)
        }) {
      for (int maxBatch : new int[] {1, 7}) {
        for (Policy policy : Policy.values()) {
          TransformerKernel k = new TransformerKernel(spec, maxBatch, policy);
          assertEquals(
              TransformerMemory.floats(spec, maxBatch, policy),
              k.allocatedFloats(),
              spec + " batch " + maxBatch + " " + policy);
        }
      }
    }
  }

  /**
   * The policy keeps everything at the bench's size; at paper 003's size (largest batch 256) it
   * keeps the maps too (but not z₁) when the budget allows (1.5 GB), else the lean set when it
   * allows that (0.96 GB), and otherwise recomputes.
   */
  @Test
  void thePolicyKeepsWhatFitsItsBudget() {
    TransformerSpec bench = new TransformerSpec(Kind.UNIVERSAL, 16, 16, 32, 2, 128, 16, 20, 1, 16);
    TransformerSpec paper =
        new TransformerSpec(Kind.UNIVERSAL, 100, 100, 32, 2, 128, 100, 32, 1, 16);
    assertEquals(Policy.EVERY_STEP, TransformerMemory.policy(bench, 256, 0));
    long lean = 4L * 32 * 256 * 100 * (5 * 32 + 128 + 4); // q k v o a, z1, LN statistics
    // the maps (rows padded to 112) kept, z₁ shared by the steps
    long maps = lean + 4L * 32 * 256 * (2 * 100 * 112 - 100 * 128);
    assertEquals(Policy.EVERY_STEP_MAPS, TransformerMemory.policy(paper, 256, maps));
    assertEquals(Policy.EVERY_STEP_LEAN, TransformerMemory.policy(paper, 256, maps - 1));
    assertEquals(Policy.EVERY_STEP_LEAN, TransformerMemory.policy(paper, 256, lean));
    assertEquals(Policy.RECOMPUTE, TransformerMemory.policy(paper, 256, lean - 1));
    // recomputing at paper size, largest batch 256: the state of 33 steps (108 MB) and one step's
    // activations
    long bytes = 4 * TransformerMemory.floats(paper, 256, Policy.RECOMPUTE);
    assertTrue(bytes > 33L * 256 * 100 * 32 * 4 && bytes < 400L << 20, "bytes " + bytes);
  }

  private static void compareWithReference(
      TransformerSpec spec, int batch, long seed, Policy policy) {
    TransformerKernel kernel = new TransformerKernel(spec, batch, policy);
    TransformerReference reference = new TransformerReference(spec, batch, DataType.DOUBLE);
    assertEquals(reference.parameterCount(), kernel.parameterCount());
    Case c = randomCase(spec, kernel.parameterCount(), batch, seed);
    kernel.forward(c.params(), c.x(), batch, c.steps());
    reference.forward(c.params(), c.x(), batch, c.steps());
    String what = spec.kind().cliName() + " d" + spec.dim() + " h" + spec.heads();
    int outs = c.steps() * batch * spec.outputs();
    int per = c.steps() * batch;
    assertClose(
        what + " logits", reference.outputLogits(), kernel.outputLogits(), outs, 1e-4, 2e-5);
    assertClose(
        what + " halting", reference.haltingLogits(), kernel.haltingLogits(), per, 1e-4, 2e-5);
    assertClose(what + " norms", reference.hiddenNorms(), kernel.hiddenNorms(), per, 1e-5, 1e-5);
    float[] gk = new float[kernel.parameterCount()];
    float[] gr = new float[kernel.parameterCount()];
    kernel.backward(c.params(), c.dOut().clone(), c.dHalt().clone(), gk);
    reference.backward(c.params(), c.dOut().clone(), c.dHalt().clone(), gr);
    double scale = 0;
    for (float v : gr) {
      scale = Math.max(scale, Math.abs(v));
    }
    // each entry within 2e-4 relative, or 1e-5 of the largest gradient entry
    assertClose(what + " gradients", gr, gk, gk.length, 2e-4, 1e-5 * scale);
  }

  static void assertClose(
      String what, float[] expected, float[] actual, int count, double rtol, double atol) {
    for (int i = 0; i < count; i++) {
      double diff = Math.abs(actual[i] - expected[i]);
      if (!(diff <= rtol * Math.abs(expected[i]) + atol)) {
        fail(what + "[" + i + "]: expected " + expected[i] + " but was " + actual[i]);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void finiteDifferencesThroughTheNetworkContract(Kind kind) {
    TransformerSpec spec = tiny(kind, 2);
    int batch = 3;
    TransformerKernel net = new TransformerKernel(spec, batch);
    Case c = randomCase(spec, net.parameterCount(), batch, 41);
    net.forward(c.params(), c.x(), batch, c.steps());
    float[] grads = new float[net.parameterCount()];
    net.backward(c.params(), c.dOut().clone(), c.dHalt().clone(), grads);
    SplittableRandom rng = new SplittableRandom(3);
    float[] p = c.params();
    List<String> failures = new ArrayList<>();
    int probes = 0;
    for (ParameterLayout.Tensor t : TransformerParameters.layout(spec).tensors()) {
      int i =
          t.name().equals("tok_emb")
              ? t.offset() + (int) c.x()[0] * spec.dim() + 1
              : t.offset() + rng.nextInt(t.size());
      float original = p[i];
      float up = original + 1e-2f;
      float down = original - 1e-2f;
      p[i] = up;
      net.forward(p, c.x(), batch, c.steps());
      double lUp = functional(net, c);
      p[i] = down;
      net.forward(p, c.x(), batch, c.steps());
      double lDown = functional(net, c);
      p[i] = original;
      double numeric = (lUp - lDown) / ((double) up - (double) down);
      probes++;
      // float forward: rounding of L over ~50 logits and the O(ε²) term bound the agreement
      if (!(Math.abs(numeric - grads[i]) <= 1e-2 * Math.abs(numeric) + 2e-3)) {
        failures.add(t.name() + ": numeric " + numeric + " analytic " + grads[i]);
      }
    }
    assertTrue(
        failures.isEmpty(),
        kind
            + ": "
            + failures.size()
            + " of "
            + probes
            + " differ:\n  "
            + String.join("\n  ", failures));
  }

  /** Σ dOut ⊙ outputLogits + Σ dHalt ⊙ haltingLogits of the last forward, summed in double. */
  static double functional(TransformerKernel net, Case c) {
    double s = 0;
    for (int i = 0; i < c.dOut().length; i++) {
      s += (double) net.outputLogits()[i] * c.dOut()[i];
    }
    for (int i = 0; i < c.dHalt().length; i++) {
      s += (double) net.haltingLogits()[i] * c.dHalt()[i];
    }
    return s;
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void layoutsAreAsTheNetworkContractSays(Kind kind) {
    TransformerSpec spec = medium(kind);
    int batch = 5;
    int steps = spec.maxSteps();
    int cls = spec.outputs();
    int l = spec.length();
    TransformerKernel net = new TransformerKernel(spec, batch);
    Case c = randomCase(spec, net.parameterCount(), batch, 9);
    net.forward(c.params(), c.x(), batch, steps);
    float[] logits = net.outputLogits().clone();
    float[] halting = net.haltingLogits().clone();
    float[] norms = net.hiddenNorms().clone();
    // each example alone (batch 1) gives the values the contract's indices point at
    for (int b = 0; b < batch; b++) {
      float[] one = java.util.Arrays.copyOfRange(c.x(), b * l, (b + 1) * l);
      net.forward(c.params(), one, 1, steps);
      for (int n = 1; n <= steps; n++) {
        for (int o = 0; o < cls; o++) {
          assertEquals(
              net.outputLogits()[(n - 1) * cls + o],
              logits[((n - 1) * batch + b) * cls + o],
              1e-5,
              "outputLogits n=" + n + " b=" + b + " o=" + o);
        }
        assertEquals(
            net.haltingLogits()[n - 1],
            halting[(n - 1) * batch + b],
            1e-5,
            "haltingLogits n=" + n + " b=" + b);
        float norm = norms[(n - 1) * batch + b];
        assertEquals(net.hiddenNorms()[n - 1], norm, 1e-4 * norm, "hiddenNorms n=" + n + " b=" + b);
        assertTrue(norm > 0 && Float.isFinite(norm));
      }
    }
    // fewer steps: the same first steps (step n never depends on later steps)
    net.forward(c.params(), c.x(), batch, 2);
    for (int i = 0; i < 2 * batch * cls; i++) {
      assertEquals(logits[i], net.outputLogits()[i], 1e-6);
    }
    for (int i = 0; i < 2 * batch; i++) {
      assertEquals(halting[i], net.haltingLogits()[i], 1e-6);
      assertEquals(norms[i], net.hiddenNorms()[i], 1e-6 * norms[i]);
    }
    // steps differ: the per-step outputs are not copies of each other
    boolean differ = false;
    for (int o = 0; o < batch * cls; o++) {
      differ |= logits[o] != logits[(steps - 1) * batch * cls + o];
    }
    assertTrue(differ);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void everyParameterTensorGetsAGradientAndBackwardOverwritesAll(Kind kind) {
    TransformerSpec spec = medium(kind);
    int batch = 4;
    TransformerKernel net = new TransformerKernel(spec, batch);
    Case c = randomCase(spec, net.parameterCount(), batch, 5);
    net.forward(c.params(), c.x(), batch, c.steps());
    float[] grads = new float[net.parameterCount()];
    java.util.Arrays.fill(grads, Float.NaN);
    net.backward(c.params(), c.dOut(), c.dHalt(), grads);
    for (ParameterLayout.Tensor t : TransformerParameters.layout(spec).tensors()) {
      double sum = 0;
      for (int i = 0; i < t.size(); i++) {
        float g = grads[t.offset() + i];
        assertTrue(Float.isFinite(g), t.name());
        sum += Math.abs(g);
      }
      assertTrue(sum > 0, kind + ": no gradient reaches " + t.name());
    }
    // a second backward gives the same numbers (no accumulation across calls)
    float[] again = new float[grads.length];
    net.backward(c.params(), c.dOut(), c.dHalt(), again);
    for (int i = 0; i < grads.length; i++) {
      assertEquals(grads[i], again[i], 0f);
    }
  }

  /**
   * The kernel's parameter table ({@code TransformerParameters}) is, tensor by tensor, the one the
   * reference writes from the architecture ({@link ReferenceLayout}): name, shape, offset and
   * initialisation. Mutation seen failing (run once, then reverted): K and V swapped in the
   * kernel's table ({@code {"q", "v", "k", "o"}}) fails here ("expected b_wk but was b_wv") and in
   * {@code matchesTheSameDiffReference} (logits 0.398 against 0.317); while the reference read the
   * kernel's own table, no comparison could see it (both sides looked each tensor up by name).
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void kernelLayoutIsTheReferencesTensorForTensor(Kind kind) {
    for (TransformerSpec spec : new TransformerSpec[] {tiny(kind, 2), medium(kind)}) {
      List<ParameterLayout.Tensor> kernel = TransformerParameters.layout(spec).tensors();
      List<ParameterLayout.Tensor> reference = ReferenceLayout.of(spec).tensors();
      assertEquals(reference.size(), kernel.size(), kind + ": tensor count");
      for (int i = 0; i < kernel.size(); i++) {
        ParameterLayout.Tensor k = kernel.get(i);
        ParameterLayout.Tensor r = reference.get(i);
        String where = kind + " tensor " + i + " " + r.name();
        assertEquals(r.name(), k.name(), where);
        assertEquals(
            java.util.Arrays.toString(r.shape()), java.util.Arrays.toString(k.shape()), where);
        assertEquals(r.offset(), k.offset(), where);
        assertEquals(r.init(), k.init(), where);
        assertEquals(r.scale(), k.scale(), 1e-12, where);
      }
      assertEquals(
          ReferenceLayout.of(spec).total(), new TransformerKernel(spec, 1).parameterCount());
    }
  }

  @Test
  void parameterCountsFollowTheLayout() {
    // transformer: N blocks and N heads; ut: one block, N step embeddings, one head
    TransformerSpec t = new TransformerSpec(Kind.FIXED, 240, 24, 32, 2, 128, 24, 10, 8, 16);
    TransformerSpec u = new TransformerSpec(Kind.UNIVERSAL, 240, 24, 32, 2, 128, 24, 10, 8, 16);
    int emb = 240 * 32 + 24 * 32;
    int block = 4 * 32 + 4 * (32 * 32 + 32) + 32 * 128 + 128 * 32 + 128 + 32;
    int head = 32 * 24 + 24 + 32 + 1;
    assertEquals(
        emb + 10 * block + 2 * 32 + 10 * head, new TransformerKernel(t, 1).parameterCount());
    assertEquals(
        emb + 10 * 32 + block + 2 * 32 + head, new TransformerKernel(u, 1).parameterCount());
    // hyper-ut: as ut, with each of the six dense layers' matrices replaced by a hyper-module
    TransformerSpec h = new TransformerSpec(Kind.HYPER, 240, 24, 32, 2, 128, 24, 10, 8, 16);
    int hyperBlock =
        4 * 32
            + 4 * (module(8, 16, 32, 32, 32) + 32)
            + module(8, 16, 32, 32, 128)
            + module(8, 16, 32, 128, 32)
            + 128
            + 32;
    assertEquals(
        emb + 10 * 32 + hyperBlock + 2 * 32 + head, new TransformerKernel(h, 1).parameterCount());
  }

  /** keys and values [M, e], router [d, e], generator [e, in·out] and its bias [in·out]. */
  private static int module(int pool, int e, int d, int in, int out) {
    return 2 * pool * e + d * e + e * in * out + in * out;
  }

  @Test
  void rejectsInputsThatAreNotTokenIds() {
    TransformerSpec spec = tiny(Kind.UNIVERSAL, 1);
    TransformerKernel net = new TransformerKernel(spec, 2);
    float[] p = new float[net.parameterCount()];
    net.initialize(p, 1, 0f);
    float[] x = new float[10];
    x[3] = 7; // vocabulary is 0..6
    assertThrows(IllegalArgumentException.class, () -> net.forward(p, x, 2, 3));
    x[3] = 2.5f;
    assertThrows(IllegalArgumentException.class, () -> net.forward(p, x, 2, 3));
    x[3] = 2;
    assertThrows(IllegalArgumentException.class, () -> net.forward(p, x, 3, 3)); // batch above max
    assertThrows(IllegalArgumentException.class, () -> net.forward(p, x, 2, 4)); // steps above N
  }
}
