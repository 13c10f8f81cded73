package dev.noiseshield.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * The report's charts, drawn by XChart and rendered to SVG that the page inlines: lines with error
 * bars (accuracy against eps, steps or EOT draws; training curves) and bars (learned noise).
 */
final class Charts {
    private static final int WIDTH = 560;
    private static final int HEIGHT = 340;

    private Charts() {}

    /** One line of a chart: x, y and, if not null, the half-widths of its error bars. */
    @SuppressWarnings("ArrayRecordComponent") // a carrier for one chart, never compared or hashed
    record Line(String name, double[] x, double[] y, double[] error) {}

    /** A line chart; a logarithmic x axis when {@code logX}. */
    static String lines(
            String title, String xLabel, String yLabel, List<Line> lines, boolean logX) {
        XYChart chart =
                new XYChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title(title)
                        .xAxisTitle(xLabel)
                        .yAxisTitle(yLabel)
                        .build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        for (Line l : lines) {
            if (l.error() != null) {
                chart.addSeries(l.name(), l.x(), l.y(), l.error());
            } else {
                chart.addSeries(l.name(), l.x(), l.y());
            }
        }
        return svg(chart, title);
    }

    /** A bar chart of named values. */
    static String bars(String title, String yLabel, List<String> names, List<Double> values) {
        CategoryChart chart =
                new CategoryChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title(title)
                        .yAxisTitle(yLabel)
                        .build();
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(30);
        chart.addSeries(yLabel, names, values);
        return svg(chart, title);
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(java.awt.Color.WHITE);
        s.setPlotBackgroundColor(java.awt.Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.InsideSW);
        s.setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 14));
    }

    /** The chart as an inline SVG element: the XML prolog and its DTD reference dropped. */
    private static String svg(Chart<?, ?> chart, String title) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(
                    chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        int start = text.indexOf("<svg");
        // the SVG draws its text as shapes: the title is also the figure's label, for readers and
        // search
        return "<figure class=\"chart\" role=\"img\" aria-label=\""
                + Html.esc(title)
                + "\">"
                + text.substring(start)
                + "</figure>";
    }
}
