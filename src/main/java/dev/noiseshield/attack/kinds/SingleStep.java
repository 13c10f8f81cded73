package dev.noiseshield.attack.kinds;

import dev.noiseshield.attack.AttackSpec;

/** The check of the single-step kinds: they take no steps setting but 1. */
final class SingleStep {
    private SingleStep() {}

    static void require(AttackSpec spec) {
        if (spec.steps() != 1) {
            throw new IllegalArgumentException(
                    spec.kind() + " is a single step; use pgd for " + spec.steps() + " steps");
        }
    }
}
