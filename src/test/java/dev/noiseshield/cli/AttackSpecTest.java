package dev.noiseshield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.noiseshield.attack.L2Norm;
import dev.noiseshield.attack.Pgd;
import dev.noiseshield.eval.AttackSpec;
import org.junit.jupiter.api.Test;

class AttackSpecTest {
    @Test
    void parsesKeysAndNamesAttacksForReports() {
        AttackSpec pgd = AttackSpec.parse("pgd:steps=10,eot=8,restarts=2,norm=l2,eps=1.5,step=0.3", 0.3f);
        assertEquals(1.5f, pgd.epsilon());
        assertEquals("eot-pgd-10x8-l2-r2", pgd.name());
        Pgd built = (Pgd) pgd.build(null, 0);
        assertTrue(built.norm() instanceof L2Norm);
        assertEquals(0.3f, built.settings().stepSize(1.5f), 1e-6f);
        assertEquals(0.3f * 2.5f / 20, ((Pgd) AttackSpec.parse("pgd", 0.3f).build(null, 0)).settings().stepSize(0.3f), 1e-7f);
        assertEquals("fgsm", AttackSpec.parse("fgsm", 0.1f).name());
    }

    @Test
    void rejectsMistakesWithTheirReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AttackSpec.parse("pgd:stepz=3", 0.3f))
                .getMessage().contains("stepz"));
        assertThrows(IllegalArgumentException.class, () -> AttackSpec.parse("fgsm:steps=3", 0.3f));
        assertThrows(IllegalArgumentException.class, () -> AttackSpec.parse("cw", 0.3f));
        assertThrows(IllegalArgumentException.class, () -> AttackSpec.parse("pgd:eps=-1", 0.3f));
        assertThrows(IllegalArgumentException.class, () -> AttackSpec.parse("pgd:norm=l7", 0.3f));
    }
}
