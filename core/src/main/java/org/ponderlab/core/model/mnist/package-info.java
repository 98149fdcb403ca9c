/**
 * The MNIST step network of paper 000: a CNN encoder run once per image (direct convolutions on the
 * register tiles of {@link org.ponderlab.core.model.kernel.IndexedMatmul}), the project's
 * vectorised GRU kernel ({@link org.ponderlab.core.model.GruCell}) fed its features at every step,
 * and per-step output and halting heads ({@link org.ponderlab.core.model.LinearHeads}). {@link
 * org.ponderlab.core.model.mnist.MnistNetwork} is the public entry point.
 */
package org.ponderlab.core.model.mnist;
