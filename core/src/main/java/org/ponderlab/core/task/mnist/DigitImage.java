package org.ponderlab.core.task.mnist;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A picture file made into one MNIST input: 28×28 grey values in [0, 1], light digit on a dark
 * background as in MNIST. Any size or colour is accepted and converted (greyscale, scaled to
 * 28×28); a picture whose border is mostly light (a dark digit drawn on white) is inverted. Each
 * conversion is listed in {@link #notes()} so the user is told what was done to the picture.
 *
 * @param pixels 784 values, row-major, scaled like the task's inputs (byte / 255)
 * @param notes the conversions applied, in words (empty for a 28×28 greyscale MNIST-style picture)
 */
public record DigitImage(float[] pixels, List<String> notes) {
  public static final int SIZE = 28;

  /**
   * Reads and converts a picture; {@link IllegalArgumentException} names the file and the trouble.
   */
  public static DigitImage read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--image " + file + ": no such file");
    }
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--image " + file + ": cannot be read (" + e.getMessage() + ")");
    }
    if (image == null) {
      throw new IllegalArgumentException(
          "--image " + file + ": not a picture this build can read (PNG, JPEG, GIF, BMP)");
    }
    return of(image);
  }

  /** Converts a picture already in memory (what {@link #read} does after decoding). */
  public static DigitImage of(BufferedImage image) {
    List<String> notes = new ArrayList<>();
    BufferedImage grey = image;
    if (image.getType() != BufferedImage.TYPE_BYTE_GRAY) {
      notes.add("converted to greyscale");
    }
    if (image.getWidth() != SIZE || image.getHeight() != SIZE) {
      notes.add("scaled from " + image.getWidth() + "×" + image.getHeight() + " to 28×28");
    }
    if (!notes.isEmpty()) {
      grey = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
      Graphics2D g = grey.createGraphics();
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(image, 0, 0, SIZE, SIZE, java.awt.Color.BLACK, null);
      g.dispose();
    }
    float[] pixels = new float[SIZE * SIZE];
    double border = 0;
    int borderCount = 0;
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        float v = (grey.getRaster().getSample(x, y, 0) & 0xFF) / 255f;
        pixels[y * SIZE + x] = v;
        if (x == 0 || y == 0 || x == SIZE - 1 || y == SIZE - 1) {
          border += v;
          borderCount++;
        }
      }
    }
    if (border / borderCount > 0.5) {
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = 1 - pixels[i];
      }
      notes.add("inverted (a dark digit on a light background; MNIST digits are light on dark)");
    }
    return new DigitImage(pixels, List.copyOf(notes));
  }
}
