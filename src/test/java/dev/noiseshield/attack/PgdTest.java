package dev.noiseshield.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.noiseshield.TestData;
import dev.noiseshield.data.Augment;
import dev.noiseshield.data.ImageDataset;
import dev.noiseshield.eval.Predictions;
import dev.noiseshield.model.Network;
import dev.noiseshield.model.NoiseSpec;
import dev.noiseshield.nn.NoiseMode;
import dev.noiseshield.nn.ScaleGranularity;
import dev.noiseshield.train.TrainConfig;
import dev.noiseshield.train.Trainer;
import dev.noiseshield.train.TrainingLoss;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgdTest {
    private static NDManager root;
    private static Network trained;
    private static ImageDataset test;

    /** A small CNN trained without any defense on 1,000 digits: accurate, and easy to fool. */
    @BeforeAll
    static void train(@TempDir Path dir) throws IOException {
        root = NDManager.newBaseManager();
        root.getEngine().setRandomSeed(1);
        trained = Network.create(TestData.smallCnn(NoiseSpec.NONE), root);
        TrainConfig plain =
                new TrainConfig(
                        2,
                        32,
                        0.05f,
                        0.9f,
                        0f,
                        List.of(),
                        0.1f,
                        false,
                        0.3f,
                        1,
                        0f,
                        0f,
                        0.5f,
                        3,
                        TrainingLoss.STANDARD,
                        Augment.NONE,
                        0,
                        null);
        new Trainer(trained, plain, "t", "none", TestData.digits().train().head(1000), dir, root)
                .run();
        test = TestData.digits().test().head(200);
    }

    @org.junit.jupiter.api.AfterAll
    static void close() {
        trained.close();
        root.close();
    }

    private static double accuracy(Attack attack, float eps) {
        try (NDManager scope = root.newSubManager()) {
            int[] all = IntStream.range(0, test.size()).toArray();
            NDArray x = test.images(all, scope);
            NDArray y = test.labels(all, scope);
            NDArray input = attack == null ? x : attack.perturb(trained, x, y, eps);
            return Predictions.correct(trained, input, y, 1) / (double) test.size();
        }
    }

    @Test
    void pgdLowersAccuracyOfATrainedModelBelowFgsm() {
        double clean = accuracy(null, 0f);
        double fgsm = accuracy(new Fgsm(), 0.15f);
        double pgd = accuracy(new Pgd(new LinfNorm(), PgdSettings.of(10)), 0.15f);
        assertTrue(clean > 0.8, "the tiny model should have learned the digits: " + clean);
        assertTrue(
                pgd < clean - 0.4,
                "PGD should fool an undefended model: clean " + clean + ", pgd " + pgd);
        assertTrue(pgd <= fgsm, "PGD must not be weaker than FGSM: fgsm " + fgsm + ", pgd " + pgd);
    }

    /**
     * The step-size reviews of AutoAttack's APGD (n_iter_2, size_decr, n_iter_min of
     * autopgd_base.py): for 100 iterations windows of 22, 19, 16, 13, 10, 7, 6, 6 (the next, at
     * 105, does not fit); for 10, windows of 2 then 1.
     */
    @Test
    void apgdReviewsItsStepWhereAutoAttackDoes() {
        assertEquals(List.of(0, 22, 41, 57, 70, 80, 87, 93, 99), Apgd.checkpoints(100));
        assertEquals(List.of(0, 2, 3, 4, 5, 6, 7, 8, 9, 10), Apgd.checkpoints(10));
        assertEquals(List.of(0, 1, 2, 3), Apgd.checkpoints(3));
    }

    /** Per test image, whether the attack's example is still classified correctly. */
    private static boolean[] correct(Attack attack, float eps) {
        try (NDManager scope = root.newSubManager()) {
            int[] all = IntStream.range(0, test.size()).toArray();
            NDArray x = test.images(all, scope);
            NDArray y = test.labels(all, scope);
            NDArray input = attack == null ? x : attack.perturb(trained, x, y, eps);
            return Predictions.classes(trained, input, 1).eq(y).toBooleanArray();
        }
    }

    /**
     * APGD at the same budget (20 gradient steps) is at least as strong as PGD on a non-linear
     * model, paired on the same images: at most one point weaker (2 of 200 images), as AutoAttack's
     * APGD keeps any misclassified iterate and PGD keeps its last.
     */
    @Test
    void apgdIsAtLeastAsStrongAsPgdOnTheSameImages() {
        root.getEngine().setRandomSeed(5);
        boolean[] pgd = correct(new Pgd(new LinfNorm(), PgdSettings.of(20)), 0.1f);
        for (Apgd.Kind kind : new Apgd.Kind[] {Apgd.Kind.CE, Apgd.Kind.DLR}) {
            boolean[] apgd = correct(new Apgd(new LinfNorm(), kind, 20, 1, 1), 0.1f);
            int onlyApgdRight = 0;
            int onlyPgdRight = 0;
            for (int i = 0; i < pgd.length; i++) {
                onlyApgdRight += apgd[i] && !pgd[i] ? 1 : 0;
                onlyPgdRight += pgd[i] && !apgd[i] ? 1 : 0;
            }
            assertTrue(
                    onlyApgdRight - onlyPgdRight <= 0.01 * pgd.length,
                    "APGD-"
                            + kind
                            + " left "
                            + onlyApgdRight
                            + " images right that PGD broke, and broke "
                            + onlyPgdRight
                            + " that PGD left right");
        }
        assertTrue(
                accuracy(new Apgd(new LinfNorm(), Apgd.Kind.CE, 20, 1, 1), 0.1f)
                        < accuracy(null, 0f) - 0.3,
                "APGD fools an undefended model");
    }

    @Test
    void adversarialExamplesStayInBallAndBox() {
        try (NDManager scope = root.newSubManager()) {
            int[] idx = IntStream.range(0, 32).toArray();
            NDArray x = test.images(idx, scope);
            NDArray y = test.labels(idx, scope);
            for (Norm norm : List.of(new LinfNorm(), new L2Norm())) {
                float eps = norm instanceof LinfNorm ? 0.1f : 2.0f;
                for (Attack attack :
                        List.of(
                                new Fgsm(norm),
                                new Pgd(norm, new PgdSettings(5, 0.5f, 2, true)),
                                new Apgd(norm, Apgd.Kind.CE, 5, 1, 1),
                                new Apgd(norm, Apgd.Kind.TARGETED_DLR, 3, 1, 2),
                                new RandomNoiseAttack(norm))) {
                    NDArray adv = attack.perturb(trained, x, y, eps);
                    float[] size = norm.size(adv.sub(x)).toFloatArray();
                    for (float s : size) {
                        assertTrue(
                                s <= eps * (1 + 1e-5f),
                                attack.name() + " left the " + norm.name() + " ball: " + s);
                    }
                    assertTrue(
                            adv.min().getFloat() >= 0f && adv.max().getFloat() <= 1f,
                            attack.name() + " left [0,1]");
                    assertTrue(
                            norm.size(adv.sub(x)).max().getFloat() > 0.5f * eps,
                            attack.name() + " did not move");
                }
                if (norm instanceof LinfNorm) {
                    for (Attack attack :
                            List.of(
                                    new SquareAttack(
                                            new SquareBudget(20, SquareSchedule.RESCALED), 1),
                                    new ZooAttack(3, 8, 0.05f, 1),
                                    new Pgd(norm, PgdSettings.of(3), AttackLoss.CW_MARGIN, "cw"))) {
                        NDArray adv = attack.perturb(trained, x, y, eps);
                        assertTrue(
                                norm.size(adv.sub(x)).max().getFloat() <= eps * (1 + 1e-5f),
                                attack.name());
                        assertTrue(
                                adv.min().getFloat() >= 0f && adv.max().getFloat() <= 1f,
                                attack.name());
                    }
                } else {
                    NDArray adv =
                            new CarliniWagnerL2(2, 10, 0.05f, 1f, 0f).perturb(trained, x, y, eps);
                    assertTrue(
                            norm.size(adv.sub(x)).max().getFloat() <= eps * (1 + 1e-5f), "cw-l2");
                    assertTrue(adv.min().getFloat() >= 0f && adv.max().getFloat() <= 1f, "cw-l2");
                }
            }
        }
    }

    /** EOT's gradient is the mean of k single-draw gradients taken with the same noise. */
    @Test
    void eotAveragesTheGradientsOfIndividualDraws() {
        try (NDManager scope = root.newSubManager();
                Network noisy =
                        Network.create(
                                TestData.smallCnn(NoiseSpec.pniWeights(ScaleGranularity.LAYER)),
                                root)) {
            NDArray x = test.images(new int[] {0, 1, 2}, scope);
            NDArray y = test.labels(new int[] {0, 1, 2}, scope);
            noisy.setNoiseMode(NoiseMode.ON);
            root.getEngine().setRandomSeed(77);
            NDArray eot =
                    Gradients.of(new Eot(noisy, 3), x, y, AttackLoss.CROSS_ENTROPY, scope)
                            .gradient();
            root.getEngine().setRandomSeed(77);
            NDArray sum = Gradients.of(noisy, x, y, AttackLoss.CROSS_ENTROPY, scope).gradient();
            NDArray second = Gradients.of(noisy, x, y, AttackLoss.CROSS_ENTROPY, scope).gradient();
            sum =
                    sum.add(second)
                            .add(
                                    Gradients.of(noisy, x, y, AttackLoss.CROSS_ENTROPY, scope)
                                            .gradient());
            assertArrayEquals(sum.div(3f).toFloatArray(), eot.toFloatArray(), 1e-6f);
            // the draws differ: a single draw is not the average
            assertTrue(second.sub(eot).abs().max().getFloat() > 0f);
            // and on a deterministic model EOT asks for one pass only
            assertTrue(new Eot(trained, 8).gradientDraws() == 1);
        }
    }
}
