package org.ponderlab.core.model.mnist;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A row-major float matrix in ND4J's off-heap memory, used as an operand of ND4J's BLAS gemm
 * while the rest of the model keeps plain Java arrays. Capacity is fixed at construction; an
 * operation may use only its first {@code rows} rows (a contiguous prefix, so gemm sees it
 * without a copy).
 *
 * <p>Why: the convolutions are im2row + one gemm each, and BLAS (about 30 GFLOP/s on one core
 * here) is what makes them fast; the rest of ND4J's per-op machinery is avoided (its {@code
 * conv2d_bp} took 56 + 38 ms per batch of 64 on this machine). Owned by one thread; {@link #close()}
 * frees the off-heap memory at once instead of waiting for a GC.
 */
final class Nd4jMatrix implements AutoCloseable {
  static {
    // One intra-op thread was fastest for these shapes and leaves the second core to the UI.
    Nd4j.getEnvironment().setMaxMasterThreads(1);
    Nd4j.getEnvironment().setMaxThreads(1);
    Nd4j.factory().blas().setMaxThreads(1);
  }

  private final INDArray array;
  private final FloatBuffer buffer;
  private final int capacityRows;
  private final int cols;
  private INDArray prefix;
  private int prefixRows;

  Nd4jMatrix(int capacityRows, int cols) {
    this.array = Nd4j.create(DataType.FLOAT, capacityRows, cols);
    this.buffer = array.data().asNioFloat();
    this.capacityRows = capacityRows;
    this.cols = cols;
    this.prefix = array;
    this.prefixRows = capacityRows;
  }

  int capacityRows() {
    return capacityRows;
  }

  int cols() {
    return cols;
  }

  /** Copies {@code rows * cols} values from {@code src} (starting at {@code offset}) into the matrix. */
  void load(float[] src, int offset, int rows) {
    buffer.position(0);
    buffer.put(src, offset, rows * cols);
  }

  /** Copies the first {@code rows} rows into {@code dst} from {@code offset}. */
  void store(float[] dst, int offset, int rows) {
    buffer.position(0);
    buffer.get(dst, offset, rows * cols);
  }

  /** Absolute bulk write: {@code length} values of {@code src} from {@code srcOffset} to flat index {@code index}. */
  void put(int index, float[] src, int srcOffset, int length) {
    buffer.put(index, src, srcOffset, length);
  }

  /** Absolute bulk read of {@code length} values from flat index {@code index}. */
  void get(int index, float[] dst, int dstOffset, int length) {
    buffer.get(index, dst, dstOffset, length);
  }

  /** The first {@code rows} rows as an INDArray (cached, so a steady batch size allocates nothing). */
  INDArray rows(int rows) {
    if (rows > capacityRows) {
      throw new IllegalArgumentException(rows + " rows, capacity " + capacityRows);
    }
    if (rows != prefixRows) {
      prefix = rows == capacityRows ? array : array.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
      prefixRows = rows;
    }
    return prefix;
  }

  /** {@code c = op(a) · op(b) + beta · c} with ND4J's BLAS gemm. */
  static void gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double beta) {
    Nd4j.gemm(a, b, c, transA, transB, 1.0, beta);
  }

  @Override
  public void close() {
    array.close();
  }
}
