package org.ponderlab.app.charts;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYZDataset;

/**
 * A block renderer for heat maps centred on whole-number cells: one fill per cell, grown by half a
 * pixel so neighbours meet without seams (the stock renderer fills and then outlines each block,
 * twice the drawing for the same picture), and no entity per cell (the map's hover uses the axes).
 */
final class HeatBlockRenderer extends XYBlockRenderer {
  @Override
  public void drawItem(
      Graphics2D g2,
      XYItemRendererState state,
      Rectangle2D dataArea,
      PlotRenderingInfo info,
      XYPlot plot,
      ValueAxis domainAxis,
      ValueAxis rangeAxis,
      XYDataset dataset,
      int series,
      int item,
      CrosshairState crosshairState,
      int pass) {
    double x = dataset.getXValue(series, item);
    double y = dataset.getYValue(series, item);
    double z = ((XYZDataset) dataset).getZValue(series, item);
    double x0 =
        domainAxis.valueToJava2D(x - getBlockWidth() / 2, dataArea, plot.getDomainAxisEdge());
    double x1 =
        domainAxis.valueToJava2D(x + getBlockWidth() / 2, dataArea, plot.getDomainAxisEdge());
    double y0 =
        rangeAxis.valueToJava2D(y - getBlockHeight() / 2, dataArea, plot.getRangeAxisEdge());
    double y1 =
        rangeAxis.valueToJava2D(y + getBlockHeight() / 2, dataArea, plot.getRangeAxisEdge());
    double left = Math.min(x0, x1) - 0.25;
    double top = Math.min(y0, y1) - 0.25;
    g2.setPaint(getPaintScale().getPaint(z));
    g2.fill(new Rectangle2D.Double(left, top, Math.abs(x1 - x0) + 0.5, Math.abs(y1 - y0) + 0.5));
  }
}
