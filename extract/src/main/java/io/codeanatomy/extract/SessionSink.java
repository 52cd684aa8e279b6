package io.codeanatomy.extract;

import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.TableName;
import io.codeanatomy.engine.core.tables.MemoryTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Collects batches in memory and, when the run finishes, registers one {@link MemoryTable} per table in a session
 * (names such as {@code defs_v1}, optionally under a schema). The sink owns those tables: close it before the
 * session, since their buffers come from the session's allocator.
 *
 * @since 0.1
 */
public final class SessionSink implements ExtractionSink {
    private final Session session;
    private final String schemaName;
    private final Map<String, List<VectorSchemaRoot>> pending = new LinkedHashMap<>();
    private final List<MemoryTable> registered = new ArrayList<>();
    private boolean closed;

    private SessionSink(Session session, String schemaName) {
        this.session = session;
        this.schemaName = schemaName;
    }

    /** Registers tables under their plain names. {@code session} is borrowed. */
    public static SessionSink of(Session session) {
        return new SessionSink(Objects.requireNonNull(session, "session"), null);
    }

    /** Registers tables as {@code schemaName.table}, creating the schema at finish. */
    public static SessionSink inSchema(Session session, String schemaName) {
        return new SessionSink(Objects.requireNonNull(session, "session"), Objects.requireNonNull(schemaName, "schemaName"));
    }

    @Override
    public BufferAllocator allocator() {
        return session.allocator();
    }

    @Override
    public synchronized void accept(String table, VectorSchemaRoot batch) {
        if (closed) {
            batch.close();
            throw new IllegalStateException("SessionSink is closed; cannot accept a batch of " + table);
        }
        pending.computeIfAbsent(table, t -> new ArrayList<>()).add(batch);
    }

    @Override
    public synchronized void finish(Map<String, Schema> tables) {
        if (schemaName != null) {
            session.createSchema(schemaName);
        }
        for (Map.Entry<String, Schema> entry : tables.entrySet()) {
            List<VectorSchemaRoot> batches = pending.remove(entry.getKey());
            MemoryTable table = MemoryTable.of(entry.getValue(), batches == null ? List.of() : batches);
            registered.add(table);
            session.register(schemaName == null ? TableName.parse(entry.getKey())
                    : TableName.parse(schemaName + "." + entry.getKey()), table);
        }
    }

    /** Closes the registered tables (their names stay in the session, now empty) and any unfinished batches. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        pending.values().forEach(list -> list.forEach(VectorSchemaRoot::close));
        pending.clear();
        registered.forEach(MemoryTable::close);
        registered.clear();
    }
}
