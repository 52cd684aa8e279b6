package io.codeanatomy.delta;

import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.Row;
import io.delta.kernel.exceptions.ConcurrentTransactionException;
import io.delta.kernel.exceptions.ConcurrentWriteException;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.exceptions.MetadataChangedException;
import io.delta.kernel.exceptions.ProtocolChangedException;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.utils.CloseableIterable;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The single commit path: every change to a table is committed here, with retries and post-commit hooks. */
final class Commits {
    static final Tracer TRACER = GlobalOpenTelemetry.getTracer("io.codeanatomy.delta");

    private Commits() {}

    /** A transaction ready to commit and the actions it commits. */
    record Prepared(Transaction transaction, List<Row> actions) {}

    /**
     * Prepares one attempt against the table as it is now; called again after a retryable conflict. Returns null
     * when there is nothing to commit.
     */
    @FunctionalInterface
    interface Attempt {
        Prepared prepare(int attempt);
    }

    /**
     * Commits what {@code attempt} prepares, retrying per the table's {@link RetryPolicy}: each retry prepares again
     * from the latest version, so the operation is re-evaluated rather than replayed blindly.
     *
     * @return the commit, or null when an attempt found nothing to commit
     */
    static DeltaCommit retryWithPolicy(DeltaTable table, String operation, Attempt attempt) {
        RetryPolicy policy = table.options().retryPolicy();
        Span span = TRACER.spanBuilder("delta.commit")
                .setAttribute("delta.table", table.location())
                .setAttribute("delta.operation", operation)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            for (int n = 1; ; n++) {
                Prepared prepared = attempt.prepare(n);
                if (prepared == null) {
                    span.setAttribute("delta.noop", true);
                    return null;
                }
                try {
                    TransactionCommitResult result = CommitLock.around(table, () -> prepared.transaction().commit(table.engine(),
                            CloseableIterable.inMemoryIterable(Utils.toCloseableIterator(prepared.actions().iterator()))));
                    DeltaCommit commit = runHooks(table, result, n);
                    span.setAttribute("delta.version", commit.version());
                    span.setAttribute("delta.attempts", n);
                    span.setAttribute("delta.actions", prepared.actions().size());
                    return commit;
                } catch (ConcurrentWriteException e) {
                    RetryPolicy.Conflict conflict = classify(e);
                    span.addEvent("delta.conflict", io.opentelemetry.api.common.Attributes.of(
                            io.opentelemetry.api.common.AttributeKey.stringKey("conflict"), conflict.name(),
                            io.opentelemetry.api.common.AttributeKey.longKey("attempt"), (long) n));
                    if (n >= policy.maxAttempts() || !policy.retryOn().contains(conflict)) {
                        throw new DeltaConflictException(table.location(), prepared.transaction().getReadTableVersion(),
                                conflict, n, e);
                    }
                    sleep(policy.backoff(n));
                }
            }
        } catch (KernelException e) {
            // e.g. a table feature Kernel cannot write (deletes/updates on a change-data-feed table): our typed error
            DeltaException refused = new DeltaException(operation + " of " + table.location() + " was refused by Delta Kernel: "
                    + e.getMessage(), e);
            span.recordException(refused);
            span.setStatus(StatusCode.ERROR, refused.getMessage());
            throw refused;
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            throw e;
        } finally {
            span.end();
        }
    }

    private static DeltaCommit runHooks(DeltaTable table, TransactionCommitResult result, int attempts) {
        List<String> run = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (PostCommitHook hook : result.getPostCommitHooks()) {
            try {
                hook.threadSafeInvoke(table.engine());
                run.add(hook.getType().name());
            } catch (IOException | RuntimeException e) {
                // the commit stands; a failed checkpoint only makes later log replay slower
                failed.add(hook.getType().name() + ": " + e.getMessage());
                Span.current().recordException(e);
            }
        }
        return new DeltaCommit(result.getVersion(), attempts, run, failed);
    }

    static RetryPolicy.Conflict classify(ConcurrentWriteException e) {
        return switch (e) {
            case ConcurrentTransactionException t -> RetryPolicy.Conflict.CONCURRENT_TRANSACTION;
            case MetadataChangedException m -> RetryPolicy.Conflict.METADATA_CHANGED;
            case ProtocolChangedException p -> RetryPolicy.Conflict.PROTOCOL_CHANGED;
            default -> RetryPolicy.Conflict.CONCURRENT_WRITE;
        };
    }

    private static void sleep(java.time.Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeltaException("Interrupted while waiting to retry a Delta commit", e);
        }
    }
}
