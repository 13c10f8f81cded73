package dev.noiseshield.recipe;

import dev.noiseshield.report.RobustnessReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PNI paper's gradient-obfuscation checklist (its Table 7, after Athalye et al. 2018), each of
 * its five items beside the sanity check of ours that tests it, and the checks we add: what a
 * reproduction page shows under the numbers (../shared/papers/reported-numbers.md, Table 7).
 */
public final class MaskingChecklist {
    private MaskingChecklist() {}

    /** The paper's items, in its order, to the name of the check that tests each. */
    public static final Map<String, String> PAPER_ITEMS = items();

    private static Map<String, String> items() {
        Map<String, String> items = new LinkedHashMap<>();
        items.put(
                "one-step attacks are not better than iterative ones", "PGD not weaker than FGSM");
        items.put(
                "black-box attacks are not better than white-box ones",
                "black-box is not stronger than white-box");
        items.put("unbounded attacks reach 100% success", "a large eps leaves no image right");
        items.put(
                "random sampling does not find adversarial examples",
                "random noise is weaker than white-box");
        items.put("a larger bound raises the success rate", "accuracy falls as eps grows");
        return java.util.Collections.unmodifiableMap(items);
    }

    /** The checklist as Markdown, with each check's verdict in {@code checks}. */
    public static String markdown(List<RobustnessReport.Check> checks) {
        StringBuilder md =
                new StringBuilder(
                        """

                        ## The paper's gradient-masking checklist (its Table 7)

                        | the paper's item | our check | verdict here |
                        |---|---|---|
                        """);
        for (List<String> row : rows(checks)) {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return md.append("\nChecks we add: ").append(added(checks)).append(".\n").toString();
    }

    /** Each item of the paper's checklist: the item, the check that tests it, its verdict here. */
    public static List<List<String>> rows(List<RobustnessReport.Check> checks) {
        List<List<String>> rows = new java.util.ArrayList<>();
        PAPER_ITEMS.forEach(
                (item, check) -> rows.add(List.of(item, check, verdicts(checks, check))));
        return rows;
    }

    /** The checks we run beyond the paper's items, each with its verdict. */
    public static String added(List<RobustnessReport.Check> checks) {
        List<String> added =
                checks.stream()
                        .map(RobustnessReport.Check::name)
                        .filter(name -> !PAPER_ITEMS.containsValue(name))
                        .distinct()
                        .map(name -> name + " (" + verdicts(checks, name) + ")")
                        .toList();
        return added.isEmpty() ? "none ran (--checks false)" : String.join("; ", added);
    }

    private static String verdicts(List<RobustnessReport.Check> checks, String name) {
        List<String> found =
                checks.stream()
                        .filter(c -> c.name().equals(name))
                        .map(c -> c.failed() ? "FAILED" : c.verdict().label())
                        .toList();
        return found.isEmpty() ? "not run" : String.join(", ", found);
    }
}
