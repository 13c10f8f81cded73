package dev.noiseshield.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.Epsilon;
import java.util.List;
import java.util.Locale;

/**
 * The report in the form of RobustBench's model entries, so that a result can be set beside theirs:
 * threat model, eps, clean and robust accuracy (percent, as strings with two decimals, as
 * RobustBench writes them), and which evaluation gave the robust accuracy. {@code autoattack_acc}
 * is set only when an AutoAttack ran in its published configuration (a changed one carries its
 * changes in brackets in its name, {@link AttackSpec#name}); {@code robust_acc} is always the worst
 * case of the attacks that ran, and {@code evaluation} says which.
 */
public record RobustBenchEntry(
        String dataset,
        @JsonProperty("threat_model") String threatModel,
        String eps,
        String architecture,
        String name,
        @JsonProperty("clean_acc") String cleanAcc,
        @JsonProperty("robust_acc") String robustAcc,
        @JsonProperty("autoattack_acc") String autoattackAcc,
        String evaluation,
        @JsonProperty("number_forward_passes") int forwardPasses,
        @JsonProperty("additional_data") boolean additionalData) {

    /** The entry of a report; null when it has no attack to give a robust accuracy. */
    static RobustBenchEntry of(RobustnessReport r) {
        if (r.attacks() == null || r.attacks().isEmpty() || r.worstCase() == null) {
            return null;
        }
        List<String> norms =
                r.attacks().stream().map(RobustnessReport.AttackResult::norm).distinct().toList();
        List<Float> radii =
                r.attacks().stream()
                        .map(RobustnessReport.AttackResult::epsilon)
                        .distinct()
                        .toList();
        String autoattack =
                r.attacks().stream()
                        .filter(a -> a.name().startsWith("autoattack") && !a.name().contains("["))
                        .map(a -> percent(a.accuracy()))
                        .findFirst()
                        .orElse(null);
        return new RobustBenchEntry(
                r.dataset(),
                norms.size() == 1
                        ? (norms.get(0).equals("linf") ? "Linf" : "L2")
                        : "mixed: " + norms,
                radii.size() == 1 ? Epsilon.format(radii.get(0)) : "mixed: " + radii,
                r.model(),
                "NoiseShield " + r.defense(),
                percent(r.clean().accuracy()),
                percent(r.worstCase().accuracy()),
                autoattack,
                String.format(
                        Locale.ROOT,
                        "worst case per example over %s; %d repeats on %d test images; %s",
                        r.worstCase().over(),
                        r.evaluation().repeats(),
                        r.evaluation().attackExamples(),
                        r.evaluation().scoring()),
                Math.max(1, r.evaluation().ensembleDraws()),
                false);
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }
}
