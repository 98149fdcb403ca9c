package org.ponderlab.core.model.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ponderlab.core.model.Closeness;

/** Matmul's kernels against a plain double triple loop, for sizes that exercise every tail. */
class MatmulTest {

  @ParameterizedTest(name = "rows={0} cols={1} depth={2}")
  @CsvSource({
    "1, 1, 1",
    "3, 5, 7",
    "4, 16, 8",
    "7, 33, 13",
    "13, 64, 192",
    "9, 47, 1",
    "128, 192, 64",
    "5, 2, 0",
    "13, 48, 9",
    "21, 115, 17",
    "100, 16, 100",
    "27, 32, 128"
  })
  void multiplyMatchesNaiveForBothLayoutsOfA(int rows, int cols, int depth) {
    SplittableRandom rng = new SplittableRandom(rows * 1000L + cols * 10L + depth);
    int ldb = cols + 3;
    int ldc = cols + 2;
    float[] b = Closeness.uniform(rng, 5 + depth * ldb, 1);
    for (boolean transposedA : new boolean[] {false, true}) {
      for (boolean accumulate : new boolean[] {false, true}) {
        // A row-major [rows×depth] at offset 2, or stored transposed [depth×rows]
        float[] a = Closeness.uniform(rng, 2 + rows * depth + 1, 1);
        int rowStride = transposedA ? 1 : depth;
        int colStride = transposedA ? rows : 1;
        float[] c = Closeness.uniform(rng, 4 + rows * ldc, 1);
        double[] expected = new double[c.length];
        for (int i = 0; i < c.length; i++) {
          expected[i] = c[i];
        }
        for (int m = 0; m < rows; m++) {
          for (int n = 0; n < cols; n++) {
            double sum = accumulate ? c[4 + m * ldc + n] : 0;
            for (int k = 0; k < depth; k++) {
              sum += (double) a[2 + m * rowStride + k * colStride] * b[5 + k * ldb + n];
            }
            expected[4 + m * ldc + n] = sum;
          }
        }
        Matmul.multiply(
            rows, cols, depth, a, 2, rowStride, colStride, b, 5, ldb, c, 4, ldc, accumulate);
        for (int i = 0; i < c.length; i++) {
          assertEquals(
              expected[i],
              c[i],
              1e-5 * (1 + Math.sqrt(depth)),
              "element " + i + " transposedA=" + transposedA + " accumulate=" + accumulate);
        }
      }
    }
  }

  @ParameterizedTest(name = "rows={0} cols={1} depth={2}")
  @CsvSource({"1, 1, 1", "3, 2, 7", "7, 3, 33", "2560, 1, 64", "5, 11, 64", "4, 5, 0"})
  void multiplyTransposedBMatchesNaive(int rows, int cols, int depth) {
    SplittableRandom rng = new SplittableRandom(rows * 7L + cols * 3L + depth);
    int lda = depth + 1;
    int ldb = depth + 2;
    int ldc = cols + 1;
    float[] a = Closeness.uniform(rng, 3 + rows * lda, 1);
    float[] b = Closeness.uniform(rng, 1 + cols * ldb, 1);
    for (boolean accumulate : new boolean[] {false, true}) {
      float[] c = Closeness.uniform(rng, rows * ldc, 1);
      double[] expected = new double[c.length];
      for (int i = 0; i < c.length; i++) {
        expected[i] = c[i];
      }
      for (int m = 0; m < rows; m++) {
        for (int n = 0; n < cols; n++) {
          double sum = accumulate ? c[m * ldc + n] : 0;
          for (int k = 0; k < depth; k++) {
            sum += (double) a[3 + m * lda + k] * b[1 + n * ldb + k];
          }
          expected[m * ldc + n] = sum;
        }
      }
      Matmul.multiplyTransposedB(rows, cols, depth, a, 3, lda, b, 1, ldb, c, 0, ldc, accumulate);
      for (int i = 0; i < c.length; i++) {
        assertEquals(expected[i], c[i], 1e-5 * (1 + Math.sqrt(depth)), "element " + i);
      }
    }
  }

  @ParameterizedTest(name = "rows={0} cols={1} depth={2}")
  @CsvSource({"32, 128, 700", "5, 3, 256", "9, 96, 513", "4, 17, 1", "3, 5, 0"})
  void transposedTimesInBlocksMatchesNaive(int rows, int cols, int depth) {
    SplittableRandom rng = new SplittableRandom(rows * 31L + cols * 5L + depth);
    int lda = rows + 2;
    int ldb = cols + 1;
    int ldc = cols + 3;
    float[] a = Closeness.uniform(rng, 1 + depth * lda, 1);
    float[] b = Closeness.uniform(rng, 2 + depth * ldb, 1);
    for (boolean accumulate : new boolean[] {false, true}) {
      float[] c = Closeness.uniform(rng, 3 + rows * ldc, 1);
      double[] expected = new double[c.length];
      for (int i = 0; i < c.length; i++) {
        expected[i] = c[i];
      }
      for (int m = 0; m < rows; m++) {
        for (int n = 0; n < cols; n++) {
          double sum = accumulate ? c[3 + m * ldc + n] : 0;
          for (int k = 0; k < depth; k++) {
            sum += (double) a[1 + k * lda + m] * b[2 + k * ldb + n];
          }
          expected[3 + m * ldc + n] = sum;
        }
      }
      Gemm.transposedTimesInBlocks(rows, cols, depth, a, 1, lda, b, 2, ldb, c, 3, ldc, accumulate);
      for (int i = 0; i < c.length; i++) {
        assertEquals(
            expected[i],
            c[i],
            1e-5 * (1 + Math.sqrt(depth)),
            "element " + i + " accumulate=" + accumulate);
      }
    }
  }
}
