package dev.noiseshield.eval;

/**
 * An evaluation stopped before its end (the memory guard); the batches it finished are in its
 * {@link EvaluationJournal}.
 */
public final class EvaluationStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EvaluationStoppedException(String message, Throwable cause) {
        super(message, cause);
    }
}
