/**
 * MNIST-shaped digit classification: {@link org.ponderlab.core.task.mnist.IdxReader} reads the IDX
 * files (raw or gzip) with every header check a broken download can fail, {@link
 * org.ponderlab.core.task.mnist.MnistData} finds the four standard files of a data set (the subset
 * shipped in {@code datasets/mnist}, or Fashion-MNIST with the same names), and {@link
 * org.ponderlab.core.task.mnist.MnistTask} serves them to the trainer as a {@code Task}.
 */
package org.ponderlab.core.task.mnist;
