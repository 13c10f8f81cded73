package dev.noiseshield.cli;

import dev.noiseshield.bench.MemorySoak;
import dev.noiseshield.data.Datasets;
import dev.noiseshield.defense.Defenses;
import java.util.Iterator;

/**
 * The names that help texts list for options whose values are not an enum, taken from where the
 * names are defined, so that a help text never lists a name the code does not know ({@code
 * completionCandidates} of an option, shown by {@code ${COMPLETION-CANDIDATES}}). Options of an
 * enum type list its constants by themselves.
 */
final class NameLists {
    private NameLists() {}

    /** Attack kinds of {@code --attacks}, the plugins' too, each with its own keys. */
    static final class AttackKinds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return dev.noiseshield.attack.AttackKinds.all().values().stream()
                    .map(
                            k ->
                                    k.keys().isEmpty()
                                            ? k.name()
                                            : k.name()
                                                    + " ["
                                                    + String.join(
                                                            ", ",
                                                            new java.util.TreeSet<>(
                                                                    k.keys().keySet()))
                                                    + "]")
                    .iterator();
        }
    }

    /** Defenses of {@code --defense}, the plugins' too. */
    static final class DefenseNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Defenses.all().keySet().iterator();
        }
    }

    /** Data sets of {@code --dataset}. */
    static final class DatasetNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Datasets.NAMES.iterator();
        }
    }

    /** Code paths of {@code bench memory --paths}. */
    static final class SoakPaths implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return MemorySoak.PATHS.keySet().iterator();
        }
    }
}
