package io.codeanatomy.engine.core.internal.session;

import io.codeanatomy.engine.core.spi.BatchStream;
import io.codeanatomy.engine.core.spi.ScanRequest;
import io.codeanatomy.engine.core.spi.SessionView;
import io.codeanatomy.engine.core.spi.TableProvider;
import io.codeanatomy.engine.core.tables.MemoryTable;
import java.util.List;
import java.util.function.Supplier;
import org.apache.arrow.vector.types.pojo.Schema;

/** A system table whose rows are computed when it is scanned (information_schema). */
final class RowsTable implements TableProvider {
    private final Schema schema;
    private final Supplier<List<List<Object>>> rows;

    RowsTable(Schema schema, Supplier<List<List<Object>>> rows) {
        this.schema = schema;
        this.rows = rows;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public BatchStream scan(SessionView session, ScanRequest request) {
        MemoryTable table = MemoryTable.fromRows(session.allocator(), schema, rows.get());
        BatchStream inner = table.scan(session, request);
        return new BatchStream() {
            @Override
            public Schema schema() {
                return inner.schema();
            }

            @Override
            public boolean advance() {
                return inner.advance();
            }

            @Override
            public org.apache.arrow.vector.VectorSchemaRoot current() {
                return inner.current();
            }

            @Override
            public void close() {
                try {
                    inner.close();
                } finally {
                    table.close();
                }
            }
        };
    }
}
