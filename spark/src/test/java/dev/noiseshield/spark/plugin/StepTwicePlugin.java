package dev.noiseshield.spark.plugin;

import ai.djl.ndarray.NDArray;
import dev.noiseshield.attack.Attack;
import dev.noiseshield.attack.AttackKind;
import dev.noiseshield.attack.AttackPlugin;
import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.Fgsm;
import dev.noiseshield.model.Classifier;
import java.util.List;

/**
 * An attack plugin on the test class path: FGSM taken twice at half the radius each (a toy, enough
 * to show a plugin's attack run in Spark tasks and named in the report).
 */
public final class StepTwicePlugin implements AttackPlugin {
    @Override
    public List<AttackKind> kinds() {
        return List.of(new Kind());
    }

    static final class Kind implements AttackKind {
        @Override
        public String name() {
            return "test-fgsm-twice";
        }

        @Override
        public String summary() {
            return "two FGSM steps of eps/2 (a test plugin)";
        }

        @Override
        public int defaultSteps() {
            return 2;
        }

        @Override
        public List<String> norms() {
            return List.of("linf");
        }

        @Override
        public Attack build(AttackSpec spec, Context context) {
            return new Twice();
        }
    }

    record Twice() implements Attack.InLinf {
        @Override
        public String name() {
            return "test-fgsm-twice";
        }

        @Override
        public NDArray perturb(Classifier model, NDArray x, NDArray y, float eps) {
            Fgsm half = new Fgsm();
            NDArray once = half.perturb(model, x, y, eps / 2);
            NDArray twice = half.perturb(model, once, y, eps / 2);
            return Attack.clipToBallAndBox(norm(), twice, x, eps);
        }
    }
}
