package dev.noiseshield.attack;

import dev.noiseshield.model.Classifier;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * One kind of attack as {@code --attacks} names it: its settings with their defaults and ranges,
 * the norms it supports, its checks, its factory and the name reports give it. The built-in kinds
 * are in {@code dev.noiseshield.attack.kinds}; a plugin adds its own through an {@link
 * AttackPlugin}, and the tool treats them alike: parsed, validated, run, journaled, sent to Spark
 * executors and reported by the name they give.
 *
 * <p>Every kind takes the common settings of {@link AttackSpec} (eps, steps, step, restarts, eot,
 * norm); {@link #keys} are its own, each with its default.
 */
public interface AttackKind {
    /**
     * The {@link #budget} of a kind whose restarts spend more on the same attack (PGD, APGD, FAB).
     */
    List<String> STEPS_AND_RESTARTS = List.of("steps", "restarts");

    /** The {@link #budget} of a kind with nothing to grow: a single step, a cascade, a transfer. */
    List<String> NO_BUDGET = List.of();

    /** The name in {@code --attacks}, lower case: {@code pgd}. */
    String name();

    /** What it is, in one line, for {@code --help} and the docs. */
    String summary();

    /**
     * Iterations (queries for score-based attacks) when none are given; by default 100, the budget
     * of APGD, FAB, C&W and ZOO.
     */
    default int defaultSteps() {
        return 100;
    }

    /** The norms it runs in, its default first: "linf", "l2". */
    default List<String> norms() {
        return List.of("linf", "l2");
    }

    /** Noise draws averaged per gradient when none are given. */
    default int defaultEot() {
        return 1;
    }

    /**
     * Its own settings beyond the common ones, each with its default as written on the command line
     * (an empty text: required, no default).
     */
    default Map<String, String> keys() {
        return Map.of();
    }

    /**
     * Checks beyond those every kind gets (a known norm, positive eps, steps and draws, known
     * keys); throws {@link IllegalArgumentException} with the reason.
     */
    default void validate(AttackSpec spec) {}

    /** The attack a spec of this kind describes. */
    Attack build(AttackSpec spec, Context context);

    /**
     * What the attack gets besides its spec.
     *
     * @param seed seeds the attacks that draw their own random numbers (Square, ZOO, FAB)
     * @param sources loads a substitute model from its checkpoint path (transfer attacks)
     */
    record Context(long seed, Function<String, Classifier> sources) {}

    /**
     * The name reports give a spec of this kind: by default {@link #decorate} of {@code
     * KIND-STEPS}.
     */
    default String displayName(AttackSpec spec) {
        return decorate(spec, name() + "-" + spec.steps());
    }

    /**
     * The settings whose doubling spends more on the same attack, and which {@code --converge} and
     * the "budget has converged" check grow: by default its steps (queries for score-based kinds);
     * none for a single step or a cascade. EOT draws grow too, for any kind with a budget, where
     * the model draws noise.
     */
    default List<String> budget() {
        return List.of("steps");
    }

    /** Gradient-free, or never shown the target's gradients. */
    default boolean blackBox() {
        return false;
    }

    /**
     * For an ensemble of attacks run as a cascade (AutoAttack), its members in order; otherwise
     * empty, and the spec is its own single attack.
     */
    default List<AttackSpec> members(AttackSpec spec) {
        return List.of();
    }

    /**
     * For a published configuration (AutoAttack), each setting of the spec that differs from it, as
     * {@code key=value}; empty when it is the published one or there is none.
     */
    default List<String> changesFromPublished(AttackSpec spec) {
        return List.of();
    }

    /**
     * Why a number of this spec cannot stand beside its paper's as the same measurement (a budget
     * below the paper's), or null.
     */
    default String belowPaperBudget(AttackSpec spec) {
        return null;
    }

    /**
     * The common decorations of a report name: {@code eot-BASExK} with K EOT draws, the norm when
     * it is not the kind's default ({@code -l2}), {@code -rN} with N restarts.
     */
    static String decorate(AttackSpec spec, String base) {
        String name = spec.eot() > 1 ? "eot-" + base + "x" + spec.eot() : base;
        AttackKind kind = AttackKinds.of(spec.kind());
        if (!spec.norm().equalsIgnoreCase(kind.norms().get(0))) {
            name += "-" + spec.norm().toLowerCase(Locale.ROOT);
        }
        return spec.restarts() > 1 ? name + "-r" + spec.restarts() : name;
    }
}
