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
 * Central finite differences of L = Σ dOut ⊙ outputLogits + Σ dHalt ⊙ haltingLogits against {@link
 * TransformerReference#backward} (SameDiff autodiff), through the {@code Network} contract, for
 * every model on a tiny size, in double precision. Every entry of every parameter tensor is probed:
 * per kind of tensor, along one random direction over all its entries (see the check). The kernel
 * is checked against this reference in {@link TransformerKernelTest}.
 *
 * <p>Mutation seen failing (run once, then reverted): the reference's position-embedding scatter
 * skipping the last position ({@code if (r % l == l - 1) continue} before {@code grads[q + j] +=})
 * fails all four cases here (pos_emb along its direction: numeric 2.01e-5 against analytic 2.24e-5
 * for the fixed transformer, 1.194e-4 against 1.184e-4 for UT); the test this replaced (one random
 * entry per kind) caught it in one case of four, where its pos_emb entry happened to lie on the
 * last position.
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

    // Per kind of tensor (wq of every block, out_w of every head, …) one probe along a random
    // direction d over all of its entries: L(p + εd) − L(p − εd) against Σ g·2εd, so every entry
    // of every tensor enters the check (a single wrong entry moves Σ g·d by |g_i d_i|, about
    // 1/size of Σ|g·d|: far above the 1e-6 tolerance). Plus two entries of the token embedding by
    // themselves: a row that occurs several times in x (the scatter must add) and the last row.
    java.util.Map<String, List<ParameterLayout.Tensor>> kinds = new java.util.LinkedHashMap<>();
    for (ParameterLayout.Tensor t : layoutOf(net)) {
      kinds.computeIfAbsent(kindOf(t.name()), k -> new ArrayList<>()).add(t);
    }
    List<String> failures = new ArrayList<>();
    double worst = 0;
    int probes = 0;
    int tok = net.layout().get("tok_emb").offset();
    for (int single :
        new int[] {tok + (int) x[0] * spec.dim(), tok + spec.vocabulary() * spec.dim() - 1}) {
      double[] fd = probe(net, params, grads, new int[] {single}, new double[] {1}, x, dOut, dHalt);
      worst = Math.max(worst, record(failures, "tok_emb entry " + nameAt(net, single), fd));
      probes++;
    }
    for (var kind : kinds.entrySet()) {
      int size = kind.getValue().stream().mapToInt(ParameterLayout.Tensor::size).sum();
      int[] indices = new int[size];
      double[] direction = new double[size];
      int k = 0;
      for (ParameterLayout.Tensor t : kind.getValue()) {
        for (int i = 0; i < t.size(); i++, k++) {
          indices[k] = t.offset() + i;
          direction[k] = rng.nextDouble(-1, 1);
        }
      }
      double[] fd = probe(net, params, grads, indices, direction, x, dOut, dHalt);
      worst =
          Math.max(
              worst,
              record(
                  failures,
                  kind.getKey() + " (" + kind.getValue().size() + " tensors, " + size + " entries)",
                  fd));
      probes++;
    }
    assertTrue(
        failures.isEmpty(),
        spec.kind()
            + " heads "
            + spec.heads()
            + ": "
            + failures.size()
            + " of "
            + probes
            + " probes differ:\n  "
            + String.join("\n  ", failures));
    System.out.printf(
        "%s heads %d: %d params, %d probes (%d kinds), worst relative error %.2e%n",
        spec.kind().cliName(), spec.heads(), count, probes, kinds.size(), worst);
  }

  /**
   * The kind of a tensor: its name without block prefix and head suffix (b2_wq → wq, out_w3 →
   * out_w).
   */
  static String kindOf(String name) {
    return name.replaceFirst("^b\\d*_", "")
        .replaceFirst("^(out_[wb]|halt_[wb])\\d+$", "$1")
        .replaceFirst("^step_emb\\d+$", "step_emb");
  }

  /**
   * {numeric, analytic}: the central difference of the functional along {@code direction} on {@code
   * indices} (step 1e-3 per unit of direction, rounded to float as the parameters are), and Σ
   * grads·(the step really taken)/(its length).
   */
  private static double[] probe(
      TransformerReference net,
      float[] params,
      float[] grads,
      int[] indices,
      double[] direction,
      float[] x,
      float[] dOut,
      float[] dHalt) {
    float[] saved = new float[indices.length];
    float[] up = new float[indices.length];
    float[] down = new float[indices.length];
    for (int k = 0; k < indices.length; k++) {
      saved[k] = params[indices[k]];
      up[k] = (float) (saved[k] + 1e-4 * direction[k]);
      down[k] = (float) (saved[k] - 1e-4 * direction[k]);
    }
    for (int k = 0; k < indices.length; k++) {
      params[indices[k]] = up[k];
    }
    net.forward(params, x, BATCH, net.spec().maxSteps());
    double lUp = net.linearFunctional(dOut, dHalt);
    for (int k = 0; k < indices.length; k++) {
      params[indices[k]] = down[k];
    }
    net.forward(params, x, BATCH, net.spec().maxSteps());
    double lDown = net.linearFunctional(dOut, dHalt);
    double analytic = 0;
    double scale = 0;
    for (int k = 0; k < indices.length; k++) {
      params[indices[k]] = saved[k];
      double term = grads[indices[k]] * ((double) up[k] - (double) down[k]);
      analytic += term;
      scale += Math.abs(term);
    }
    return new double[] {lUp - lDown, analytic, scale};
  }

  /**
   * Adds a failure when numeric and analytic differ by more than 1e-6 of Σ|g_i·step_i| (the scale
   * of the sum, which a random direction can make cancel); returns that relative error. A key bias
   * has gradient exactly 0 (softmax ignores a constant added to every score) and passes at 0.
   */
  private static double record(List<String> failures, String what, double[] fd) {
    double numeric = fd[0];
    double analytic = fd[1];
    double scale = fd[2];
    double diff = Math.abs(numeric - analytic);
    if (!(diff <= 1e-6 * scale + 1e-15)) {
      failures.add(
          what + ": numeric " + numeric + " analytic " + analytic + " (scale " + scale + ")");
    }
    return scale < 1e-12 ? 0 : diff / scale; // an exact-zero gradient has no relative error
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
