package org.ponderlab.core.model.transformer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Named tensors laid out one after another in a flat {@code float[]} (each row-major, in the shape
 * its SameDiff variable has), with how each is initialised.
 */
final class ParameterLayout {

  /** How a tensor is initialised. */
  enum Init {
    /** N(0, scale²). */
    NORMAL,
    /** U(−scale, scale). */
    UNIFORM,
    /** All zero. */
    ZEROS,
    /** All one (layer-norm gains). */
    ONES,
    /** The halting head's bias: the value handed to {@code initialize}. */
    HALTING_BIAS
  }

  /** One tensor: its name, shape, place in the flat buffer and initialisation. */
  record Tensor(String name, long[] shape, int offset, int size, Init init, double scale) {}

  private final Map<String, Tensor> tensors = new LinkedHashMap<>();
  private int total;

  /** Appends a tensor and returns it. */
  Tensor add(String name, Init init, double scale, long... shape) {
    if (tensors.containsKey(name)) {
      throw new IllegalArgumentException("duplicate parameter " + name);
    }
    long size = 1;
    for (long s : shape) {
      size *= s;
    }
    if (total + size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("too many parameters");
    }
    Tensor t = new Tensor(name, shape.clone(), total, (int) size, init, scale);
    tensors.put(name, t);
    total += (int) size;
    return t;
  }

  Tensor get(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no parameter " + name);
    }
    return t;
  }

  List<Tensor> tensors() {
    return Collections.unmodifiableList(new ArrayList<>(tensors.values()));
  }

  int total() {
    return total;
  }

  /** Fills every tensor in layout order from {@code rng}. */
  void initialize(float[] params, SplittableRandom rng, float haltingBias) {
    for (Tensor t : tensors.values()) {
      for (int i = 0; i < t.size(); i++) {
        params[t.offset() + i] =
            switch (t.init()) {
              case NORMAL -> (float) (gaussian(rng) * t.scale());
              case UNIFORM -> (float) rng.nextDouble(-t.scale(), t.scale());
              case ZEROS -> 0f;
              case ONES -> 1f;
              case HALTING_BIAS -> haltingBias;
            };
      }
    }
  }

  private static double gaussian(SplittableRandom rng) {
    // Box–Muller from the seeded stream (SplittableRandom has no nextGaussian on JDK 17)
    double u = 1.0 - rng.nextDouble();
    double v = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
