package dev.noiseshield.attack.kinds;

import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.L2Norm;
import dev.noiseshield.attack.LinfNorm;
import dev.noiseshield.attack.Norm;

/** A spec's norm as the attacks take it. */
final class KindNorms {
    private KindNorms() {}

    static Norm of(AttackSpec spec) {
        return spec.norm().equals("l2") ? new L2Norm() : new LinfNorm();
    }
}
