package org.ponderlab.core.task;

/**
 * A batch of examples as plain arrays, row-major.
 *
 * @param inputs {@code size * inputSize} input values
 * @param labels per-example label: 0/1 for binary tasks, the class index for class tasks
 * @param difficulty per-example difficulty (parity: number of non-zeros; C-PVR: hop count; MNIST:
 *     the digit)
 * @param size number of examples
 * @param inputSize values per example
 */
public record Batch(float[] inputs, int[] labels, int[] difficulty, int size, int inputSize) {
  public Batch {
    if (inputs.length < size * inputSize || labels.length < size || difficulty.length < size) {
      throw new IllegalArgumentException("batch arrays are shorter than size " + size);
    }
  }

  /**
   * An empty batch whose arrays can be refilled in place by a task, so training allocates nothing.
   */
  public static Batch allocate(int size, int inputSize) {
    return new Batch(new float[size * inputSize], new int[size], new int[size], size, inputSize);
  }
}
