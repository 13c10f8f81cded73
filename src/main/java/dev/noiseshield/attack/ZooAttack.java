package dev.noiseshield.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.noiseshield.model.Classifier;
import dev.noiseshield.nn.OwnedArrays;
import java.util.Arrays;
import java.util.Random;

/**
 * ZOO (Chen et al., 2017), ZOO-Adam in the L-inf ball: no gradients, only scores. Each iteration
 * picks {@code coordinates} random pixels per example, estimates the derivative of the C&amp;W
 * margin loss {@code max(z_y - max_{j != y} z_j, -kappa)} along each by the symmetric difference
 * {@code (f(x + h e_i) - f(x - h e_i)) / 2h} (all 2 * coordinates probes of a batch in one forward
 * pass), and takes a per-coordinate Adam step, projected back into the ball and the box. A
 * stochastic classifier's scores average as many draws as its gradients do (wrap it in {@link
 * Eot}).
 */
public record ZooAttack(int iterations, int coordinates, float learningRate, long seed)
        implements Attack.InLinf {
    private static final float PROBE = 1e-3f;
    private static final int MAX_PROBES = 1024;

    public ZooAttack {
        SettingChecks.atLeastOne("ZOO", "iterations", iterations);
        SettingChecks.atLeastOne("ZOO", "coordinates", coordinates);
        SettingChecks.positive("ZOO", "lr", learningRate);
    }

    @Override
    public String name() {
        return "zoo-" + iterations + "x" + coordinates;
    }

    @Override
    public NDArray perturb(Classifier model, NDArray x, NDArray y, float eps) {
        Shape shape = x.getShape();
        int n = (int) shape.get(0);
        int d = (int) (shape.size() / n);
        int b = Math.min(coordinates, d);
        float[] clean = x.toFloatArray();
        float[] adv = clean.clone();
        double[] m = new double[n * d];
        double[] v = new double[n * d];
        int[] t = new int[n * d];
        Random random = new Random(seed);
        long[] labels = y.toLongArray();
        for (int it = 0; it < iterations; it++) {
            Probes probes = Probes.draw(random, labels, d, b);
            float[] losses = probeLosses(model, x.getManager(), adv, probes, shape, b);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < b; k++) {
                    int row = i * 2 * b + 2 * k;
                    double gradient = (losses[row] - losses[row + 1]) / (2.0 * PROBE);
                    int at = i * d + probes.chosen[i * b + k];
                    t[at]++;
                    double next =
                            adv[at] + learningRate * Adam.direction(m, v, at, t[at], gradient);
                    next = Math.max(clean[at] - eps, Math.min(clean[at] + eps, next));
                    adv[at] = (float) Math.max(0, Math.min(1, next));
                }
            }
        }
        NDArray result = OwnedArrays.of(x.getManager(), adv, shape);
        return Attack.clipToBallAndBox(LINF, result, x, eps);
    }

    /**
     * One iteration's probes: per example, {@code b} random coordinates, each moved by +h and -h
     * (rows {@code i * 2b + 2k} and {@code + 1}), with the example's label.
     */
    @SuppressWarnings("ArrayRecordComponent") // a carrier of one iteration's draws, never compared
    private record Probes(int[] chosen, long[] coordinate, float[] sign, long[] labels) {
        static Probes draw(Random random, long[] exampleLabels, int d, int b) {
            int n = exampleLabels.length;
            Probes p =
                    new Probes(
                            new int[n * b],
                            new long[n * 2 * b],
                            new float[n * 2 * b],
                            new long[n * 2 * b]);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < b; k++) {
                    int coordinate = random.nextInt(d);
                    p.chosen[i * b + k] = coordinate;
                    for (int sign = 0; sign < 2; sign++) {
                        int row = (i * 2 * b) + 2 * k + sign;
                        p.coordinate[row] = coordinate;
                        p.sign[row] = sign == 0 ? PROBE : -PROBE;
                        p.labels[row] = exampleLabels[i];
                    }
                }
            }
            return p;
        }
    }

    /**
     * The C&W margin of every probe row, in chunks of whole examples of at most about MAX_PROBES
     * images a forward pass, so that memory stays that of an ordinary batch however many
     * coordinates are probed.
     */
    private static float[] probeLosses(
            Classifier model, NDManager parent, float[] adv, Probes probes, Shape shape, int b) {
        int n = (int) shape.get(0);
        int d = (int) (shape.size() / n);
        float[] losses = new float[n * 2 * b];
        int chunk = Math.max(1, MAX_PROBES / (2 * b));
        for (int from = 0; from < n; from += chunk) {
            int to = Math.min(n, from + chunk);
            int rowsFrom = from * 2 * b;
            int rowsTo = to * 2 * b;
            try (NDManager scope = parent.newSubManager()) {
                // each example's row repeated, one coordinate moved by +-h, built on the device so
                // that only indices and signs cross from Java
                NDArray rows =
                        OwnedArrays.of(
                                        scope,
                                        Arrays.copyOfRange(adv, from * d, to * d),
                                        new Shape(to - from, d))
                                .repeat(0, 2L * b);
                NDArray moves =
                        OwnedArrays.of(
                                        scope,
                                        Arrays.copyOfRange(probes.coordinate, rowsFrom, rowsTo))
                                .oneHot(d)
                                .muli(
                                        OwnedArrays.of(
                                                        scope,
                                                        Arrays.copyOfRange(
                                                                probes.sign, rowsFrom, rowsTo))
                                                .reshape(-1, 1));
                NDArray batch =
                        rows.addi(moves)
                                .reshape(
                                        rowsTo - rowsFrom,
                                        shape.get(1),
                                        shape.get(2),
                                        shape.get(3));
                // the attacker minimises z_y - max_other, i.e. ascends the C&W margin
                NDArray probeLabels =
                        OwnedArrays.of(scope, Arrays.copyOfRange(probes.labels, rowsFrom, rowsTo));
                float[] part =
                        Scores.meanLoss(model, batch, probeLabels, AttackLoss.CW_MARGIN, scope)
                                .toFloatArray();
                System.arraycopy(part, 0, losses, rowsFrom, part.length);
            }
        }
        return losses;
    }
}
