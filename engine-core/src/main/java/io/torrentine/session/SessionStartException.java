package io.torrentine.session;

/**
 * A {@link Session} could not start: typically its listen address is taken or not local. The
 * cause says why.
 */
public final class SessionStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause why
     */
    public SessionStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
