package dev.noiseshield.report;

import java.util.List;
import java.util.Locale;

/**
 * The little HTML the pages need: escaping, tables, a page with its inline style. Every page of the
 * tool (a report, a comparison, a reproduction) uses it, so that they look alike.
 */
public final class Html {
    private Html() {}

    /** {@code s} with the characters HTML reserves escaped; null reads as empty. */
    public static String esc(String s) {
        return s == null
                ? ""
                : s.replace("&", "&amp;")
                        .replace("<", "&lt;")
                        .replace(">", "&gt;")
                        .replace("\"", "&quot;");
    }

    /** A table; cells are HTML already (escape text first). */
    public static String table(List<String> header, List<List<String>> rows) {
        StringBuilder b = new StringBuilder("<table><thead><tr>");
        header.forEach(h -> b.append("<th>").append(h).append("</th>"));
        b.append("</tr></thead><tbody>");
        for (List<String> row : rows) {
            b.append("<tr>");
            row.forEach(c -> b.append("<td>").append(c).append("</td>"));
            b.append("</tr>");
        }
        return b.append("</tbody></table>").toString();
    }

    /** A fraction as a percentage with two decimals; NaN as nothing. */
    public static String percent(double fraction) {
        return Double.isNaN(fraction) ? "" : String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }

    /** A whole page: one file, its style inline, nothing loaded from elsewhere. */
    public static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>"
                + esc(title)
                + "</title><style>"
                + STYLE
                + "</style></head><body>"
                + body
                + "</body></html>\n";
    }

    private static final String STYLE =
            "body{font-family:sans-serif;max-width:1180px;margin:1.5em auto;padding:0"
                + " 1em;color:#222}h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid"
                + " #ccc;margin-top:1.8em}table{border-collapse:collapse;margin:.6em"
                + " 0;font-size:.92em}th,td{border:1px solid #ccc;padding:.25em"
                + " .55em;text-align:left;vertical-align:top}"
                + "th{background:#f2f2f2}.num{text-align:right;font-variant-numeric:tabular-nums}"
                + ".failed{background:#fde2e2;font-weight:bold}.passed{color:#1a6b2a}.na{color:#666}.verdict{padding:.6em"
                + " 1em;border-radius:4px;margin:1em 0}.verdict.bad{background:#fde2e2;border:1px"
                + " solid #d33}.verdict.good{background:#e3f4e6;border:1px solid #3a3}"
                + ".charts{display:flex;flex-wrap:wrap;gap:1em}.chart{margin:0}.chart"
                + " svg{max-width:100%;height:auto}.grid"
                + " img{width:84px;height:84px;image-rendering:pixelated;border:1px solid #999}"
                + ".note{color:#555;font-size:.9em}@media"
                + " print{.charts{display:block}.chart{page-break-inside:avoid}}";
}
