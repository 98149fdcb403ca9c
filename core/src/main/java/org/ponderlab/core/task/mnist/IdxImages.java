package org.ponderlab.core.task.mnist;

/**
 * The content of an idx3 image file: {@code count} grey images of {@code rows × cols} unsigned
 * bytes, row-major, one image after the other (the file's own layout, so reading is one copy).
 *
 * @param pixels {@code count * rows * cols} bytes; read them with {@code & 0xFF}
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {
  public IdxImages {
    if (count < 0 || rows <= 0 || cols <= 0) {
      throw new IllegalArgumentException(
          "bad image dimensions " + count + " x " + rows + " x " + cols);
    }
    if (pixels.length != (long) count * rows * cols) {
      throw new IllegalArgumentException(
          "pixels has " + pixels.length + " bytes, expected " + (long) count * rows * cols);
    }
  }

  /** Values per image. */
  public int imageSize() {
    return rows * cols;
  }

  /** Pixel {@code p} (row-major within the image) of image {@code i}, 0..255. */
  public int pixel(int i, int p) {
    return pixels[i * imageSize() + p] & 0xFF;
  }
}
