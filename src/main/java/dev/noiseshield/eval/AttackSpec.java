package dev.noiseshield.eval;

import dev.noiseshield.attack.Apgd;
import dev.noiseshield.attack.Attack;
import dev.noiseshield.attack.AttackLoss;
import dev.noiseshield.attack.CarliniWagnerL2;
import dev.noiseshield.attack.Epsilon;
import dev.noiseshield.attack.Fab;
import dev.noiseshield.attack.Fgsm;
import dev.noiseshield.attack.L2Norm;
import dev.noiseshield.attack.Norm;
import dev.noiseshield.attack.Pgd;
import dev.noiseshield.attack.PgdSettings;
import dev.noiseshield.attack.RandomNoiseAttack;
import dev.noiseshield.attack.SquareAttack;
import dev.noiseshield.attack.SquareL2Attack;
import dev.noiseshield.attack.SquareSchedule;
import dev.noiseshield.attack.TransferAttack;
import dev.noiseshield.attack.ZooAttack;
import dev.noiseshield.data.Datasets;
import dev.noiseshield.model.Classifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * One attack of an evaluation, as the command line writes it and the report names it.
 *
 * @param kind see {@link #KINDS}
 * @param norm "linf" or "l2"
 * @param epsilon radius of the ball
 * @param steps iterations (PGD, APGD, C&W, ZOO steps; Square queries; 1 for FGSM and random)
 * @param stepSize PGD step length in the norm; 0 chooses 2.5 * eps / steps (Madry et al.)
 * @param restarts runs per example
 * @param eot noise draws averaged per gradient or score (1: none)
 * @param options the kind's other settings: targets (apgd-t, fab-t, autoattack-standard), search
 *     and lr (cw-l2), coords and lr (zoo), source (transfer: checkpoint of the substitute model),
 *     schedule (square: rescaled or autoattack, {@link SquareSchedule}), square
 *     (autoattack-standard: Square's queries)
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

    /** Every kind, with its default number of steps (queries for square). */
    public static final Map<String, Integer> KINDS = kinds();

    private static Map<String, Integer> kinds() {
        Map<String, Integer> k = new LinkedHashMap<>();
        k.put("fgsm", 1);
        k.put("pgd", 20);
        k.put("cw-linf", 100);
        k.put("apgd-ce", 100);
        k.put("apgd-dlr", 100);
        k.put("apgd-t", 100);
        k.put("fab-t", 100);
        k.put("cw-l2", 100);
        k.put("square", 5000);
        k.put("zoo", 100);
        k.put("random", 1);
        k.put("transfer", 20);
        k.put("autoattack-standard", 100);
        k.put("autoattack-rand", 100);
        return k;
    }

    public AttackSpec {
        kind = kind.toLowerCase(Locale.ROOT);
        options = Map.copyOf(options);
        if (!KINDS.containsKey(kind)) {
            throw new IllegalArgumentException(
                    "unknown attack '" + kind + "'; choose one of " + KINDS.keySet());
        }
        Norm.fromName(norm);
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
        if ((kind.equals("zoo") || kind.equals("cw-linf")) && !norm.equalsIgnoreCase("linf")) {
            throw new IllegalArgumentException(
                    kind + " is an L-inf attack here; norm=" + norm + " is not supported");
        }
        if (kind.equals("cw-l2") && !norm.equalsIgnoreCase("l2")) {
            throw new IllegalArgumentException(
                    "cw-l2 is an L2 attack; pass norm=l2 (the default for it)");
        }
        if (kind.equals("transfer") && !options.containsKey("source")) {
            throw new IllegalArgumentException(
                    "transfer needs source=CHECKPOINT, the substitute model it crafts on");
        }
    }

    /**
     * Parses {@code KIND[:key=value,...]}, e.g. {@code fgsm}, {@code pgd:steps=20}, {@code
     * pgd:steps=10,eot=8,restarts=2,norm=l2,eps=1.5,step=0.25}, {@code pgd:eps=8/255}, {@code
     * apgd-t:targets=3}, {@code square:steps=1000}, {@code
     * transfer:source=runs/x/checkpoints/epoch-010.nsck}, {@code autoattack-rand}; eps defaults to
     * the radius of the attack's norm in {@code defaults}.
     */
    public static AttackSpec parse(String text, Datasets.Radii defaults) {
        String[] head = text.trim().split(":", 2);
        String kind = head[0].trim().toLowerCase(Locale.ROOT);
        if (!KINDS.containsKey(kind)) {
            throw new IllegalArgumentException(
                    "unknown attack '"
                            + kind
                            + "' in '"
                            + text
                            + "'; choose one of "
                            + KINDS.keySet());
        }
        String norm = kind.equals("cw-l2") ? "l2" : "linf";
        Float eps = null;
        int steps = KINDS.get(kind);
        float step = 0f;
        int restarts = 1;
        int eot = kind.equals("autoattack-rand") ? AUTOATTACK_RAND_EOT : 1;
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
                        case "targets", "search", "coords", "lr", "source", "schedule", "square" ->
                                options.put(key, value);
                        default ->
                                throw new IllegalArgumentException(
                                        "unknown attack option '"
                                                + kv[0]
                                                + "' in '"
                                                + text
                                                + "'; known: eps, steps, step, restarts, eot, norm,"
                                                + " targets, search, coords, lr, source, schedule,"
                                                + " square");
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
        if ((kind.equals("fgsm") || kind.equals("random")) && steps != 1) {
            throw new IllegalArgumentException(
                    kind + " is a single step; use pgd for " + steps + " steps");
        }
        if (eps == null) {
            eps = Norm.fromName(norm) instanceof L2Norm ? defaults.l2() : defaults.linf();
        }
        return new AttackSpec(kind, norm, eps, steps, step, restarts, eot, options);
    }

    /** {@link #parse(String, Datasets.Radii)} with one default radius for both norms. */
    public static AttackSpec parse(String text, float defaultEpsilon) {
        return parse(text, new Datasets.Radii(defaultEpsilon, defaultEpsilon));
    }

    /** A copy with another eps, steps or EOT draws, for sweeps. */
    public AttackSpec with(float newEpsilon, int newSteps, int newEot) {
        return new AttackSpec(
                kind,
                norm,
                newEpsilon,
                newSteps,
                stepSize * newEpsilon / epsilon,
                restarts,
                newEot,
                options);
    }

    public boolean isComposite() {
        return kind.startsWith("autoattack");
    }

    /** AutoAttack's published iterations, targets, Square queries and EOT draws (rand version). */
    static final int AUTOATTACK_STEPS = 100;

    static final int AUTOATTACK_TARGETS = 9;
    static final int AUTOATTACK_SQUARE_QUERIES = 5000;
    static final int AUTOATTACK_RAND_EOT = 20;

    /**
     * For an AutoAttack, each setting that differs from the published configuration (Croce and Hein
     * 2020: 100 iterations, 1 restart, 9 targets, Square 5,000 queries, no EOT for the standard
     * version and EOT 20 for the randomized one), as {@code key=value}; empty for the published
     * configuration and for every other attack.
     */
    public List<String> changesFromPublished() {
        List<String> changes = new ArrayList<>();
        if (!isComposite()) {
            return changes;
        }
        boolean rand = kind.equals("autoattack-rand");
        if (steps != AUTOATTACK_STEPS) {
            changes.add("steps=" + steps);
        }
        if (restarts != 1) {
            changes.add("restarts=" + restarts);
        }
        if (eot != (rand ? AUTOATTACK_RAND_EOT : 1)) {
            changes.add("eot=" + eot);
        }
        if (!rand && intOption("targets", AUTOATTACK_TARGETS) != AUTOATTACK_TARGETS) {
            changes.add("targets=" + intOption("targets", AUTOATTACK_TARGETS));
        }
        if (!rand && intOption("square", AUTOATTACK_SQUARE_QUERIES) != AUTOATTACK_SQUARE_QUERIES) {
            changes.add("square=" + intOption("square", AUTOATTACK_SQUARE_QUERIES));
        }
        return changes;
    }

    /** The budget of Carlini and Wagner's paper: binary-search steps and iterations per step. */
    static final int CW_PAPER_SEARCH = 9;

    static final int CW_PAPER_STEPS = 10_000;

    /**
     * Why this attack's number cannot stand beside its paper's as the same measurement, or null: a
     * C&W with a budget below the paper's 9 binary-search steps of 10,000 iterations.
     */
    public String belowPaperBudget() {
        if (kind.equals("cw-l2")) {
            int search = intOption("search", 5);
            if (search < CW_PAPER_SEARCH || steps < CW_PAPER_STEPS) {
                return String.format(
                        Locale.ROOT,
                        "C&W budget %d x %d, below the paper's %d x %,d",
                        search,
                        steps,
                        CW_PAPER_SEARCH,
                        CW_PAPER_STEPS);
            }
        }
        return null;
    }

    /** An AutoAttack exactly as published (any norm and radius). */
    public boolean isPublishedAutoAttack() {
        return isComposite() && changesFromPublished().isEmpty();
    }

    /** Gradient-free attacks, and attacks that never see the target's gradients. */
    public boolean isBlackBox() {
        return kind.equals("square") || kind.equals("zoo") || kind.equals("transfer");
    }

    /**
     * The attacks whose per-example worst case this one is, in the order a cascade runs them:
     * itself, or AutoAttack's pinned members (Croce and Hein, 2020). {@code autoattack-standard}:
     * APGD-CE, APGD-T (9 targets), FAB-T (9 targets), 100 iterations each, and Square with 5000
     * queries, in L-inf or L2. {@code autoattack-rand}: APGD-CE and APGD-DLR, 100 iterations, EOT
     * 20.
     */
    public List<AttackSpec> components() {
        if (!isComposite()) {
            return List.of(this);
        }
        List<AttackSpec> out = new ArrayList<>();
        out.add(member("apgd-ce", steps, Map.of()));
        if (kind.equals("autoattack-rand")) {
            out.add(member("apgd-dlr", steps, Map.of()));
        } else {
            String targets = Integer.toString(intOption("targets", AUTOATTACK_TARGETS));
            out.add(member("apgd-t", steps, Map.of("targets", targets)));
            out.add(member("fab-t", steps, Map.of("targets", targets)));
            out.add(
                    new AttackSpec(
                            "square",
                            norm,
                            epsilon,
                            intOption("square", AUTOATTACK_SQUARE_QUERIES),
                            0f,
                            1,
                            eot,
                            Map.of("schedule", "autoattack")));
        }
        return out;
    }

    private AttackSpec member(String memberKind, int memberSteps, Map<String, String> settings) {
        return new AttackSpec(memberKind, norm, epsilon, memberSteps, 0f, restarts, eot, settings);
    }

    /**
     * The attack itself.
     *
     * @param sources loads the substitute model of a transfer attack from its checkpoint path
     * @param seed seeds the attacks that draw their own random numbers (Square, ZOO)
     */
    public Attack build(Function<String, Classifier> sources, long seed) {
        Norm n = Norm.fromName(norm);
        switch (kind) {
            case "fgsm" -> {
                return new Fgsm(n);
            }
            case "pgd" -> {
                return new Pgd(n, new PgdSettings(steps, stepSize / epsilon, restarts, true));
            }
            case "cw-linf" -> {
                return new Pgd(
                        n,
                        new PgdSettings(steps, stepSize / epsilon, restarts, true),
                        AttackLoss.CW_MARGIN,
                        "cw");
            }
            case "apgd-ce" -> {
                return new Apgd(n, Apgd.Kind.CE, steps, restarts, 1);
            }
            case "apgd-dlr" -> {
                return new Apgd(n, Apgd.Kind.DLR, steps, restarts, 1);
            }
            case "apgd-t" -> {
                return new Apgd(
                        n, Apgd.Kind.TARGETED_DLR, steps, restarts, intOption("targets", 9));
            }
            case "cw-l2" -> {
                return new CarliniWagnerL2(
                        intOption("search", 5), steps, floatOption("lr", 0.01f), 0.1f, 0f);
            }
            case "fab-t" -> {
                return new Fab(n, steps, intOption("targets", 9), restarts, seed);
            }
            case "square" -> {
                SquareSchedule schedule = squareSchedule();
                return n instanceof L2Norm
                        ? new SquareL2Attack(steps, schedule, seed)
                        : new SquareAttack(steps, schedule, seed);
            }
            case "zoo" -> {
                return new ZooAttack(
                        steps, intOption("coords", 32), floatOption("lr", 0.01f), seed);
            }
            case "random" -> {
                return new RandomNoiseAttack(n);
            }
            case "transfer" -> {
                String source = options.get("source");
                return new TransferAttack(
                        sources.apply(source),
                        java.nio.file.Path.of(source).getFileName().toString(),
                        new Pgd(n, new PgdSettings(steps, stepSize / epsilon, restarts, true)));
            }
            default ->
                    throw new IllegalStateException(
                            "composite attack " + kind + " has no single build");
        }
    }

    /**
     * Report name: fgsm, pgd-20, eot-pgd-10x8, apgd-ce-100, square-5000, cw-l2-9x10000 (binary
     * search steps x iterations), with -l2 and -rN where they apply; an AutoAttack by its version,
     * with every setting changed from the published configuration in brackets, so that a cut-down
     * run is never reported under the standard name: autoattack-rand[steps=2,eot=2].
     */
    public String name() {
        if (isComposite()) {
            List<String> changes = changesFromPublished();
            return kind
                    + (norm.equalsIgnoreCase("linf") ? "" : "-" + norm.toLowerCase(Locale.ROOT))
                    + (changes.isEmpty() ? "" : "[" + String.join(",", changes) + "]");
        }

        String base =
                switch (kind) {
                    case "fgsm", "random" -> kind;
                    case "cw-l2" -> "cw-l2-" + intOption("search", 5) + "x" + steps;
                    case "apgd-t", "fab-t" -> kind + "-" + steps + "x" + intOption("targets", 9);
                    case "zoo" -> "zoo-" + steps + "x" + intOption("coords", 32);
                    case "transfer" -> "transfer-pgd-" + steps;
                    default -> kind + "-" + steps;
                };
        if (eot > 1) {
            base = "eot-" + base + "x" + eot;
        }
        if (!norm.equalsIgnoreCase("linf") && !kind.equals("cw-l2")) {
            base += "-" + norm.toLowerCase(Locale.ROOT);
        }
        if (restarts > 1) {
            base += "-r" + restarts;
        }
        return base;
    }

    private SquareSchedule squareSchedule() {
        String schedule = options.getOrDefault("schedule", "rescaled");
        return switch (schedule) {
            case "rescaled" -> SquareSchedule.RESCALED;
            case "autoattack" -> SquareSchedule.AUTOATTACK;
            default ->
                    throw new IllegalArgumentException(
                            "attack option schedule="
                                    + schedule
                                    + " needs rescaled (halvings spread over the queries) or"
                                    + " autoattack (at fixed queries, as AutoAttack runs Square)");
        };
    }

    private int intOption(String key, int fallback) {
        return option(key, fallback, Integer::valueOf, "an integer");
    }

    private float floatOption(String key, float fallback) {
        return option(key, fallback, Float::valueOf, "a number");
    }

    /** The kind's own setting {@code key}, parsed, or {@code fallback} when not given. */
    private <T> T option(String key, T fallback, Function<String, T> parse, String what) {
        try {
            return options.containsKey(key) ? parse.apply(options.get(key)) : fallback;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "attack option " + key + "=" + options.get(key) + " needs " + what, e);
        }
    }
}
