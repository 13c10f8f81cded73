package dev.noiseshield.eval;

/** An evaluation stopped before its end; it carries the per-example results it has. */
public final class EvaluationStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient PartialResults partial;

    public EvaluationStoppedException(PartialResults partial, Throwable cause) {
        super(partial.reason(), cause);
        this.partial = partial;
    }

    public PartialResults partial() {
        return partial;
    }
}
