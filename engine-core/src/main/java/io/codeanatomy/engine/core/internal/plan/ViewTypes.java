package io.codeanatomy.engine.core.internal.plan;

import io.codeanatomy.engine.core.TableName;
import io.codeanatomy.engine.core.internal.catalog.CatalogEntry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.calcite.rel.type.RelDataType;

/**
 * The row types of a session's views, kept between statements. A view's row type is that of its body, and finding it
 * means validating the body, which every statement that read the view did again: a CPG build validated view bodies 22
 * times for their row types alone (0.28 s of planning, summed over threads, in a stdlib build). Only the row types of
 * what the body reads can change the result, so each type is kept with those (tables and views, by name) and reused
 * while every name still resolves to the same row type; a table replaced by one with other columns, or a redefined
 * view, gets the body validated again. Shared by the session's planners, which run on several threads.
 */
public final class ViewTypes {
    /** A view's row type and the row types its body read. */
    record Validated(CatalogEntry view, RelDataType type, Map<TableName, RelDataType> reads) {}

    private final Map<TableName, Validated> byName = new ConcurrentHashMap<>();
    private final AtomicLong validations = new AtomicLong();

    /** The kept row type of {@code view} (this very definition), if any; its reads are the caller's to check. */
    Validated get(CatalogEntry view) {
        Validated kept = byName.get(view.name().normalized());
        return kept != null && kept.view().equals(view) ? kept : null;
    }

    void put(Validated validated) {
        validations.incrementAndGet();
        byName.put(validated.view().name().normalized(), validated);
    }

    /** How many view bodies were validated for their row types so far (for tests of the reuse). */
    public long validations() {
        return validations.get();
    }
}
