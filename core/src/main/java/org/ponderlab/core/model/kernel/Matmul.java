package org.ponderlab.core.model.kernel;

import static org.ponderlab.core.model.kernel.VectorMath.LANES;
import static org.ponderlab.core.model.kernel.VectorMath.SPECIES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Register-blocked matrix products on plain float arrays with the JDK Vector API.
 *
 * <p>Why: at the sizes of the lab's recurrent cells (128×64 · 64×192) ND4J's per-op dispatch and
 * small-GEMM speed cost more than the arithmetic; an FMA tile of 4 rows × 4 vectors (16
 * accumulators) kept in registers runs these shapes at about 100 GFLOP/s on one AVX-512 core
 * (ARCHITECTURE.md, "ND4J facts"). Narrower tiles (4×2, 4×1, 1×2, 1×1) and scalar loops take the
 * edges.
 *
 * <p>JIT notes (JDK 17): the tiles are separate methods, each larger than C2's FreqInlineSize or
 * inlined only into the dispatcher, so they are compiled as their own units at a shallow inlining
 * depth; no helper takes or returns a vector (an un-inlined call would box it).
 *
 * <p>Two forms:
 *
 * <ul>
 *   <li>{@link #multiply}: {@code C[m][n] (+)= Σ_k A(m,k) · B[k][n]}, vectors along n (B's rows). A
 *       is addressed by a row stride and a column stride, so the same kernel serves {@code A·B} (A
 *       row-major) and {@code Aᵀ·B} (A stored transposed): both are a scalar broadcast per element.
 *   <li>{@link #multiplyTransposedB}: {@code C[m][n] (+)= Σ_k A[m][k] · B[n][k]}, dot products with
 *       vectors along k; for outputs too narrow to fill a vector (a head with 2 outputs).
 * </ul>
 *
 * Every size is allowed (scalar loops take the tails); nothing is allocated.
 */
public final class Matmul {

  private static final int TILE_ROWS = 4;

  private Matmul() {}

  /**
   * {@code C[m][n] = (accumulate ? C[m][n] : 0) + Σ_{k<depth} A(m,k) · B[k][n]} for m < rows, n <
   * cols.
   *
   * @param a A(m,k) is {@code a[aOff + m*aRowStride + k*aColStride]}
   * @param b B[k][n] is {@code b[bOff + k*ldb + n]}
   * @param c C[m][n] is {@code c[cOff + m*ldc + n]}; must not overlap a or b
   */
  public static void multiply(
      int rows,
      int cols,
      int depth,
      float[] a,
      int aOff,
      int aRowStride,
      int aColStride,
      float[] b,
      int bOff,
      int ldb,
      float[] c,
      int cOff,
      int ldc,
      boolean accumulate) {
    int wide = cols / (4 * LANES) * (4 * LANES); // columns on 4-vector tiles
    int whole = cols / LANES * LANES; // columns on vector tiles
    int m = 0;
    for (; m + TILE_ROWS <= rows; m += TILE_ROWS) {
      int aRow = aOff + m * aRowStride;
      int cRow = cOff + m * ldc;
      for (int n = 0; n < wide; n += 4 * LANES) {
        tile4x4(
            depth, a, aRow, aRowStride, aColStride, b, bOff + n, ldb, c, cRow + n, ldc, accumulate);
      }
    }
    for (int r = m; r < rows; r++) {
      int aRow = aOff + r * aRowStride;
      int cRow = cOff + r * ldc;
      for (int n = 0; n < wide; n += 2 * LANES) {
        tile1x2(depth, a, aRow, aColStride, b, bOff + n, ldb, c, cRow + n, accumulate);
      }
    }
    if (whole > wide) {
      narrow(
          rows,
          whole - wide,
          depth,
          a,
          aOff,
          aRowStride,
          aColStride,
          b,
          bOff + wide,
          ldb,
          c,
          cOff + wide,
          ldc,
          accumulate);
    }
    if (whole < cols) {
      for (int r = 0; r < rows; r++) {
        scalarRow(
            cols - whole,
            depth,
            a,
            aOff + r * aRowStride,
            aColStride,
            b,
            bOff + whole,
            ldb,
            c,
            cOff + r * ldc + whole,
            accumulate);
      }
    }
  }

  /**
   * The 1 to 3 vectors of columns right of the 4-vector tiles (all of a head's 16 columns, the 32
   * of a width-32 output): 8 rows per tile, so 8 or 16 independent FMA chains (a 4-row tile has 4
   * or 8, too few to cover the FMA latency on 2 pipes). Each output is the same FMA chain over k in
   * the same order whatever its tile, so the results do not depend on the tiling.
   */
  private static void narrow(
      int rows,
      int cols,
      int depth,
      float[] a,
      int aOff,
      int ars,
      int acs,
      float[] b,
      int bOff,
      int ldb,
      float[] c,
      int cOff,
      int ldc,
      boolean accumulate) {
    int m = 0;
    for (; m + 2 * TILE_ROWS <= rows; m += 2 * TILE_ROWS) {
      int aRow = aOff + m * ars;
      int cRow = cOff + m * ldc;
      int n = 0;
      for (; n + 2 * LANES <= cols; n += 2 * LANES) {
        tile8x2(depth, a, aRow, ars, acs, b, bOff + n, ldb, c, cRow + n, ldc, accumulate);
      }
      if (n < cols) {
        tile8x1(depth, a, aRow, ars, acs, b, bOff + n, ldb, c, cRow + n, ldc, accumulate);
      }
    }
    for (; m + TILE_ROWS <= rows; m += TILE_ROWS) {
      int aRow = aOff + m * ars;
      int cRow = cOff + m * ldc;
      int n = 0;
      for (; n + 2 * LANES <= cols; n += 2 * LANES) {
        tile4x2(depth, a, aRow, ars, acs, b, bOff + n, ldb, c, cRow + n, ldc, accumulate);
      }
      if (n < cols) {
        tile4x1(depth, a, aRow, ars, acs, b, bOff + n, ldb, c, cRow + n, ldc, accumulate);
      }
    }
    for (; m < rows; m++) {
      int aRow = aOff + m * ars;
      int cRow = cOff + m * ldc;
      int n = 0;
      for (; n + 2 * LANES <= cols; n += 2 * LANES) {
        tile1x2(depth, a, aRow, acs, b, bOff + n, ldb, c, cRow + n, accumulate);
      }
      if (n < cols) {
        tile1x1(depth, a, aRow, acs, b, bOff + n, ldb, c, cRow + n, accumulate);
      }
    }
  }

  private static void tile4x4(
      int depth,
      float[] a,
      int aRow,
      int ars,
      int acs,
      float[] b,
      int bCol,
      int ldb,
      float[] c,
      int cPos,
      int ldc,
      boolean accumulate) {
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
    int ai = aRow;
    int bi = bCol;
    for (int k = 0; k < depth; k++, ai += acs, bi += ldb) {
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
      FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
      FloatVector b2 = FloatVector.fromArray(SPECIES, b, bi + 2 * LANES);
      FloatVector b3 = FloatVector.fromArray(SPECIES, b, bi + 3 * LANES);
      FloatVector a0 = FloatVector.broadcast(SPECIES, a[ai]);
      c00 = b0.fma(a0, c00);
      c01 = b1.fma(a0, c01);
      c02 = b2.fma(a0, c02);
      c03 = b3.fma(a0, c03);
      FloatVector a1 = FloatVector.broadcast(SPECIES, a[ai + ars]);
      c10 = b0.fma(a1, c10);
      c11 = b1.fma(a1, c11);
      c12 = b2.fma(a1, c12);
      c13 = b3.fma(a1, c13);
      FloatVector a2 = FloatVector.broadcast(SPECIES, a[ai + 2 * ars]);
      c20 = b0.fma(a2, c20);
      c21 = b1.fma(a2, c21);
      c22 = b2.fma(a2, c22);
      c23 = b3.fma(a2, c23);
      FloatVector a3 = FloatVector.broadcast(SPECIES, a[ai + 3 * ars]);
      c30 = b0.fma(a3, c30);
      c31 = b1.fma(a3, c31);
      c32 = b2.fma(a3, c32);
      c33 = b3.fma(a3, c33);
    }
    // the two cases apart: a vector chosen by ?: is a phi that C2 (JDK 17) boxes
    if (accumulate) {
      c00.add(FloatVector.fromArray(SPECIES, c, cPos)).intoArray(c, cPos);
      c01.add(FloatVector.fromArray(SPECIES, c, cPos + LANES)).intoArray(c, cPos + LANES);
      c02.add(FloatVector.fromArray(SPECIES, c, cPos + 2 * LANES)).intoArray(c, cPos + 2 * LANES);
      c03.add(FloatVector.fromArray(SPECIES, c, cPos + 3 * LANES)).intoArray(c, cPos + 3 * LANES);
      cPos += ldc;
      c10.add(FloatVector.fromArray(SPECIES, c, cPos)).intoArray(c, cPos);
      c11.add(FloatVector.fromArray(SPECIES, c, cPos + LANES)).intoArray(c, cPos + LANES);
      c12.add(FloatVector.fromArray(SPECIES, c, cPos + 2 * LANES)).intoArray(c, cPos + 2 * LANES);
      c13.add(FloatVector.fromArray(SPECIES, c, cPos + 3 * LANES)).intoArray(c, cPos + 3 * LANES);
      cPos += ldc;
      c20.add(FloatVector.fromArray(SPECIES, c, cPos)).intoArray(c, cPos);
      c21.add(FloatVector.fromArray(SPECIES, c, cPos + LANES)).intoArray(c, cPos + LANES);
      c22.add(FloatVector.fromArray(SPECIES, c, cPos + 2 * LANES)).intoArray(c, cPos + 2 * LANES);
      c23.add(FloatVector.fromArray(SPECIES, c, cPos + 3 * LANES)).intoArray(c, cPos + 3 * LANES);
      cPos += ldc;
      c30.add(FloatVector.fromArray(SPECIES, c, cPos)).intoArray(c, cPos);
      c31.add(FloatVector.fromArray(SPECIES, c, cPos + LANES)).intoArray(c, cPos + LANES);
      c32.add(FloatVector.fromArray(SPECIES, c, cPos + 2 * LANES)).intoArray(c, cPos + 2 * LANES);
      c33.add(FloatVector.fromArray(SPECIES, c, cPos + 3 * LANES)).intoArray(c, cPos + 3 * LANES);
    } else {
      c00.intoArray(c, cPos);
      c01.intoArray(c, cPos + LANES);
      c02.intoArray(c, cPos + 2 * LANES);
      c03.intoArray(c, cPos + 3 * LANES);
      cPos += ldc;
      c10.intoArray(c, cPos);
      c11.intoArray(c, cPos + LANES);
      c12.intoArray(c, cPos + 2 * LANES);
      c13.intoArray(c, cPos + 3 * LANES);
      cPos += ldc;
      c20.intoArray(c, cPos);
      c21.intoArray(c, cPos + LANES);
      c22.intoArray(c, cPos + 2 * LANES);
      c23.intoArray(c, cPos + 3 * LANES);
      cPos += ldc;
      c30.intoArray(c, cPos);
      c31.intoArray(c, cPos + LANES);
      c32.intoArray(c, cPos + 2 * LANES);
      c33.intoArray(c, cPos + 3 * LANES);
    }
  }

  private static void tile8x2(
      int depth,
      float[] a,
      int aRow,
      int ars,
      int acs,
      float[] b,
      int bCol,
      int ldb,
      float[] c,
      int cPos,
      int ldc,
      boolean accumulate) {
    FloatVector c00 = FloatVector.zero(SPECIES);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c40 = c00;
    FloatVector c41 = c00;
    FloatVector c50 = c00;
    FloatVector c51 = c00;
    FloatVector c60 = c00;
    FloatVector c61 = c00;
    FloatVector c70 = c00;
    FloatVector c71 = c00;
    int ai = aRow;
    int bi = bCol;
    for (int k = 0; k < depth; k++, ai += acs, bi += ldb) {
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
      FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
      FloatVector a0 = FloatVector.broadcast(SPECIES, a[ai]);
      c00 = b0.fma(a0, c00);
      c01 = b1.fma(a0, c01);
      FloatVector a1 = FloatVector.broadcast(SPECIES, a[ai + ars]);
      c10 = b0.fma(a1, c10);
      c11 = b1.fma(a1, c11);
      FloatVector a2 = FloatVector.broadcast(SPECIES, a[ai + 2 * ars]);
      c20 = b0.fma(a2, c20);
      c21 = b1.fma(a2, c21);
      FloatVector a3 = FloatVector.broadcast(SPECIES, a[ai + 3 * ars]);
      c30 = b0.fma(a3, c30);
      c31 = b1.fma(a3, c31);
      FloatVector a4 = FloatVector.broadcast(SPECIES, a[ai + 4 * ars]);
      c40 = b0.fma(a4, c40);
      c41 = b1.fma(a4, c41);
      FloatVector a5 = FloatVector.broadcast(SPECIES, a[ai + 5 * ars]);
      c50 = b0.fma(a5, c50);
      c51 = b1.fma(a5, c51);
      FloatVector a6 = FloatVector.broadcast(SPECIES, a[ai + 6 * ars]);
      c60 = b0.fma(a6, c60);
      c61 = b1.fma(a6, c61);
      FloatVector a7 = FloatVector.broadcast(SPECIES, a[ai + 7 * ars]);
      c70 = b0.fma(a7, c70);
      c71 = b1.fma(a7, c71);
    }
    // the two cases apart: a vector chosen by ?: is a phi that C2 (JDK 17) boxes
    if (accumulate) {
      c00.add(FloatVector.fromArray(SPECIES, c, cPos)).intoArray(c, cPos);
      c01.add(FloatVector.fromArray(SPECIES, c, cPos + LANES)).intoArray(c, cPos + LANES);
      c10.add(FloatVector.fromArray(SPECIES, c, cPos + ldc)).intoArray(c, cPos + ldc);
      c11.add(FloatVector.fromArray(SPECIES, c, cPos + ldc + LANES))
          .intoArray(c, cPos + ldc + LANES);
      c20.add(FloatVector.fromArray(SPECIES, c, cPos + 2 * ldc)).intoArray(c, cPos + 2 * ldc);
      c21.add(FloatVector.fromArray(SPECIES, c, cPos + 2 * ldc + LANES))
          .intoArray(c, cPos + 2 * ldc + LANES);
      c30.add(FloatVector.fromArray(SPECIES, c, cPos + 3 * ldc)).intoArray(c, cPos + 3 * ldc);
      c31.add(FloatVector.fromArray(SPECIES, c, cPos + 3 * ldc + LANES))
          .intoArray(c, cPos + 3 * ldc + LANES);
      c40.add(FloatVector.fromArray(SPECIES, c, cPos + 4 * ldc)).intoArray(c, cPos + 4 * ldc);
      c41.add(FloatVector.fromArray(SPECIES, c, cPos + 4 * ldc + LANES))
          .intoArray(c, cPos + 4 * ldc + LANES);
      c50.add(FloatVector.fromArray(SPECIES, c, cPos + 5 * ldc)).intoArray(c, cPos + 5 * ldc);
      c51.add(FloatVector.fromArray(SPECIES, c, cPos + 5 * ldc + LANES))
          .intoArray(c, cPos + 5 * ldc + LANES);
      c60.add(FloatVector.fromArray(SPECIES, c, cPos + 6 * ldc)).intoArray(c, cPos + 6 * ldc);
      c61.add(FloatVector.fromArray(SPECIES, c, cPos + 6 * ldc + LANES))
          .intoArray(c, cPos + 6 * ldc + LANES);
      c70.add(FloatVector.fromArray(SPECIES, c, cPos + 7 * ldc)).intoArray(c, cPos + 7 * ldc);
      c71.add(FloatVector.fromArray(SPECIES, c, cPos + 7 * ldc + LANES))
          .intoArray(c, cPos + 7 * ldc + LANES);
    } else {
      c00.intoArray(c, cPos);
      c01.intoArray(c, cPos + LANES);
      c10.intoArray(c, cPos + ldc);
      c11.intoArray(c, cPos + ldc + LANES);
      c20.intoArray(c, cPos + 2 * ldc);
      c21.intoArray(c, cPos + 2 * ldc + LANES);
      c30.intoArray(c, cPos + 3 * ldc);
      c31.intoArray(c, cPos + 3 * ldc + LANES);
      c40.intoArray(c, cPos + 4 * ldc);
      c41.intoArray(c, cPos + 4 * ldc + LANES);
      c50.intoArray(c, cPos + 5 * ldc);
      c51.intoArray(c, cPos + 5 * ldc + LANES);
      c60.intoArray(c, cPos + 6 * ldc);
      c61.intoArray(c, cPos + 6 * ldc + LANES);
      c70.intoArray(c, cPos + 7 * ldc);
      c71.intoArray(c, cPos + 7 * ldc + LANES);
    }
  }

  private static void tile8x1(
      int depth,
      float[] a,
      int aRow,
      int ars,
      int acs,
      float[] b,
      int bCol,
      int ldb,
      float[] c,
      int cPos,
      int ldc,
      boolean accumulate) {
    FloatVector c00 = FloatVector.zero(SPECIES);
    FloatVector c10 = c00;
    FloatVector c20 = c00;
    FloatVector c30 = c00;
    FloatVector c40 = c00;
    FloatVector c50 = c00;
    FloatVector c60 = c00;
    FloatVector c70 = c00;
    int ai = aRow;
    int bi = bCol;
    for (int k = 0; k < depth; k++, ai += acs, bi += ldb) {
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
      FloatVector a0 = FloatVector.broadcast(SPECIES, a[ai]);
      c00 = b0.fma(a0, c00);
      FloatVector a1 = FloatVector.broadcast(SPECIES, a[ai + ars]);
      c10 = b0.fma(a1, c10);
      FloatVector a2 = FloatVector.broadcast(SPECIES, a[ai + 2 * ars]);
      c20 = b0.fma(a2, c20);
      FloatVector a3 = FloatVector.broadcast(SPECIES, a[ai + 3 * ars]);
      c30 = b0.fma(a3, c30);
      FloatVector a4 = FloatVector.broadcast(SPECIES, a[ai + 4 * ars]);
      c40 = b0.fma(a4, c40);
      FloatVector a5 = FloatVector.broadcast(SPECIES, a[ai + 5 * ars]);
      c50 = b0.fma(a5, c50);
      FloatVector a6 = FloatVector.broadcast(SPECIES, a[ai + 6 * ars]);
      c60 = b0.fma(a6, c60);
      FloatVector a7 = FloatVector.broadcast(SPECIES, a[ai + 7 * ars]);
      c70 = b0.fma(a7, c70);
    }
    // the two cases apart: a vector chosen by ?: is a phi that C2 (JDK 17) boxes
    if (accumulate) {
      c00.add(FloatVector.fromArray(SPECIES, c, cPos)).intoArray(c, cPos);
      c10.add(FloatVector.fromArray(SPECIES, c, cPos + ldc)).intoArray(c, cPos + ldc);
      c20.add(FloatVector.fromArray(SPECIES, c, cPos + 2 * ldc)).intoArray(c, cPos + 2 * ldc);
      c30.add(FloatVector.fromArray(SPECIES, c, cPos + 3 * ldc)).intoArray(c, cPos + 3 * ldc);
      c40.add(FloatVector.fromArray(SPECIES, c, cPos + 4 * ldc)).intoArray(c, cPos + 4 * ldc);
      c50.add(FloatVector.fromArray(SPECIES, c, cPos + 5 * ldc)).intoArray(c, cPos + 5 * ldc);
      c60.add(FloatVector.fromArray(SPECIES, c, cPos + 6 * ldc)).intoArray(c, cPos + 6 * ldc);
      c70.add(FloatVector.fromArray(SPECIES, c, cPos + 7 * ldc)).intoArray(c, cPos + 7 * ldc);
    } else {
      c00.intoArray(c, cPos);
      c10.intoArray(c, cPos + ldc);
      c20.intoArray(c, cPos + 2 * ldc);
      c30.intoArray(c, cPos + 3 * ldc);
      c40.intoArray(c, cPos + 4 * ldc);
      c50.intoArray(c, cPos + 5 * ldc);
      c60.intoArray(c, cPos + 6 * ldc);
      c70.intoArray(c, cPos + 7 * ldc);
    }
  }

  private static void tile4x2(
      int depth,
      float[] a,
      int aRow,
      int ars,
      int acs,
      float[] b,
      int bCol,
      int ldb,
      float[] c,
      int cPos,
      int ldc,
      boolean accumulate) {
    FloatVector c00 = FloatVector.zero(SPECIES);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    int ai = aRow;
    int bi = bCol;
    for (int k = 0; k < depth; k++, ai += acs, bi += ldb) {
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
      FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
      FloatVector a0 = FloatVector.broadcast(SPECIES, a[ai]);
      c00 = b0.fma(a0, c00);
      c01 = b1.fma(a0, c01);
      FloatVector a1 = FloatVector.broadcast(SPECIES, a[ai + ars]);
      c10 = b0.fma(a1, c10);
      c11 = b1.fma(a1, c11);
      FloatVector a2 = FloatVector.broadcast(SPECIES, a[ai + 2 * ars]);
      c20 = b0.fma(a2, c20);
      c21 = b1.fma(a2, c21);
      FloatVector a3 = FloatVector.broadcast(SPECIES, a[ai + 3 * ars]);
      c30 = b0.fma(a3, c30);
      c31 = b1.fma(a3, c31);
    }
    // the two cases apart: a vector chosen by ?: is a phi that C2 (JDK 17) boxes
    if (accumulate) {
      c00.add(FloatVector.fromArray(SPECIES, c, cPos)).intoArray(c, cPos);
      c01.add(FloatVector.fromArray(SPECIES, c, cPos + LANES)).intoArray(c, cPos + LANES);
      c10.add(FloatVector.fromArray(SPECIES, c, cPos + ldc)).intoArray(c, cPos + ldc);
      c11.add(FloatVector.fromArray(SPECIES, c, cPos + ldc + LANES))
          .intoArray(c, cPos + ldc + LANES);
      c20.add(FloatVector.fromArray(SPECIES, c, cPos + 2 * ldc)).intoArray(c, cPos + 2 * ldc);
      c21.add(FloatVector.fromArray(SPECIES, c, cPos + 2 * ldc + LANES))
          .intoArray(c, cPos + 2 * ldc + LANES);
      c30.add(FloatVector.fromArray(SPECIES, c, cPos + 3 * ldc)).intoArray(c, cPos + 3 * ldc);
      c31.add(FloatVector.fromArray(SPECIES, c, cPos + 3 * ldc + LANES))
          .intoArray(c, cPos + 3 * ldc + LANES);
    } else {
      c00.intoArray(c, cPos);
      c01.intoArray(c, cPos + LANES);
      c10.intoArray(c, cPos + ldc);
      c11.intoArray(c, cPos + ldc + LANES);
      c20.intoArray(c, cPos + 2 * ldc);
      c21.intoArray(c, cPos + 2 * ldc + LANES);
      c30.intoArray(c, cPos + 3 * ldc);
      c31.intoArray(c, cPos + 3 * ldc + LANES);
    }
  }

  private static void tile4x1(
      int depth,
      float[] a,
      int aRow,
      int ars,
      int acs,
      float[] b,
      int bCol,
      int ldb,
      float[] c,
      int cPos,
      int ldc,
      boolean accumulate) {
    FloatVector c0 = FloatVector.zero(SPECIES);
    FloatVector c1 = c0;
    FloatVector c2 = c0;
    FloatVector c3 = c0;
    int ai = aRow;
    int bi = bCol;
    for (int k = 0; k < depth; k++, ai += acs, bi += ldb) {
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
      c0 = b0.fma(FloatVector.broadcast(SPECIES, a[ai]), c0);
      c1 = b0.fma(FloatVector.broadcast(SPECIES, a[ai + ars]), c1);
      c2 = b0.fma(FloatVector.broadcast(SPECIES, a[ai + 2 * ars]), c2);
      c3 = b0.fma(FloatVector.broadcast(SPECIES, a[ai + 3 * ars]), c3);
    }
    // the two cases apart: a vector chosen by ?: is a phi that C2 (JDK 17) boxes
    if (accumulate) {
      c0.add(FloatVector.fromArray(SPECIES, c, cPos)).intoArray(c, cPos);
      c1.add(FloatVector.fromArray(SPECIES, c, cPos + ldc)).intoArray(c, cPos + ldc);
      c2.add(FloatVector.fromArray(SPECIES, c, cPos + 2 * ldc)).intoArray(c, cPos + 2 * ldc);
      c3.add(FloatVector.fromArray(SPECIES, c, cPos + 3 * ldc)).intoArray(c, cPos + 3 * ldc);
    } else {
      c0.intoArray(c, cPos);
      c1.intoArray(c, cPos + ldc);
      c2.intoArray(c, cPos + 2 * ldc);
      c3.intoArray(c, cPos + 3 * ldc);
    }
  }

  private static void tile1x2(
      int depth,
      float[] a,
      int aRow,
      int acs,
      float[] b,
      int bCol,
      int ldb,
      float[] c,
      int cPos,
      boolean accumulate) {
    FloatVector c0 = FloatVector.zero(SPECIES);
    FloatVector c1 = c0;
    int ai = aRow;
    int bi = bCol;
    for (int k = 0; k < depth; k++, ai += acs, bi += ldb) {
      FloatVector a0 = FloatVector.broadcast(SPECIES, a[ai]);
      c0 = FloatVector.fromArray(SPECIES, b, bi).fma(a0, c0);
      c1 = FloatVector.fromArray(SPECIES, b, bi + LANES).fma(a0, c1);
    }
    // the two cases apart: a vector chosen by ?: is a phi that C2 (JDK 17) boxes
    if (accumulate) {
      c0.add(FloatVector.fromArray(SPECIES, c, cPos)).intoArray(c, cPos);
      c1.add(FloatVector.fromArray(SPECIES, c, cPos + LANES)).intoArray(c, cPos + LANES);
    } else {
      c0.intoArray(c, cPos);
      c1.intoArray(c, cPos + LANES);
    }
  }

  private static void tile1x1(
      int depth,
      float[] a,
      int aRow,
      int acs,
      float[] b,
      int bCol,
      int ldb,
      float[] c,
      int cPos,
      boolean accumulate) {
    FloatVector c0 = FloatVector.zero(SPECIES);
    int ai = aRow;
    int bi = bCol;
    for (int k = 0; k < depth; k++, ai += acs, bi += ldb) {
      c0 = FloatVector.fromArray(SPECIES, b, bi).fma(FloatVector.broadcast(SPECIES, a[ai]), c0);
    }
    // the two cases apart: a vector chosen by ?: is a phi that C2 (JDK 17) boxes
    if (accumulate) {
      c0.add(FloatVector.fromArray(SPECIES, c, cPos)).intoArray(c, cPos);
    } else {
      c0.intoArray(c, cPos);
    }
  }

  /** The last {@code count} (< one vector or two) columns of one row of C, scalar. */
  private static void scalarRow(
      int count,
      int depth,
      float[] a,
      int aRow,
      int acs,
      float[] b,
      int bCol,
      int ldb,
      float[] c,
      int cPos,
      boolean accumulate) {
    for (int n = 0; n < count; n++) {
      float sum = 0f;
      int ai = aRow;
      int bi = bCol + n;
      for (int k = 0; k < depth; k++, ai += acs, bi += ldb) {
        sum = Math.fma(a[ai], b[bi], sum);
      }
      c[cPos + n] = accumulate ? c[cPos + n] + sum : sum;
    }
  }

  /**
   * {@code C[m][n] = (accumulate ? C[m][n] : 0) + Σ_{k<depth} A[m][k] · B[n][k]} for m < rows, n <
   * cols: one dot product per output, vectors along k. Suits narrow outputs (few n).
   *
   * @param a A[m][k] is {@code a[aOff + m*lda + k]}
   * @param b B[n][k] is {@code b[bOff + n*ldb + k]}
   * @param c C[m][n] is {@code c[cOff + m*ldc + n]}; must not overlap a or b
   */
  public static void multiplyTransposedB(
      int rows,
      int cols,
      int depth,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float[] c,
      int cOff,
      int ldc,
      boolean accumulate) {
    int bound = SPECIES.loopBound(depth);
    for (int m = 0; m < rows; m++) {
      int aRow = aOff + m * lda;
      int cRow = cOff + m * ldc;
      int n = 0;
      for (; n + 2 <= cols; n += 2) {
        int b0 = bOff + n * ldb;
        int b1 = b0 + ldb;
        FloatVector s0 = FloatVector.zero(SPECIES);
        FloatVector s1 = s0;
        int k = 0;
        for (; k < bound; k += LANES) {
          FloatVector av = FloatVector.fromArray(SPECIES, a, aRow + k);
          s0 = av.fma(FloatVector.fromArray(SPECIES, b, b0 + k), s0);
          s1 = av.fma(FloatVector.fromArray(SPECIES, b, b1 + k), s1);
        }
        float d0 = s0.reduceLanes(VectorOperators.ADD);
        float d1 = s1.reduceLanes(VectorOperators.ADD);
        for (; k < depth; k++) {
          d0 = Math.fma(a[aRow + k], b[b0 + k], d0);
          d1 = Math.fma(a[aRow + k], b[b1 + k], d1);
        }
        c[cRow + n] = accumulate ? c[cRow + n] + d0 : d0;
        c[cRow + n + 1] = accumulate ? c[cRow + n + 1] + d1 : d1;
      }
      if (n < cols) {
        int b0 = bOff + n * ldb;
        FloatVector s0 = FloatVector.zero(SPECIES);
        int k = 0;
        for (; k < bound; k += LANES) {
          s0 =
              FloatVector.fromArray(SPECIES, a, aRow + k)
                  .fma(FloatVector.fromArray(SPECIES, b, b0 + k), s0);
        }
        float d0 = s0.reduceLanes(VectorOperators.ADD);
        for (; k < depth; k++) {
          d0 = Math.fma(a[aRow + k], b[b0 + k], d0);
        }
        c[cRow + n] = accumulate ? c[cRow + n] + d0 : d0;
      }
    }
  }
}
