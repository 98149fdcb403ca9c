package org.ponderlab.core.task.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitImageTest {
  @TempDir Path tmp;

  @Test
  void anMnistStylePictureIsTakenAsIs() throws Exception {
    BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setSample(14, 10, 0, 255);
    img.getRaster().setSample(3, 4, 0, 51);
    Path file = tmp.resolve("digit.png");
    ImageIO.write(img, "png", file.toFile());
    DigitImage d = DigitImage.read(file);
    assertEquals(List.of(), d.notes());
    assertEquals(1f, d.pixels()[10 * 28 + 14]);
    assertEquals(0.2f, d.pixels()[4 * 28 + 3], 1e-6);
    assertEquals(0f, d.pixels()[0]);
  }

  @Test
  void aLargeColourPictureOfADarkDigitOnWhiteIsScaledGreyedAndInverted() throws Exception {
    BufferedImage img = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 56, 56);
    g.setColor(Color.BLACK);
    g.fillRect(24, 8, 8, 40); // a "1"
    g.dispose();
    Path file = tmp.resolve("one.png");
    ImageIO.write(img, "png", file.toFile());
    DigitImage d = DigitImage.read(file);
    assertEquals(3, d.notes().size(), d.notes().toString());
    assertTrue(d.notes().get(1).contains("56×56"));
    assertTrue(d.pixels()[14 * 28 + 14] > 0.9f, "the stroke is light after inversion");
    assertTrue(d.pixels()[2 * 28 + 2] < 0.1f, "the background is dark");
  }

  @Test
  void aMissingOrForeignFileIsRefusedByName() throws Exception {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> DigitImage.read(tmp.resolve("nope.png")))
            .getMessage()
            .contains("no such file"));
    Path text = Files.writeString(tmp.resolve("notes.png"), "not a picture");
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> DigitImage.read(text))
            .getMessage()
            .contains("not a picture"));
  }
}
