/**
 * The numeric kernels every model calls, so a speed-up written once reaches all of them: matrix
 * products ({@link org.ponderlab.core.model.kernel.Matmul}'s register tiles, named by {@link
 * org.ponderlab.core.model.kernel.Gemm}), a PyTorch {@code Linear} layer with its two backward
 * halves ({@link org.ponderlab.core.model.kernel.Linear}), activations and their derivatives
 * ({@link org.ponderlab.core.model.kernel.VectorMath}, {@link
 * org.ponderlab.core.model.kernel.Activations}), column sums with one meaning per method ({@link
 * org.ponderlab.core.model.kernel.ColumnSums}) and layout moves ({@link
 * org.ponderlab.core.model.kernel.Layout}).
 *
 * <p>Plain float arrays with offsets, row-major; nothing allocates per call; no state, so any
 * thread may call them on its own arrays. This package depends on nothing else of the project.
 */
package org.ponderlab.core.model.kernel;
