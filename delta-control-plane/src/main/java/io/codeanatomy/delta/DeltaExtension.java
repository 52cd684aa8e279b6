package io.codeanatomy.delta;

import io.codeanatomy.engine.core.ExtensionContext;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.SessionExtension;
import io.codeanatomy.engine.core.spi.BatchStream;
import io.codeanatomy.engine.core.spi.RootBatchStream;
import io.codeanatomy.engine.core.spi.ScanRequest;
import io.codeanatomy.engine.core.spi.SessionView;
import io.codeanatomy.engine.core.spi.TableFunction;
import io.codeanatomy.engine.core.spi.TableProvider;
import io.codeanatomy.engine.core.spi.TableStatistics;
import io.codeanatomy.engine.core.spi.function.FunctionDoc;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Delta Lake in SQL. Installs three table functions:
 * <ul>
 *   <li>{@code delta_scan('uri')}, {@code delta_scan('uri', version => 3)} or
 *       {@code delta_scan('uri', "timestamp" => '2026-12-01T10:00:00Z')}: the table, latest or as of a version or time;</li>
 *   <li>{@code delta_history('uri')}: one row per commit (version, timestamp, operation, engine_info, files added/removed);</li>
 *   <li>{@code table_changes('uri', from_version, to_version)}: row-level changes with {@code _change_type},
 *       {@code _commit_version} and {@code _commit_timestamp}.</li>
 * </ul>
 * Register a table under a name with {@link #register(Session, String, String)}.
 *
 * @since 0.1
 */
public final class DeltaExtension implements SessionExtension {
    private final DeltaOptions options;

    public DeltaExtension() {
        this(DeltaOptions.DEFAULT);
    }

    /** With storage settings (S3 endpoint and keys) and retry policy used for every table the functions open. */
    public DeltaExtension(DeltaOptions options) {
        this.options = java.util.Objects.requireNonNull(options, "options");
    }

    @Override
    public String id() {
        return "codeanatomy.delta";
    }

    @Override
    public String version() {
        return "0.1.0";
    }

    @Override
    public void install(ExtensionContext context) {
        context.registerTableFunction(new Function("delta_scan", new FunctionDoc(
                "A Delta table: the latest version, or as of a version or a timestamp (UTC)",
                "delta_scan(uri [, version]) or delta_scan(uri => ..., \"timestamp\" => ...)",
                "SELECT count(*) FROM delta_scan('/data/events', 3)"), List.of(
                new TableFunction.Parameter("uri", String.class, false),
                new TableFunction.Parameter("version", Long.class, true),
                new TableFunction.Parameter("timestamp", String.class, true)), arguments -> {
            DeltaTable table = DeltaTable.forPath((String) arguments.get(0), options);
            if (arguments.get(1) != null && arguments.get(2) != null) {
                throw new IllegalArgumentException("delta_scan takes a version or a timestamp, not both");
            }
            if (arguments.get(1) != null) {
                return DeltaTableProvider.atVersion(table, (Long) arguments.get(1));
            }
            if (arguments.get(2) != null) {
                return DeltaTableProvider.atTimestamp(table, instant((String) arguments.get(2)));
            }
            return DeltaTableProvider.latest(table);
        }));
        context.registerTableFunction(new Function("delta_history", new FunctionDoc(
                "One row per commit: version, timestamp, operation, engine_info, files_added, files_removed",
                "delta_history(uri)", "SELECT version, operation FROM delta_history('/data/events')"), List.of(
                new TableFunction.Parameter("uri", String.class, false)), arguments ->
                history(DeltaMaintenance.history(DeltaTable.forPath((String) arguments.get(0), options)))));
        context.registerTableFunction(new Function("table_changes", new FunctionDoc(
                "Row-level changes between two versions, with _change_type, _commit_version, _commit_timestamp",
                "table_changes(uri, from_version [, to_version])",
                "SELECT * FROM table_changes('/data/events', 1, 3)"), List.of(
                new TableFunction.Parameter("uri", String.class, false),
                new TableFunction.Parameter("from_version", Long.class, false),
                new TableFunction.Parameter("to_version", Long.class, true)), arguments -> {
            DeltaTable table = DeltaTable.forPath((String) arguments.get(0), options);
            long from = (Long) arguments.get(1);
            long to = arguments.get(2) == null ? table.version() : (Long) arguments.get(2);
            Schema schema = ChangeFeed.schema(table.schema());
            return new StreamTable(schema, (session, allocator) -> ChangeFeed.read(table, from, to, allocator));
        }));
    }

    /** Registers the Delta table at {@code uri} (latest version) in {@code session} under {@code name}. */
    public static DeltaTableProvider register(Session session, String name, String uri) {
        DeltaTableProvider provider = DeltaTableProvider.latest(DeltaTable.forPath(uri));
        session.register(name, provider);
        return provider;
    }

    static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                throw new IllegalArgumentException("'" + text + "' is not a timestamp; write it as 2026-12-01T10:00:00Z "
                        + "or 2026-12-01 10:00:00 (UTC)");
            }
        }
    }

    private record Function(String name, FunctionDoc doc, List<Parameter> parameters,
                            java.util.function.Function<List<Object>, TableProvider> binder) implements TableFunction {
        @Override
        public TableProvider bind(SessionView session, List<Object> arguments) {
            return binder.apply(arguments);
        }
    }

    private static TableProvider history(List<HistoryEntry> entries) {
        Schema schema = new Schema(List.of(
                Field.notNullable("version", new ArrowType.Int(64, true)),
                Field.notNullable("timestamp", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
                Field.notNullable("operation", ArrowType.Utf8.INSTANCE),
                Field.notNullable("engine_info", ArrowType.Utf8.INSTANCE),
                Field.notNullable("files_added", new ArrowType.Int(32, true)),
                Field.notNullable("files_removed", new ArrowType.Int(32, true))));
        return new StreamTable(schema, (session, allocator) -> new RootBatchStream(schema) {
            private boolean done;

            @Override
            protected VectorSchemaRoot nextRoot() {
                if (done) {
                    return null;
                }
                done = true;
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                int n = entries.size();
                for (int i = 0; i < n; i++) {
                    HistoryEntry e = entries.get(i);
                    ((BigIntVector) root.getVector(0)).setSafe(i, e.version());
                    ((TimeStampMicroTZVector) root.getVector(1)).setSafe(i, e.timestamp().toEpochMilli() * 1000);
                    ((VarCharVector) root.getVector(2)).setSafe(i, e.operation().getBytes(StandardCharsets.UTF_8));
                    ((VarCharVector) root.getVector(3)).setSafe(i, e.engineInfo().getBytes(StandardCharsets.UTF_8));
                    ((IntVector) root.getVector(4)).setSafe(i, e.filesAdded());
                    ((IntVector) root.getVector(5)).setSafe(i, e.filesRemoved());
                }
                root.setRowCount(n);
                return root;
            }
        });
    }

    /** A table computed on every scan, projected to the requested columns. */
    private record StreamTable(Schema schema, Opener opener) implements TableProvider {
        @FunctionalInterface
        interface Opener {
            BatchStream open(SessionView session, BufferAllocator allocator);
        }

        @Override
        public TableStatistics statistics(SessionView session) {
            return TableStatistics.UNKNOWN;
        }

        @Override
        public BatchStream scan(SessionView session, ScanRequest request) {
            BatchStream all = opener.open(session, session.allocator());
            List<Field> fields = new ArrayList<>();
            int[] indexes = new int[request.columns().size()];
            List<String> names = schema.getFields().stream().map(Field::getName).toList();
            for (int i = 0; i < indexes.length; i++) {
                indexes[i] = names.indexOf(request.columns().get(i));
                fields.add(schema.getFields().get(indexes[i]));
            }
            Schema projected = new Schema(fields);
            return new RootBatchStream(projected) {
                @Override
                protected VectorSchemaRoot nextRoot() {
                    if (!all.advance()) {
                        return null;
                    }
                    VectorSchemaRoot batch = all.current();
                    List<FieldVector> vectors = new ArrayList<>();
                    for (int index : indexes) {
                        var transfer = batch.getVector(index).getTransferPair(session.allocator());
                        transfer.transfer();
                        vectors.add((FieldVector) transfer.getTo());
                    }
                    return new VectorSchemaRoot(projected.getFields(), vectors, batch.getRowCount());
                }

                @Override
                protected void release() {
                    all.close();
                }
            };
        }
    }
}
