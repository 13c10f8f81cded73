package example;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.attack.Attack;
import dev.noiseshield.attack.AttackKind;
import dev.noiseshield.attack.AttackLoss;
import dev.noiseshield.attack.AttackPlugin;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.Gradients;
import dev.noiseshield.model.Classifier;
import java.util.List;
import java.util.Map;

/**
 * MI-FGSM (Dong et al., CVPR 2018): signed steps of a gradient accumulated with momentum, each step's
 * gradient L1-normalised per image. One {@link AttackKind} (name, key, factory, report name) and
 * its {@link AttackPlugin}, registered in META-INF/services/dev.noiseshield.attack.AttackPlugin.
 */
public final class MomentumFgsm implements AttackPlugin {
    @Override
    public List<AttackKind> kinds() {
        return List.of(new Kind());
    }

    /** {@code mi-fgsm:steps=10,decay=1.0}, reported as {@code mi-fgsm-10-d1.0}. */
    static final class Kind implements AttackKind {
        @Override
        public String name() {
            return "mi-fgsm";
        }

        @Override
        public String summary() {
            return "momentum iterative FGSM (Dong et al. 2018)";
        }

        @Override
        public int defaultSteps() {
            return 10;
        }

        @Override
        public List<String> norms() {
            return List.of("linf");
        }

        @Override
        public Map<String, String> keys() {
            return Map.of("decay", "1.0");
        }

        @Override
        public Attack build(AttackSpec spec, Context context) {
            return new Steps(spec.steps(), spec.floatOption("decay", 1f));
        }

        @Override
        public String displayName(AttackSpec spec) {
            String base = "mi-fgsm-" + spec.steps() + "-d" + spec.floatOption("decay", 1f);
            return AttackKind.decorate(spec, base);
        }
    }

    /** The attack itself: every step in a sub-manager that is closed, as the tool's own do. */
    record Steps(int steps, float decay) implements Attack.InLinf {
        @Override
        public String name() {
            return "mi-fgsm-" + steps;
        }

        @Override
        public NDArray perturb(Classifier model, NDArray x, NDArray y, float eps) {
            NDManager out = x.getManager();
            NDArray adv = x.duplicate();
            NDArray momentum = x.zerosLike();
            float alpha = eps / steps;
            for (int i = 0; i < steps; i++) {
                try (NDManager step = out.newSubManager()) {
                    NDArray grad =
                            Gradients.of(model, adv, y, AttackLoss.CROSS_ENTROPY, step).gradient();
                    NDArray l1 = grad.abs().sum(new int[] {1, 2, 3}, true).add(1e-12f);
                    NDArray nextMomentum = momentum.mul(decay).add(grad.div(l1));
                    NDArray next = adv.add(nextMomentum.sign().mul(alpha));
                    next = Attack.clipToBallAndBox(norm(), next, x, eps);
                    nextMomentum.attach(out);
                    next.attach(out);
                    momentum = nextMomentum;
                    adv = next;
                }
            }
            return adv;
        }
    }
}
