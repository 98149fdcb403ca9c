package org.ponderlab.core.model.transformer;

/** Counting what a buffer class really allocated, to hold the memory formula to it. */
final class Buffers {
  private Buffers() {}

  static long length(float[] a) {
    return a == null ? 0 : a.length;
  }

  static long length(float[][] a) {
    long n = 0;
    if (a != null) {
      for (float[] row : a) {
        n += length(row);
      }
    }
    return n;
  }
}
