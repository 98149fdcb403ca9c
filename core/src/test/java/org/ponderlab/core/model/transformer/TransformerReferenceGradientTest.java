package org.ponderlab.core.model.transformer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.ponderlab.core.model.transformer.TransformerSpec.Kind;

/**
 * Central finite differences of L = Σ dOut ⊙ outputLogits + Σ dHalt ⊙ haltingLogits against
 * {@link TransformerReference#backward} (SameDiff autodiff), through the {@code Network} contract,
 * for every model on a tiny size, in double precision. Every parameter tensor is probed. The
 * kernel is checked against this reference in {@link TransformerKernelTest}.
 */
class TransformerReferenceGradientTest {
  static final int BATCH = 3;

  @BeforeAll
  static void oneThread() {
    // one OpenMP thread: with the default two, libnd4j's threads spin against the other JVMs on
    // this shared 2-core machine and a forward takes ~10x longer
    Nd4j.factory().blas().setMaxThreads(1);
    Nd4j.getEnvironment().setMaxThreads(1);
    Nd4j.getEnvironment().setMaxMasterThreads(1);
  }

  static TransformerSpec tiny(Kind kind, int heads) {
    // vocabulary 7 over 5 positions and 3 examples: token ids repeat, so the embedding's
    // gradient must add up over repeated rows
    return new TransformerSpec(kind, 7, 5, 8, heads, 12, 5, 3, 3, 4);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void backwardMatchesFiniteDifferences(Kind kind) {
    check(tiny(kind, 2), 11);
    if (kind == Kind.UNIVERSAL) {
      check(tiny(kind, 1), 12); // the single-head path builds another graph
    }
  }

  private static void check(TransformerSpec spec, long seed) {
    TransformerReference net = new TransformerReference(spec, BATCH, DataType.DOUBLE);
    int count = net.parameterCount();
    float[] params = new float[count];
    net.initialize(params, seed, -1.0f);
    SplittableRandom rng = new SplittableRandom(seed);
    // move LN gains/biases and zero biases off their initial values so their gradients are generic
    for (int i = 0; i < count; i++) {
      params[i] += (float) rng.nextDouble(-0.2, 0.2);
    }
    int steps = spec.maxSteps();
    float[] x = new float[BATCH * spec.length()];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextInt(spec.vocabulary());
    }
    float[] dOut = new float[steps * BATCH * spec.outputs()];
    float[] dHalt = new float[steps * BATCH];
    for (int i = 0; i < dOut.length; i++) {
      dOut[i] = (float) rng.nextDouble(-1, 1);
    }
    for (int i = 0; i < dHalt.length; i++) {
      dHalt[i] = (float) rng.nextDouble(-1, 1);
    }
    net.forward(params, x, BATCH, steps);
    float[] grads = new float[count];
    net.backward(params, dOut.clone(), dHalt.clone(), grads);

    List<Integer> probes = new ArrayList<>();
    // SameDiff runs a forward in ~0.1 s even at this size, so probe one entry of each kind of
    // tensor (first block, embeddings, heads) rather than all; the kernel test compares every
    // gradient entry of the kernel with this reference
    java.util.Set<String> kinds = java.util.Set.of("pos_emb", "step_emb2", "ln1_g", "bq", "wk", "wv", "wo", "ln2_b",
        "w1", "w2", "b1", "h1_keys", "h1_values", "h1_router", "h2_gen", "h2_gen_b", "lnf_g", "out_w", "halt_w", "halt_b");
    for (ParameterLayout.Tensor t : layoutOf(net)) {
      String base = t.name().replaceFirst("^b1?_", "").replaceFirst("(out_w|halt_w|halt_b)\\d+$", "$1");
      boolean firstBlock = !t.name().startsWith("b2_") && !t.name().startsWith("b3_");
      boolean lastHead = !t.name().matches("(out|halt)_[wb][12]");
      if (t.name().equals("tok_emb")) {
        // a token row that occurs (several times) in x, and the last row (may not occur)
        probes.add(t.offset() + (int) x[0] * spec.dim());
        probes.add(t.offset() + t.size() - 1);
      } else if (kinds.contains(base) && firstBlock && lastHead) {
        probes.add(t.offset() + rng.nextInt(t.size()));
      }
    }
    List<String> failures = new ArrayList<>();
    double worst = 0;
    double gradNormSq = 0;
    double diffNormSq = 0;
    for (int i : probes) {
      float original = params[i];
      float up = original + 1e-3f;
      float down = original - 1e-3f;
      params[i] = up;
      net.forward(params, x, BATCH, steps);
      double lUp = net.linearFunctional(dOut, dHalt);
      params[i] = down;
      net.forward(params, x, BATCH, steps);
      double lDown = net.linearFunctional(dOut, dHalt);
      params[i] = original;
      double numeric = (lUp - lDown) / ((double) up - (double) down);
      double analytic = grads[i];
      double diff = Math.abs(numeric - analytic);
      gradNormSq += numeric * numeric;
      diffNormSq += diff * diff;
      if (!(diff <= 2e-3 * Math.abs(numeric) + 2e-4)) {
        failures.add(nameAt(net, i) + ": numeric " + numeric + " analytic " + analytic);
      }
      worst = Math.max(worst, diff / Math.max(Math.abs(numeric), 1e-3));
    }
    assertTrue(failures.isEmpty(), spec.kind() + " heads " + spec.heads() + ": " + failures.size() + " of " + probes.size()
        + " probes differ:\n  " + String.join("\n  ", failures));
    // the gradient is not trivially zero, and agrees as a whole
    assertTrue(gradNormSq > 1e-2, "gradient norm² " + gradNormSq);
    assertTrue(Math.sqrt(diffNormSq / gradNormSq) < 1e-3, "relative error " + Math.sqrt(diffNormSq / gradNormSq));
    System.out.printf("%s heads %d: %d params, %d probes, worst relative error %.2e%n",
        spec.kind().cliName(), spec.heads(), count, probes.size(), worst);
  }

  static List<ParameterLayout.Tensor> layoutOf(TransformerReference net) {
    List<ParameterLayout.Tensor> out = new ArrayList<>();
    for (String s : net.parameterNames()) {
      String name = s.substring(0, s.indexOf('['));
      out.add(net.layout().get(name));
    }
    return out;
  }

  static String nameAt(TransformerReference net, int index) {
    for (ParameterLayout.Tensor t : layoutOf(net)) {
      if (index >= t.offset() && index < t.offset() + t.size()) {
        return t.name() + "[" + (index - t.offset()) + "]";
      }
    }
    return "?";
  }
}
