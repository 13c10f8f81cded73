package dev.noiseshield.attack.kinds;

import dev.noiseshield.attack.Attack;
import dev.noiseshield.attack.AttackKind;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.SquareAttack;
import dev.noiseshield.attack.SquareBudget;
import dev.noiseshield.attack.SquareL2Attack;
import dev.noiseshield.attack.SquareSchedule;
import java.util.Map;

/**
 * {@code square}: the score-based Square attack (Andriushchenko et al. 2020), its window shrinking
 * on a {@link SquareSchedule} rescaled to the budget or, as AutoAttack runs it, not.
 */
final class SquareKind implements AttackKind {
    @Override
    public String name() {
        return "square";
    }

    @Override
    public String summary() {
        return "Square attack, score-based; L-inf, or L2 with AutoAttack's pseudo-Gaussian windows";
    }

    @Override
    public int defaultSteps() {
        return 5000;
    }

    @Override
    public Map<String, String> keys() {
        return Map.of("schedule", "rescaled");
    }

    /**
     * {@code square-N}, with {@code [schedule=autoattack]} when the square sizes follow
     * AutoAttack's fixed schedule: the two schedules are different attacks at the same budget.
     */
    @Override
    public String displayName(AttackSpec spec) {
        String name = AttackKind.decorate(spec, name() + "-" + spec.steps());
        return schedule(spec).equals(SquareSchedule.RESCALED)
                ? name
                : name + "[schedule=autoattack]";
    }

    @Override
    public boolean blackBox() {
        return true;
    }

    @Override
    public void validate(AttackSpec spec) {
        schedule(spec);
    }

    @Override
    public Attack build(AttackSpec spec, Context context) {
        SquareBudget budget = new SquareBudget(spec.steps(), schedule(spec));
        return spec.norm().equals("l2")
                ? new SquareL2Attack(budget, context.seed())
                : new SquareAttack(budget, context.seed());
    }

    private static SquareSchedule schedule(AttackSpec spec) {
        String schedule = spec.options().getOrDefault("schedule", "rescaled");
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
}
