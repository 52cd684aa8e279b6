package io.codeanatomy.engine.core.internal.exec;

import java.util.concurrent.atomic.AtomicLong;

/** Rows, batches and time one plan node produced in one run (EXPLAIN ANALYZE). */
public final class OperatorMetrics {
    public final AtomicLong rows = new AtomicLong();
    public final AtomicLong batches = new AtomicLong();
    public final AtomicLong nanos = new AtomicLong();

    public String format() {
        return "rows=%d, batches=%d, time=%.3fms".formatted(rows.get(), batches.get(), nanos.get() / 1e6);
    }
}
