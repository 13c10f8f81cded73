package dev.noiseshield.eval;

import dev.noiseshield.attack.Attack;
import dev.noiseshield.attack.Fgsm;
import dev.noiseshield.attack.Norm;
import dev.noiseshield.attack.Pgd;
import dev.noiseshield.attack.PgdSettings;
import java.util.Locale;

/**
 * One attack of an evaluation, as the report names it.
 *
 * @param kind "fgsm" or "pgd"
 * @param norm "linf" or "l2"
 * @param epsilon radius of the ball
 * @param steps PGD steps (1 for FGSM)
 * @param stepSize PGD step length in the norm; 0 chooses 2.5 * eps / steps (Madry et al.)
 * @param restarts PGD runs per example
 * @param eot noise draws averaged per gradient (1: none)
 */
public record AttackSpec(String kind, String norm, float epsilon, int steps, float stepSize, int restarts, int eot) {
    public AttackSpec {
        kind = kind.toLowerCase(Locale.ROOT);
        if (!kind.equals("fgsm") && !kind.equals("pgd")) {
            throw new IllegalArgumentException("unknown attack '" + kind + "'; choose fgsm or pgd");
        }
        Norm.fromName(norm);
        if (!(epsilon > 0) || Float.isInfinite(epsilon)) {
            throw new IllegalArgumentException("attack epsilon must be positive, got " + epsilon);
        }
        if (!(stepSize >= 0) || Float.isInfinite(stepSize)) {
            throw new IllegalArgumentException("attack step size must be >= 0 (0: 2.5 * eps / steps), got " + stepSize);
        }
        if (steps < 1 || restarts < 1 || eot < 1) {
            throw new IllegalArgumentException("steps, restarts and eot must be >= 1, got " + steps + ", " + restarts
                    + ", " + eot);
        }
    }

    /**
     * Parses {@code KIND[:key=value,...]}, e.g. {@code fgsm}, {@code pgd:steps=20},
     * {@code pgd:steps=10,eot=8,restarts=2,norm=l2,eps=1.5,step=0.25}; eps defaults to {@code
     * defaultEpsilon}, step (absolute) to 2.5 * eps / steps.
     */
    public static AttackSpec parse(String text, float defaultEpsilon) {
        String[] head = text.trim().split(":", 2);
        String kind = head[0];
        String norm = "linf";
        float eps = defaultEpsilon;
        int steps = kind.equalsIgnoreCase("fgsm") ? 1 : 20;
        float step = 0f;
        int restarts = 1;
        int eot = 1;
        if (head.length == 2 && !head[1].isBlank()) {
            for (String pair : head[1].split(",")) {
                String[] kv = pair.split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("attack option '" + pair + "' in '" + text + "' is not key=value");
                }
                String value = kv[1].trim();
                switch (kv[0].trim().toLowerCase(Locale.ROOT)) {
                    case "eps": eps = Float.parseFloat(value); break;
                    case "steps": steps = Integer.parseInt(value); break;
                    case "step": step = Float.parseFloat(value); break;
                    case "restarts": restarts = Integer.parseInt(value); break;
                    case "eot": eot = Integer.parseInt(value); break;
                    case "norm": norm = value; break;
                    default: throw new IllegalArgumentException("unknown attack option '" + kv[0]
                            + "' in '" + text + "'; known: eps, steps, step, restarts, eot, norm");
                }
            }
        }
        if (kind.equalsIgnoreCase("fgsm") && steps != 1) {
            throw new IllegalArgumentException("FGSM is a single step; use pgd for " + steps + " steps");
        }
        return new AttackSpec(kind, norm, eps, steps, step, restarts, eot);
    }

    public Attack build() {
        Norm n = Norm.fromName(norm);
        return kind.equals("fgsm") ? new Fgsm(n) : new Pgd(n, new PgdSettings(steps, stepSize / epsilon, restarts, true));
    }

    /** Report name: fgsm, pgd-20, eot-pgd-10x8, with -l2 and -rN where they apply. */
    public String name() {
        String base = kind.equals("fgsm") ? "fgsm" : "pgd-" + steps;
        if (eot > 1) {
            base = "eot-" + base + "x" + eot;
        }
        if (!norm.equalsIgnoreCase("linf")) {
            base += "-" + norm.toLowerCase(Locale.ROOT);
        }
        if (restarts > 1) {
            base += "-r" + restarts;
        }
        return base;
    }
}
