package org.ponderlab.core.model.kernel;

import static org.ponderlab.core.model.kernel.VectorMath.LANES;
import static org.ponderlab.core.model.kernel.VectorMath.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * {@link Matmul}'s register tiles with A's elements and C's rows found through offset tables: a
 * convolution without im2row. {@code C[m][n] (+)= Σ_k A(m,k) · B[k][n]} where {@code A(m,k) =
 * a[aOff + aRows[m] + aDepth[k]]}, {@code B[k][n] = b[bOff + k·ldb + n]} and {@code C[m][n] =
 * c[cOff + cRows[m] + n]}.
 *
 * <p>Why: a 5×5 convolution on channels-last images is a product whose A is the image read at
 * "pixel offset + tap offset" (two small tables), so the tiles can read the image directly instead
 * of a copied patch matrix (im2row wrote 25 values per output pixel, 13 MB per MNIST batch for the
 * second layer; for the first, with one input channel, the copy cost more than the arithmetic). The
 * same form, with the tables swapped, is the weight gradient (rows = taps, depth = pixels), and
 * with a table for C's rows it is the input gradient added straight onto the image (col2im fused):
 * there C's rows overlap (neighbouring pixels share input pixels), which is allowed when
 * accumulating, since each row of a tile is added in turn, row m before row m + 1.
 *
 * <p>Tiles: 4 rows × 4 vectors, 4 × 2, 8 × 1 (at least 8 independent FMA chains each, so the FMA
 * latency is hidden), a 1 × 1 tile for rows left over and scalar loops for columns left over. Every
 * element of C is one sum over k in increasing order, whichever tile computes it, so a row's result
 * does not depend on how many rows are computed with it. As in {@link Matmul}: each tile is its own
 * method, no helper takes or returns a vector, and the accumulate and overwrite stores are separate
 * branches (a vector chosen by {@code ?:} is a phi that C2, JDK 17, boxes). Nothing is allocated.
 */
public final class IndexedMatmul {

  private IndexedMatmul() {}

  /**
   * {@code C[m][n] = (accumulate ? C[m][n] : 0) + Σ_{k<depth} A(m,k) · B[k][n]} for m < rows, n <
   * cols, with A and C addressed through the tables (class javadoc).
   *
   * @param aRows at least {@code rows} entries
   * @param aDepth at least {@code depth} entries
   * @param cRows at least {@code rows} entries; rows of C may overlap each other only if {@code
   *     accumulate}; C must not overlap a or b
   */
  public static void multiply(
      int rows,
      int cols,
      int depth,
      float[] a,
      int aOff,
      int[] aRows,
      int[] aDepth,
      float[] b,
      int bOff,
      int ldb,
      float[] c,
      int cOff,
      int[] cRows,
      boolean accumulate) {
    int n = 0;
    for (; n + 4 * LANES <= cols; n += 4 * LANES) {
      int m = 0;
      for (; m + 4 <= rows; m += 4) {
        tile4x4(depth, a, aOff, aRows, m, aDepth, b, bOff + n, ldb, c, cOff + n, cRows, accumulate);
      }
      for (; m < rows; m++) {
        for (int v = 0; v < 4; v++) {
          int col = n + v * LANES;
          tile1x1(
              depth,
              a,
              aOff,
              aRows,
              m,
              aDepth,
              b,
              bOff + col,
              ldb,
              c,
              cOff + col,
              cRows,
              accumulate);
        }
      }
    }
    for (; n + 2 * LANES <= cols; n += 2 * LANES) {
      int m = 0;
      for (; m + 4 <= rows; m += 4) {
        tile4x2(depth, a, aOff, aRows, m, aDepth, b, bOff + n, ldb, c, cOff + n, cRows, accumulate);
      }
      for (; m < rows; m++) {
        tile1x1(depth, a, aOff, aRows, m, aDepth, b, bOff + n, ldb, c, cOff + n, cRows, accumulate);
        tile1x1(
            depth,
            a,
            aOff,
            aRows,
            m,
            aDepth,
            b,
            bOff + n + LANES,
            ldb,
            c,
            cOff + n + LANES,
            cRows,
            accumulate);
      }
    }
    for (; n + LANES <= cols; n += LANES) {
      int m = 0;
      for (; m + 8 <= rows; m += 8) {
        tile8x1(depth, a, aOff, aRows, m, aDepth, b, bOff + n, ldb, c, cOff + n, cRows, accumulate);
      }
      for (; m < rows; m++) {
        tile1x1(depth, a, aOff, aRows, m, aDepth, b, bOff + n, ldb, c, cOff + n, cRows, accumulate);
      }
    }
    if (n < cols) {
      scalar(
          rows,
          cols - n,
          depth,
          a,
          aOff,
          aRows,
          aDepth,
          b,
          bOff + n,
          ldb,
          c,
          cOff + n,
          cRows,
          accumulate);
    }
  }

  private static void tile4x4(
      int depth,
      float[] a,
      int aOff,
      int[] aRows,
      int m,
      int[] aDepth,
      float[] b,
      int bCol,
      int ldb,
      float[] c,
      int cCol,
      int[] cRows,
      boolean accumulate) {
    int r0 = aOff + aRows[m];
    int r1 = aOff + aRows[m + 1];
    int r2 = aOff + aRows[m + 2];
    int r3 = aOff + aRows[m + 3];
    FloatVector c00 = FloatVector.zero(SPECIES);
    FloatVector c01 = c00;
    FloatVector c02 = c00;
    FloatVector c03 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c12 = c00;
    FloatVector c13 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c22 = c00;
    FloatVector c23 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c32 = c00;
    FloatVector c33 = c00;
    int bi = bCol;
    for (int k = 0; k < depth; k++, bi += ldb) {
      int d = aDepth[k];
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
      FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
      FloatVector b2 = FloatVector.fromArray(SPECIES, b, bi + 2 * LANES);
      FloatVector b3 = FloatVector.fromArray(SPECIES, b, bi + 3 * LANES);
      FloatVector a0 = FloatVector.broadcast(SPECIES, a[r0 + d]);
      c00 = b0.fma(a0, c00);
      c01 = b1.fma(a0, c01);
      c02 = b2.fma(a0, c02);
      c03 = b3.fma(a0, c03);
      FloatVector a1 = FloatVector.broadcast(SPECIES, a[r1 + d]);
      c10 = b0.fma(a1, c10);
      c11 = b1.fma(a1, c11);
      c12 = b2.fma(a1, c12);
      c13 = b3.fma(a1, c13);
      FloatVector a2 = FloatVector.broadcast(SPECIES, a[r2 + d]);
      c20 = b0.fma(a2, c20);
      c21 = b1.fma(a2, c21);
      c22 = b2.fma(a2, c22);
      c23 = b3.fma(a2, c23);
      FloatVector a3 = FloatVector.broadcast(SPECIES, a[r3 + d]);
      c30 = b0.fma(a3, c30);
      c31 = b1.fma(a3, c31);
      c32 = b2.fma(a3, c32);
      c33 = b3.fma(a3, c33);
    }
    // the two cases apart: a vector chosen by ?: is a phi that C2 (JDK 17) boxes
    if (accumulate) {
      int p = cCol + cRows[m];
      c00.add(FloatVector.fromArray(SPECIES, c, p)).intoArray(c, p);
      c01.add(FloatVector.fromArray(SPECIES, c, p + LANES)).intoArray(c, p + LANES);
      c02.add(FloatVector.fromArray(SPECIES, c, p + 2 * LANES)).intoArray(c, p + 2 * LANES);
      c03.add(FloatVector.fromArray(SPECIES, c, p + 3 * LANES)).intoArray(c, p + 3 * LANES);
      p = cCol + cRows[m + 1];
      c10.add(FloatVector.fromArray(SPECIES, c, p)).intoArray(c, p);
      c11.add(FloatVector.fromArray(SPECIES, c, p + LANES)).intoArray(c, p + LANES);
      c12.add(FloatVector.fromArray(SPECIES, c, p + 2 * LANES)).intoArray(c, p + 2 * LANES);
      c13.add(FloatVector.fromArray(SPECIES, c, p + 3 * LANES)).intoArray(c, p + 3 * LANES);
      p = cCol + cRows[m + 2];
      c20.add(FloatVector.fromArray(SPECIES, c, p)).intoArray(c, p);
      c21.add(FloatVector.fromArray(SPECIES, c, p + LANES)).intoArray(c, p + LANES);
      c22.add(FloatVector.fromArray(SPECIES, c, p + 2 * LANES)).intoArray(c, p + 2 * LANES);
      c23.add(FloatVector.fromArray(SPECIES, c, p + 3 * LANES)).intoArray(c, p + 3 * LANES);
      p = cCol + cRows[m + 3];
      c30.add(FloatVector.fromArray(SPECIES, c, p)).intoArray(c, p);
      c31.add(FloatVector.fromArray(SPECIES, c, p + LANES)).intoArray(c, p + LANES);
      c32.add(FloatVector.fromArray(SPECIES, c, p + 2 * LANES)).intoArray(c, p + 2 * LANES);
      c33.add(FloatVector.fromArray(SPECIES, c, p + 3 * LANES)).intoArray(c, p + 3 * LANES);
    } else {
      int p = cCol + cRows[m];
      c00.intoArray(c, p);
      c01.intoArray(c, p + LANES);
      c02.intoArray(c, p + 2 * LANES);
      c03.intoArray(c, p + 3 * LANES);
      p = cCol + cRows[m + 1];
      c10.intoArray(c, p);
      c11.intoArray(c, p + LANES);
      c12.intoArray(c, p + 2 * LANES);
      c13.intoArray(c, p + 3 * LANES);
      p = cCol + cRows[m + 2];
      c20.intoArray(c, p);
      c21.intoArray(c, p + LANES);
      c22.intoArray(c, p + 2 * LANES);
      c23.intoArray(c, p + 3 * LANES);
      p = cCol + cRows[m + 3];
      c30.intoArray(c, p);
      c31.intoArray(c, p + LANES);
      c32.intoArray(c, p + 2 * LANES);
      c33.intoArray(c, p + 3 * LANES);
    }
  }

  private static void tile4x2(
      int depth,
      float[] a,
      int aOff,
      int[] aRows,
      int m,
      int[] aDepth,
      float[] b,
      int bCol,
      int ldb,
      float[] c,
      int cCol,
      int[] cRows,
      boolean accumulate) {
    int r0 = aOff + aRows[m];
    int r1 = aOff + aRows[m + 1];
    int r2 = aOff + aRows[m + 2];
    int r3 = aOff + aRows[m + 3];
    FloatVector c00 = FloatVector.zero(SPECIES);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    int bi = bCol;
    for (int k = 0; k < depth; k++, bi += ldb) {
      int d = aDepth[k];
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
      FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
      FloatVector a0 = FloatVector.broadcast(SPECIES, a[r0 + d]);
      c00 = b0.fma(a0, c00);
      c01 = b1.fma(a0, c01);
      FloatVector a1 = FloatVector.broadcast(SPECIES, a[r1 + d]);
      c10 = b0.fma(a1, c10);
      c11 = b1.fma(a1, c11);
      FloatVector a2 = FloatVector.broadcast(SPECIES, a[r2 + d]);
      c20 = b0.fma(a2, c20);
      c21 = b1.fma(a2, c21);
      FloatVector a3 = FloatVector.broadcast(SPECIES, a[r3 + d]);
      c30 = b0.fma(a3, c30);
      c31 = b1.fma(a3, c31);
    }
    // the two cases apart: a vector chosen by ?: is a phi that C2 (JDK 17) boxes
    if (accumulate) {
      int p = cCol + cRows[m];
      c00.add(FloatVector.fromArray(SPECIES, c, p)).intoArray(c, p);
      c01.add(FloatVector.fromArray(SPECIES, c, p + LANES)).intoArray(c, p + LANES);
      p = cCol + cRows[m + 1];
      c10.add(FloatVector.fromArray(SPECIES, c, p)).intoArray(c, p);
      c11.add(FloatVector.fromArray(SPECIES, c, p + LANES)).intoArray(c, p + LANES);
      p = cCol + cRows[m + 2];
      c20.add(FloatVector.fromArray(SPECIES, c, p)).intoArray(c, p);
      c21.add(FloatVector.fromArray(SPECIES, c, p + LANES)).intoArray(c, p + LANES);
      p = cCol + cRows[m + 3];
      c30.add(FloatVector.fromArray(SPECIES, c, p)).intoArray(c, p);
      c31.add(FloatVector.fromArray(SPECIES, c, p + LANES)).intoArray(c, p + LANES);
    } else {
      int p = cCol + cRows[m];
      c00.intoArray(c, p);
      c01.intoArray(c, p + LANES);
      p = cCol + cRows[m + 1];
      c10.intoArray(c, p);
      c11.intoArray(c, p + LANES);
      p = cCol + cRows[m + 2];
      c20.intoArray(c, p);
      c21.intoArray(c, p + LANES);
      p = cCol + cRows[m + 3];
      c30.intoArray(c, p);
      c31.intoArray(c, p + LANES);
    }
  }

  private static void tile8x1(
      int depth,
      float[] a,
      int aOff,
      int[] aRows,
      int m,
      int[] aDepth,
      float[] b,
      int bCol,
      int ldb,
      float[] c,
      int cCol,
      int[] cRows,
      boolean accumulate) {
    int r0 = aOff + aRows[m];
    int r1 = aOff + aRows[m + 1];
    int r2 = aOff + aRows[m + 2];
    int r3 = aOff + aRows[m + 3];
    int r4 = aOff + aRows[m + 4];
    int r5 = aOff + aRows[m + 5];
    int r6 = aOff + aRows[m + 6];
    int r7 = aOff + aRows[m + 7];
    FloatVector c0 = FloatVector.zero(SPECIES);
    FloatVector c1 = c0;
    FloatVector c2 = c0;
    FloatVector c3 = c0;
    FloatVector c4 = c0;
    FloatVector c5 = c0;
    FloatVector c6 = c0;
    FloatVector c7 = c0;
    int bi = bCol;
    for (int k = 0; k < depth; k++, bi += ldb) {
      int d = aDepth[k];
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
      c0 = b0.fma(FloatVector.broadcast(SPECIES, a[r0 + d]), c0);
      c1 = b0.fma(FloatVector.broadcast(SPECIES, a[r1 + d]), c1);
      c2 = b0.fma(FloatVector.broadcast(SPECIES, a[r2 + d]), c2);
      c3 = b0.fma(FloatVector.broadcast(SPECIES, a[r3 + d]), c3);
      c4 = b0.fma(FloatVector.broadcast(SPECIES, a[r4 + d]), c4);
      c5 = b0.fma(FloatVector.broadcast(SPECIES, a[r5 + d]), c5);
      c6 = b0.fma(FloatVector.broadcast(SPECIES, a[r6 + d]), c6);
      c7 = b0.fma(FloatVector.broadcast(SPECIES, a[r7 + d]), c7);
    }
    // the two cases apart: a vector chosen by ?: is a phi that C2 (JDK 17) boxes
    if (accumulate) {
      int p = cCol + cRows[m];
      c0.add(FloatVector.fromArray(SPECIES, c, p)).intoArray(c, p);
      p = cCol + cRows[m + 1];
      c1.add(FloatVector.fromArray(SPECIES, c, p)).intoArray(c, p);
      p = cCol + cRows[m + 2];
      c2.add(FloatVector.fromArray(SPECIES, c, p)).intoArray(c, p);
      p = cCol + cRows[m + 3];
      c3.add(FloatVector.fromArray(SPECIES, c, p)).intoArray(c, p);
      p = cCol + cRows[m + 4];
      c4.add(FloatVector.fromArray(SPECIES, c, p)).intoArray(c, p);
      p = cCol + cRows[m + 5];
      c5.add(FloatVector.fromArray(SPECIES, c, p)).intoArray(c, p);
      p = cCol + cRows[m + 6];
      c6.add(FloatVector.fromArray(SPECIES, c, p)).intoArray(c, p);
      p = cCol + cRows[m + 7];
      c7.add(FloatVector.fromArray(SPECIES, c, p)).intoArray(c, p);
    } else {
      c0.intoArray(c, cCol + cRows[m]);
      c1.intoArray(c, cCol + cRows[m + 1]);
      c2.intoArray(c, cCol + cRows[m + 2]);
      c3.intoArray(c, cCol + cRows[m + 3]);
      c4.intoArray(c, cCol + cRows[m + 4]);
      c5.intoArray(c, cCol + cRows[m + 5]);
      c6.intoArray(c, cCol + cRows[m + 6]);
      c7.intoArray(c, cCol + cRows[m + 7]);
    }
  }

  private static void tile1x1(
      int depth,
      float[] a,
      int aOff,
      int[] aRows,
      int m,
      int[] aDepth,
      float[] b,
      int bCol,
      int ldb,
      float[] c,
      int cCol,
      int[] cRows,
      boolean accumulate) {
    int r0 = aOff + aRows[m];
    FloatVector c0 = FloatVector.zero(SPECIES);
    int bi = bCol;
    for (int k = 0; k < depth; k++, bi += ldb) {
      c0 =
          FloatVector.fromArray(SPECIES, b, bi)
              .fma(FloatVector.broadcast(SPECIES, a[r0 + aDepth[k]]), c0);
    }
    // the two cases apart: a vector chosen by ?: is a phi that C2 (JDK 17) boxes
    int p = cCol + cRows[m];
    if (accumulate) {
      c0.add(FloatVector.fromArray(SPECIES, c, p)).intoArray(c, p);
    } else {
      c0.intoArray(c, p);
    }
  }

  /** The last {@code count} (< one vector) columns of every row, scalar, in the tiles' order. */
  private static void scalar(
      int rows,
      int count,
      int depth,
      float[] a,
      int aOff,
      int[] aRows,
      int[] aDepth,
      float[] b,
      int bCol,
      int ldb,
      float[] c,
      int cCol,
      int[] cRows,
      boolean accumulate) {
    for (int m = 0; m < rows; m++) {
      int r0 = aOff + aRows[m];
      int p = cCol + cRows[m];
      for (int n = 0; n < count; n++) {
        float sum = 0f;
        int bi = bCol + n;
        for (int k = 0; k < depth; k++, bi += ldb) {
          sum = Math.fma(a[r0 + aDepth[k]], b[bi], sum);
        }
        c[p + n] = accumulate ? c[p + n] + sum : sum;
      }
    }
  }
}
