package dev.noiseshield.attack.kinds;

import dev.noiseshield.attack.Attack;
import dev.noiseshield.attack.AttackKind;
import dev.noiseshield.attack.AttackSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code autoattack-standard} and {@code autoattack-rand}: AutoAttack (Croce and Hein 2020) as a
 * cascade of its members. Standard: APGD-CE, APGD-T (9 targets), FAB-T (9 targets), 100 iterations
 * each, and Square with 5,000 queries on AutoAttack's fixed schedule. Rand: APGD-CE and APGD-DLR,
 * 100 iterations, EOT 20. Named by its version only as published; every other setting shows in
 * brackets ({@code autoattack-rand[steps=2,eot=2]}).
 */
final class AutoAttackKind implements AttackKind {
    /** The published versions. */
    enum Version {
        STANDARD("autoattack-standard", 1),
        RAND("autoattack-rand", 20);

        final String name;
        final int eot;

        Version(String name, int eot) {
            this.name = name;
            this.eot = eot;
        }
    }

    static final int STEPS = 100;
    static final int SQUARE_QUERIES = 5000;

    private final Version version;

    AutoAttackKind(Version version) {
        this.version = version;
    }

    @Override
    public List<String> budget() {
        return NO_BUDGET;
    }

    @Override
    public String name() {
        return version.name;
    }

    @Override
    public String summary() {
        return version == Version.STANDARD
                ? "AutoAttack's standard version: APGD-CE, APGD-T, FAB-T, Square 5000, as a cascade"
                : "AutoAttack's version for randomized defenses: APGD-CE and APGD-DLR, EOT 20";
    }

    @Override
    public int defaultSteps() {
        return STEPS;
    }

    @Override
    public int defaultEot() {
        return version.eot;
    }

    @Override
    public Map<String, String> keys() {
        return version == Version.STANDARD
                ? Map.of("targets", "9", "square", Integer.toString(SQUARE_QUERIES))
                : Map.of();
    }

    @Override
    public List<AttackSpec> members(AttackSpec spec) {
        List<AttackSpec> out = new ArrayList<>();
        out.add(spec.as("apgd-ce", spec.steps(), spec.eot(), Map.of()));
        if (version == Version.RAND) {
            out.add(spec.as("apgd-dlr", spec.steps(), spec.eot(), Map.of()));
            return out;
        }
        String targets = Integer.toString(spec.intOption("targets", ApgdKind.TARGETS));
        out.add(spec.as("apgd-t", spec.steps(), spec.eot(), Map.of("targets", targets)));
        out.add(spec.as("fab-t", spec.steps(), spec.eot(), Map.of("targets", targets)));
        AttackSpec square =
                spec.as(
                        "square",
                        spec.intOption("square", SQUARE_QUERIES),
                        spec.eot(),
                        Map.of("schedule", "autoattack"));
        // Square runs once however many restarts the gradient attacks get, as in AutoAttack
        out.add(
                new AttackSpec(
                        square.kind(),
                        square.norm(),
                        square.epsilon(),
                        square.steps(),
                        0f,
                        1,
                        square.eot(),
                        square.options()));
        return out;
    }

    @Override
    public Attack build(AttackSpec spec, Context context) {
        throw new IllegalStateException(name() + " runs as a cascade of its members");
    }

    @Override
    public List<String> changesFromPublished(AttackSpec spec) {
        List<String> changes = new ArrayList<>();
        if (spec.steps() != STEPS) {
            changes.add("steps=" + spec.steps());
        }
        if (spec.restarts() != 1) {
            changes.add("restarts=" + spec.restarts());
        }
        if (spec.eot() != version.eot) {
            changes.add("eot=" + spec.eot());
        }
        if (version == Version.STANDARD) {
            int targets = spec.intOption("targets", ApgdKind.TARGETS);
            if (targets != ApgdKind.TARGETS) {
                changes.add("targets=" + targets);
            }
            int queries = spec.intOption("square", SQUARE_QUERIES);
            if (queries != SQUARE_QUERIES) {
                changes.add("square=" + queries);
            }
        }
        return changes;
    }

    @Override
    public String displayName(AttackSpec spec) {
        List<String> changes = changesFromPublished(spec);
        return name()
                + (spec.norm().equals("linf") ? "" : "-" + spec.norm())
                + (changes.isEmpty() ? "" : "[" + String.join(",", changes) + "]");
    }
}
