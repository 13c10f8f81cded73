package dev.noiseshield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.noiseshield.attack.AttackSpec;
import dev.noiseshield.attack.Fab;
import dev.noiseshield.attack.L2Norm;
import dev.noiseshield.attack.Pgd;
import dev.noiseshield.attack.SquareAttack;
import dev.noiseshield.attack.SquareL2Attack;
import dev.noiseshield.attack.SquareSchedule;
import org.junit.jupiter.api.Test;

class AttackSpecTest {
    @Test
    void parsesKeysAndNamesAttacksForReports() {
        AttackSpec pgd =
                AttackSpec.parse("pgd:steps=10,eot=8,restarts=2,norm=l2,eps=1.5,step=0.3", 0.3f);
        assertEquals(1.5f, pgd.epsilon());
        assertEquals("eot-pgd-10x8-l2-r2", pgd.name());
        Pgd built = (Pgd) pgd.build(null, 0);
        assertTrue(built.norm() instanceof L2Norm);
        assertEquals(0.3f, built.settings().stepSize(1.5f), 1e-6f);
        assertEquals(
                0.3f * 2.5f / 20,
                ((Pgd) AttackSpec.parse("pgd", 0.3f).build(null, 0)).settings().stepSize(0.3f),
                1e-7f);
        assertEquals("fgsm", AttackSpec.parse("fgsm", 0.1f).name());
    }

    @Test
    void rejectsMistakesWithTheirReason() {
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> AttackSpec.parse("pgd:stepz=3", 0.3f))
                        .getMessage()
                        .contains("stepz"));
        assertThrows(IllegalArgumentException.class, () -> AttackSpec.parse("fgsm:steps=3", 0.3f));
        assertThrows(IllegalArgumentException.class, () -> AttackSpec.parse("cw", 0.3f));
        assertThrows(IllegalArgumentException.class, () -> AttackSpec.parse("pgd:eps=-1", 0.3f));
        assertThrows(IllegalArgumentException.class, () -> AttackSpec.parse("pgd:norm=l7", 0.3f));
    }

    /**
     * AutoAttack's ensembles are pinned: their members and settings are part of the name's meaning.
     */
    @Test
    void autoAttackEnsemblesExpandToTheirPinnedMembers() {
        AttackSpec rand = AttackSpec.parse("autoattack-rand", 8f / 255);
        assertEquals(
                java.util.List.of("eot-apgd-ce-100x20", "eot-apgd-dlr-100x20"),
                rand.components().stream().map(AttackSpec::name).toList());
        AttackSpec standard = AttackSpec.parse("autoattack-standard", 8f / 255);
        assertEquals(
                java.util.List.of(
                        "apgd-ce-100",
                        "apgd-t-100x9",
                        "fab-t-100x9",
                        "square-5000[schedule=autoattack]"),
                standard.components().stream().map(AttackSpec::name).toList());
        assertTrue(standard.components().stream().allMatch(c -> c.epsilon() == 8f / 255));
        AttackSpec l2 = AttackSpec.parse("autoattack-standard:norm=l2", 0.5f);
        assertEquals(
                java.util.List.of(
                        "apgd-ce-100-l2",
                        "apgd-t-100x9-l2",
                        "fab-t-100x9-l2",
                        "square-5000-l2[schedule=autoattack]"),
                l2.components().stream().map(AttackSpec::name).toList());
        assertTrue(l2.components().get(3).build(null, 0) instanceof SquareL2Attack);
        assertTrue(l2.components().get(2).build(null, 0) instanceof Fab fab && fab.targets() == 9);
        assertEquals(
                java.util.List.of(AttackSpec.parse("pgd", 0.3f)),
                AttackSpec.parse("pgd", 0.3f).components());
    }

    /**
     * An AutoAttack is reported under its standard name only as published; every changed setting
     * shows in brackets, and its members run with the changed settings.
     */
    @Test
    void aChangedAutoAttackCarriesItsChangesInItsName() {
        assertEquals("autoattack-rand", AttackSpec.parse("autoattack-rand", 0.3f).name());
        assertTrue(AttackSpec.parse("autoattack-rand", 0.3f).isPublishedAutoAttack());
        assertEquals(
                "autoattack-rand[steps=2,eot=2]",
                AttackSpec.parse("autoattack-rand:steps=2,eot=2", 0.3f).name());
        assertEquals(
                "autoattack-standard[restarts=2,eot=3,targets=3,square=100]",
                AttackSpec.parse("autoattack-standard:restarts=2,eot=3,targets=3,square=100", 0.3f)
                        .name());
        assertEquals(
                "autoattack-standard-l2[steps=50]",
                AttackSpec.parse("autoattack-standard:norm=l2,steps=50", 0.5f).name());
        AttackSpec cut = AttackSpec.parse("autoattack-standard:targets=3,square=100", 0.3f);
        assertFalse(cut.isPublishedAutoAttack());
        assertEquals(
                java.util.List.of(
                        "apgd-ce-100",
                        "apgd-t-100x3",
                        "fab-t-100x3",
                        "square-100[schedule=autoattack]"),
                cut.components().stream().map(AttackSpec::name).toList());
        assertTrue(
                AttackSpec.parse("autoattack-standard", 0.3f).components().get(3).build(null, 0)
                                instanceof SquareAttack square
                        && square.budget().schedule().equals(SquareSchedule.AUTOATTACK),
                "AutoAttack's Square does not rescale its schedule (resc_schedule=False)");
        assertTrue(
                AttackSpec.parse("square", 0.3f).build(null, 0) instanceof SquareAttack square
                        && square.budget().schedule().equals(SquareSchedule.RESCALED));
    }

    @Test
    void parsesEveryKindWithItsOwnOptions() {
        assertEquals("apgd-t-50x3", AttackSpec.parse("apgd-t:steps=50,targets=3", 0.3f).name());
        assertEquals("cw-l2-4x30", AttackSpec.parse("cw-l2:search=4,steps=30,eps=2", 0.3f).name());
        assertEquals("l2", AttackSpec.parse("cw-l2", 2f).norm());
        assertEquals("eot-square-300x4", AttackSpec.parse("square:queries=300,eot=4", 0.3f).name());
        assertEquals("zoo-20x8", AttackSpec.parse("zoo:steps=20,coords=8", 0.3f).name());
        assertTrue(AttackSpec.parse("square", 0.3f).isBlackBox());
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> AttackSpec.parse("transfer", 0.3f))
                        .getMessage()
                        .contains("source"));
        assertThrows(IllegalArgumentException.class, () -> AttackSpec.parse("zoo:norm=l2", 0.3f));
        assertEquals(
                "fab-t-50x3-l2", AttackSpec.parse("fab-t:steps=50,targets=3,norm=l2", 1f).name());
        assertThrows(
                IllegalArgumentException.class, () -> AttackSpec.parse("apgd-ce:steps=x", 0.3f));
    }
}
