package org.ponderlab.app.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Save SVG…: the file is well-formed SVG XML that carries the chart's title as text. */
class SvgExportTest {
  @Test
  void aChartSavesAsSvgWithItsTitle(@TempDir Path dir) throws Exception {
    DifficultyChart chart = new DifficultyChart(ChartStyle.LIGHT);
    chart.show(HopChartTest.hops(), "hops", 4);
    File file = dir.resolve("per-hop.svg").toFile();
    Charts.saveSvg(chart.chart(), file, 800, 500);
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature(
        "http://apache.org/xml/features/nonvalidating/load-external-dtd",
        false); // offline: no DTD fetch
    Document doc = f.newDocumentBuilder().parse(file); // throws unless well-formed XML
    assertEquals("svg", doc.getDocumentElement().getLocalName());
    assertEquals("http://www.w3.org/2000/svg", doc.getDocumentElement().getNamespaceURI());
    String text = doc.getDocumentElement().getTextContent();
    assertTrue(
        text.contains(chart.chart().getTitle().getText()), "the title is in the SVG as text");
  }
}
