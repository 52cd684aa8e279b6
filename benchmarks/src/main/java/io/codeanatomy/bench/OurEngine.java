package io.codeanatomy.bench;

import io.codeanatomy.engine.core.DataFrame;
import io.codeanatomy.engine.core.EngineRuntime;
import io.codeanatomy.engine.core.QueryResult;
import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.Session;
import io.codeanatomy.engine.core.Sessions;
import java.util.ArrayList;
import java.util.List;

/**
 * Our engine over the in-memory Arrow tables. Each query gets a fresh session on the shared runtime, so the session
 * allocator's peak is that query's peak (the tables live in a separate allocator and are only registered).
 */
final class OurEngine implements BenchEngine {
    private final EngineRuntime runtime;
    private final RuntimeProfile profile;
    private final List<TpchData> tables;
    private volatile Session session;

    OurEngine(EngineRuntime runtime, RuntimeProfile profile, List<TpchData> tables) {
        this.runtime = runtime;
        this.profile = profile;
        this.tables = List.copyOf(tables);
    }

    @Override
    public String name() {
        return "ours";
    }

    @Override
    public void begin(TpchQuery query) {
        Session opened = Sessions.builder(profile).runtime(runtime).build();
        for (TpchData table : tables) {
            opened.register(table.name(), table.table());
        }
        session = opened;
    }

    @Override
    public Run run(TpchQuery query) {
        Session s = session;
        for (String statement : query.setup()) {
            s.execute(statement);
        }
        try {
            long start = System.nanoTime();
            DataFrame frame = s.sql(query.query());
            frame.schema(); // forces optimization and physical planning, which collect() would otherwise do first
            long planned = System.nanoTime();
            List<List<String>> rows = new ArrayList<>();
            long end;
            try (QueryResult result = frame.collect()) {
                end = System.nanoTime();
                for (List<Object> row : result.rows()) {
                    rows.add(row.stream().map(Rows::text).toList());
                }
            }
            return new Run(end - start, planned - start, rows);
        } finally {
            for (String statement : query.teardown()) {
                s.execute(statement);
            }
        }
    }

    @Override
    public boolean cancel() {
        Session s = session;
        return s != null && s.cancelRunningQueries() > 0;
    }

    @Override
    public long end(TpchQuery query, boolean abandoned) {
        Session s = session;
        session = null;
        long peak = s.allocator().getPeakMemoryAllocation();
        s.close(); // cancels a query still running and waits for it to release its memory
        return peak;
    }

    @Override
    public void close() {
        Session s = session;
        if (s != null) {
            s.close();
        }
    }
}
