package dev.noiseshield.attack.kinds;

import dev.noiseshield.attack.Attack;
import dev.noiseshield.attack.AttackKind;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.CarliniWagnerL2;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code cw-l2}: Carlini and Wagner's L2 attack, named with its budget, binary-search steps x
 * iterations ({@code cw-l2-5x100}); the paper's is 9 x 10,000. {@code c} is the constant the binary
 * search starts from (with {@code search=1}, the one constant it keeps, as the RSE authors ran C&W
 * at c = 0.06).
 */
final class CwL2Kind implements AttackKind {
    static final int PAPER_SEARCH = 9;
    static final int PAPER_STEPS = 10_000;
    private static final int SEARCH = 5;
    private static final float LR = 0.01f;
    private static final float INITIAL_C = 0.1f;

    @Override
    public String name() {
        return "cw-l2";
    }

    @Override
    public String summary() {
        return "Carlini-Wagner L2: tanh box, Adam, binary search over c; projected onto the ball";
    }

    @Override
    public List<String> norms() {
        return List.of("l2");
    }

    @Override
    public Map<String, String> keys() {
        return Map.of(
                "search",
                Integer.toString(SEARCH),
                "lr",
                Float.toString(LR),
                "c",
                Float.toString(INITIAL_C));
    }

    @Override
    public Attack build(AttackSpec spec, Context context) {
        return new CarliniWagnerL2(
                spec.intOption("search", SEARCH),
                spec.steps(),
                spec.floatOption("lr", LR),
                spec.floatOption("c", INITIAL_C),
                0f);
    }

    @Override
    public String displayName(AttackSpec spec) {
        String base = "cw-l2-" + spec.intOption("search", SEARCH) + "x" + spec.steps();
        List<String> changed = new java.util.ArrayList<>();
        if (spec.floatOption("c", INITIAL_C) != INITIAL_C) {
            changed.add("c=" + spec.options().get("c"));
        }
        if (spec.floatOption("lr", LR) != LR) {
            changed.add("lr=" + spec.options().get("lr"));
        }
        // a constant or a learning rate of its own is another attack: the name says so
        return AttackKind.decorate(
                spec, changed.isEmpty() ? base : base + "[" + String.join(",", changed) + "]");
    }

    @Override
    public String belowPaperBudget(AttackSpec spec) {
        int search = spec.intOption("search", SEARCH);
        if (search >= PAPER_SEARCH && spec.steps() >= PAPER_STEPS) {
            return null;
        }
        return String.format(
                Locale.ROOT,
                "C&W budget %d x %d, below Carlini and Wagner's %d x %,d",
                search,
                spec.steps(),
                PAPER_SEARCH,
                PAPER_STEPS);
    }
}
