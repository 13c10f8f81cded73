package dev.noiseshield.attack;

import dev.noiseshield.model.Classifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One attack of an evaluation, as the command line writes it and the report names it: a kind of the
 * registry ({@link AttackKinds}) with its settings. What a kind means, which keys it takes, how it
 * is built and named is its {@link AttackKind}'s; this record holds the values, checks what every
 * kind shares, and travels (journal identities, Spark tasks) as plain data.
 *
 * @param kind a name of {@link AttackKinds}
 * @param norm "linf" or "l2", one its kind supports
 * @param epsilon radius of the ball
 * @param steps iterations (queries for score-based attacks; 1 for single-step ones)
 * @param stepSize PGD step length in the norm; 0 chooses 2.5 * eps / steps (Madry et al.)
 * @param restarts runs per example
 * @param eot noise draws averaged per gradient or score (1: none)
 * @param options the kind's own settings ({@link AttackKind#keys}), as written
 */
public record AttackSpec(
        String kind,
        String norm,
        float epsilon,
        int steps,
        float stepSize,
        int restarts,
        int eot,
        Map<String, String> options)
        implements java.io.Serializable {

    /** The keys every kind takes; {@code queries} and {@code iterations} are {@code steps}. */
    public static final Set<String> COMMON_KEYS =
            Set.of("eps", "steps", "queries", "iterations", "step", "restarts", "eot", "norm");

    public AttackSpec {
        kind = kind.toLowerCase(Locale.ROOT);
        norm = norm.toLowerCase(Locale.ROOT);
        options = Map.copyOf(options);
        AttackKind k = AttackKinds.of(kind);
        Norm.fromName(norm);
        if (!k.norms().contains(norm)) {
            throw new IllegalArgumentException(
                    kind
                            + " runs in "
                            + String.join(" or ", k.norms())
                            + " only; norm="
                            + norm
                            + " is not supported");
        }
        if (!(epsilon > 0) || Float.isInfinite(epsilon)) {
            throw new IllegalArgumentException("attack epsilon must be positive, got " + epsilon);
        }
        if (!(stepSize >= 0) || Float.isInfinite(stepSize)) {
            throw new IllegalArgumentException(
                    "attack step size must be >= 0 (0: 2.5 * eps / steps), got " + stepSize);
        }
        if (steps < 1 || restarts < 1 || eot < 1) {
            throw new IllegalArgumentException(
                    "steps, restarts and eot must be >= 1, got "
                            + steps
                            + ", "
                            + restarts
                            + ", "
                            + eot);
        }
        for (String key : options.keySet()) {
            if (!k.keys().containsKey(key)) {
                throw new IllegalArgumentException(unknownKey(k, key, kind));
            }
        }
    }

    /**
     * Parses {@code KIND[:key=value,...]}, e.g. {@code fgsm}, {@code pgd:steps=20}, {@code
     * pgd:steps=10,eot=8,restarts=2,norm=l2,eps=1.5,step=0.25}, {@code pgd:eps=8/255}, {@code
     * apgd-t:targets=3}, {@code square:steps=1000}, {@code autoattack-rand}; eps defaults to the
     * radius of the attack's norm.
     *
     * @param linf the default L-inf radius
     * @param l2 the default L2 radius
     */
    public static AttackSpec parse(String text, float linf, float l2) {
        return read(text).at(linf, l2);
    }

    /**
     * An attack as written, before the radii it defaults to are known: its kind, keys and numbers
     * checked, the checks of its values ({@link #at}) still to come.
     *
     * @param text the attack as written
     * @param kind its kind
     * @param norm its norm's name
     * @param eps its radius, or null for the default of its norm
     * @param steps iterations (queries)
     * @param step the step size, or 0 for the kind's default
     * @param restarts random restarts
     * @param eot noise draws per gradient
     * @param options the kind's own keys, as written
     */
    public record Unresolved(
            String text,
            AttackKind kind,
            String norm,
            Float eps,
            int steps,
            float step,
            int restarts,
            int eot,
            Map<String, String> options) {

        /**
         * The spec, eps defaulting to the radius of its norm; throws when a value is out of range.
         */
        public AttackSpec at(float linf, float l2) {
            float radius = eps != null ? eps : Norm.fromName(norm) instanceof L2Norm ? l2 : linf;
            AttackSpec spec =
                    new AttackSpec(kind.name(), norm, radius, steps, step, restarts, eot, options);
            // the kind's own checks (fgsm takes one step, transfer needs a source) need the whole
            // record, which the compact constructor has not made yet
            kind.validate(spec);
            return spec;
        }
    }

    /**
     * Reads {@code KIND[:key=value,...]} as {@link #parse} does, without the default radii: throws
     * for an unknown kind or key, or a value that is not a number.
     */
    public static Unresolved read(String text) {
        String[] head = text.trim().split(":", 2);
        AttackKind kind;
        try {
            kind = AttackKinds.of(head[0].trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (in '" + text + "')", e);
        }
        String norm = kind.norms().get(0);
        Float eps = null;
        int steps = kind.defaultSteps();
        float step = 0f;
        int restarts = 1;
        int eot = kind.defaultEot();
        Map<String, String> options = new LinkedHashMap<>();
        if (head.length == 2 && !head[1].isBlank()) {
            for (String pair : head[1].split(",", -1)) {
                String[] kv = pair.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException(
                            "attack option '" + pair + "' in '" + text + "' is not key=value");
                }
                String key = kv[0].trim().toLowerCase(Locale.ROOT);
                String value = kv[1].trim();
                try {
                    switch (key) {
                        case "eps" -> eps = Epsilon.parse(value);
                        case "steps", "queries", "iterations" -> steps = Integer.parseInt(value);
                        case "step" -> step = Epsilon.parse(value);
                        case "restarts" -> restarts = Integer.parseInt(value);
                        case "eot" -> eot = Integer.parseInt(value);
                        case "norm" -> norm = value;
                        default -> {
                            if (!kind.keys().containsKey(key)) {
                                throw new IllegalArgumentException(
                                        unknownKey(kind, kv[0], "'" + text + "'"));
                            }
                            options.put(key, value);
                        }
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "attack option '"
                                    + pair
                                    + "' in '"
                                    + text
                                    + "' needs a number (eps and step also take fractions such as"
                                    + " 8/255)");
                }
            }
        }
        return new Unresolved(text, kind, norm, eps, steps, step, restarts, eot, options);
    }

    /** {@link #parse(String, float, float)} with one default radius for both norms. */
    public static AttackSpec parse(String text, float defaultEpsilon) {
        return parse(text, defaultEpsilon, defaultEpsilon);
    }

    private static String unknownKey(AttackKind kind, String key, String where) {
        return "unknown attack option '"
                + key
                + "' in "
                + where
                + "; "
                + kind.name()
                + " takes eps, steps, step, restarts, eot, norm"
                + (kind.keys().isEmpty()
                        ? ""
                        : ", " + String.join(", ", new java.util.TreeSet<>(kind.keys().keySet())));
    }

    /** A copy with another eps, steps or EOT draws, for sweeps. */
    public AttackSpec with(float newEpsilon, int newSteps, int newEot) {
        return copy(newEpsilon, newSteps, stepSize * newEpsilon / epsilon, restarts, newEot);
    }

    /**
     * A copy with one budget setting ({@link AttackKind#budget}, or {@code eot}) multiplied by
     * {@code factor}; an explicit step length is kept, the default one (2.5 eps / steps) follows
     * the steps.
     */
    public AttackSpec grown(String setting, int factor) {
        int value = budgetValue(setting) * factor; // refuses an unknown setting
        return copy(
                epsilon,
                setting.equals("steps") ? value : steps,
                stepSize,
                setting.equals("restarts") ? value : restarts,
                setting.equals("eot") ? value : eot);
    }

    /** The same kind, norm and options with other numbers. */
    private AttackSpec copy(float epsilon, int steps, float stepSize, int restarts, int eot) {
        return new AttackSpec(kind, norm, epsilon, steps, stepSize, restarts, eot, options);
    }

    /** The settings whose doubling spends more on this attack (EOT draws on a noisy model). */
    public List<String> budget(boolean stochastic) {
        List<String> own = AttackKinds.of(kind).budget();
        if (own.isEmpty() || isComposite()) {
            return List.of();
        }
        List<String> all = new java.util.ArrayList<>(own);
        if (stochastic) {
            all.add(1, "eot");
        }
        return all;
    }

    /**
     * A white-box attack with a budget to grow: what --converge grows unless told, and what the
     * "budget has converged" check doubles.
     */
    public boolean hasWhiteBoxBudget(boolean stochastic) {
        return !isBlackBox() && !budget(stochastic).isEmpty();
    }

    /** The value of one budget setting. */
    public int budgetValue(String setting) {
        return switch (setting) {
            case "steps" -> steps;
            case "restarts" -> restarts;
            case "eot" -> eot;
            default -> throw new IllegalArgumentException("no budget setting '" + setting + "'");
        };
    }

    /** A copy of this spec as another kind, with the given own settings: a member of a cascade. */
    public AttackSpec as(
            String memberKind, int memberSteps, int memberEot, Map<String, String> own) {
        return new AttackSpec(memberKind, norm, epsilon, memberSteps, 0f, restarts, memberEot, own);
    }

    /** An ensemble of attacks run as a cascade (AutoAttack). */
    public boolean isComposite() {
        return !AttackKinds.of(kind).members(this).isEmpty();
    }

    /** Gradient-free attacks, and attacks that never see the target's gradients. */
    public boolean isBlackBox() {
        return AttackKinds.of(kind).blackBox();
    }

    /**
     * The attacks whose per-example worst case this one is, in cascade order: itself, or its
     * members.
     */
    public List<AttackSpec> components() {
        List<AttackSpec> members = AttackKinds.of(kind).members(this);
        return members.isEmpty() ? List.of(this) : members;
    }

    /** Each setting that differs from a published configuration ({@link AttackKind}). */
    public List<String> changesFromPublished() {
        return AttackKinds.of(kind).changesFromPublished(this);
    }

    /** An AutoAttack exactly as published (any norm and radius). */
    public boolean isPublishedAutoAttack() {
        return isComposite() && kind.startsWith("autoattack") && changesFromPublished().isEmpty();
    }

    /** Why this spec's number cannot stand beside its paper's, or null ({@link AttackKind}). */
    public String belowPaperBudget() {
        return AttackKinds.of(kind).belowPaperBudget(this);
    }

    /**
     * The attack itself.
     *
     * @param sources loads the substitute model of a transfer attack from its checkpoint path
     * @param seed seeds the attacks that draw their own random numbers (Square, ZOO, FAB)
     */
    public Attack build(Function<String, Classifier> sources, long seed) {
        if (isComposite()) {
            throw new IllegalStateException("composite attack " + kind + " has no single build");
        }
        return AttackKinds.of(kind).build(this, new AttackKind.Context(seed, sources));
    }

    /**
     * Report name, as its kind gives it: fgsm, pgd-20, eot-pgd-10x8, apgd-ce-100, square-5000,
     * cw-l2-9x10000 (binary search steps x iterations), with -l2 and -rN where they apply; an
     * AutoAttack by its version, with every setting changed from the published configuration in
     * brackets: autoattack-rand[steps=2,eot=2].
     */
    public String name() {
        return AttackKinds.of(kind).displayName(this);
    }

    /** The kind's own setting {@code key} as an integer, or {@code fallback} when not given. */
    public int intOption(String key, int fallback) {
        return option(key, fallback, Integer::valueOf, "an integer");
    }

    /** The kind's own setting {@code key} as a number, or {@code fallback} when not given. */
    public float floatOption(String key, float fallback) {
        return option(key, fallback, Float::valueOf, "a number");
    }

    private <T> T option(String key, T fallback, Function<String, T> parse, String what) {
        try {
            return options.containsKey(key) ? parse.apply(options.get(key)) : fallback;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "attack option " + key + "=" + options.get(key) + " needs " + what, e);
        }
    }
}
