/**
 * The MNIST step network of paper 000: a CNN encoder run once per image (im2row + ND4J BLAS gemm),
 * a recurrent cell fed its features at every step (plain-Java GRU behind {@code StepCell}, to be
 * replaced by the project's vectorised kernel), and per-step output and halting heads. {@link
 * org.ponderlab.core.model.mnist.MnistNetwork} is the public entry point.
 */
package org.ponderlab.core.model.mnist;
