package io.codeanatomy.extract.internal;

/** A file task's time limit and cancellation flag, checked by extractors between units of work. */
public final class Deadline {
    private final long deadlineNanos;
    private volatile boolean cancelled;

    public Deadline(long timeoutNanos) {
        this.deadlineNanos = System.nanoTime() + timeoutNanos;
    }

    public static Deadline none() {
        return new Deadline(Long.MAX_VALUE / 4);
    }

    public void cancel() {
        cancelled = true;
    }

    public boolean expired() {
        return cancelled || System.nanoTime() - deadlineNanos > 0;
    }

    /** Throws when expired, so deep walks stop quickly. */
    public void check() {
        if (expired()) {
            throw new FileTimeoutException();
        }
    }

    /** Raised inside a file task when its deadline passed or the run was cancelled. */
    public static final class FileTimeoutException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FileTimeoutException() {
            super("file deadline passed or run cancelled", null, false, false);
        }
    }
}
