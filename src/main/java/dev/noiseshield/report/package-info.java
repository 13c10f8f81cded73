/**
 * What an evaluation found and how it is shown: the typed {@link
 * dev.noiseshield.report.RobustnessReport}, its paired comparisons ({@link
 * dev.noiseshield.report.PairedTests}), the RobustBench entry, and every writer of it: report.json
 * and report.md ({@link dev.noiseshield.report.ReportWriter}), the comparison table, and the
 * self-contained HTML pages ({@link dev.noiseshield.report.RunPage}, {@link
 * dev.noiseshield.report.ComparisonPage}, with {@link dev.noiseshield.report.Charts}).
 */
package dev.noiseshield.report;
