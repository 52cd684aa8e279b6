package io.codeanatomy.engine.core.internal.plan;

import io.codeanatomy.engine.core.PlanningException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.calcite.rel.hint.HintPredicates;
import org.apache.calcite.rel.hint.HintStrategyTable;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlHint;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.util.Litmus;

/**
 * The join hints of one statement: the tables whose rows a hash join should hash (its build side). They come from
 * SQL (a {@code BUILD(t)} hint comment after SELECT) and from {@code DataFrame.buildSide}, apply to the whole statement
 * (views included), and are resolved against the plan's scans after optimization, so join reordering cannot lose
 * them. Not thread-safe; one per planner.
 */
public final class BuildHints {
    /** The one join hint there is. */
    public static final String BUILD = "BUILD";

    /**
     * Registered on the SQL-to-rel converter so a {@code BUILD} hint is known to Calcite and attached to the joins of
     * its query block. Unknown names never reach it: {@link #collect} rejects them first.
     */
    static final HintStrategyTable STRATEGIES = HintStrategyTable.builder()
            .hintStrategy(BUILD, HintPredicates.JOIN)
            .errorHandler(Litmus.THROW)
            .build();

    /** One requested build table and where it was asked for (for messages). */
    record Request(String table, String origin) {}

    private final List<Request> requests = new ArrayList<>();
    private final Set<Request> used = new LinkedHashSet<>();

    /** A copy with the same requests and none marked used. */
    BuildHints copy() {
        BuildHints copy = new BuildHints();
        copy.requests.addAll(requests);
        return copy;
    }

    public boolean isEmpty() {
        return requests.isEmpty();
    }

    /** Adds hints given by the DataFrame API. */
    public void add(List<String> tables, String origin) {
        for (String table : tables) {
            if (table == null || table.isBlank()) {
                throw new IllegalArgumentException("A build-side table name must not be blank (" + origin + ")");
            }
            requests.add(new Request(table.strip(), origin));
        }
    }

    /**
     * Collects the hints of every query block of {@code statement}; an alias is replaced by the table it names.
     *
     * @throws PlanningException for a hint other than BUILD, a BUILD without tables, or an alias of a subquery
     */
    void collect(SqlNode statement) {
        statement.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect select && select.hasHints()) {
                    Map<String, String> aliases = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                    if (select.getFrom() != null) {
                        aliases(select.getFrom(), aliases);
                    }
                    for (SqlNode node : select.getHints()) {
                        if (node instanceof SqlHint hint) {
                            collect(hint, aliases);
                        }
                    }
                }
                return super.visit(call);
            }
        });
    }

    private void collect(SqlHint hint, Map<String, String> aliases) {
        String where = at(hint.getParserPosition());
        if (!hint.getName().equalsIgnoreCase(BUILD)) {
            String spelled = switch (hint.getName().toUpperCase(Locale.ROOT)) {
                case "BROADCAST", "BROADCASTJOIN", "MAPJOIN", "SHUFFLE_HASH" -> " (Spark's and Flink's " + hint.getName()
                        + "(t) mean the same: write BUILD(t))";
                default -> "";
            };
            throw new PlanningException("Unknown hint '" + hint.getName() + "'" + where + "; the engine knows one hint: "
                    + "BUILD(table, ...), naming the tables whose rows a hash join should build its table from" + spelled);
        }
        List<String> options = hint.getOptionList();
        if (options.isEmpty() || hint.getOptionFormat() == SqlHint.HintOptionFormat.KV_LIST) {
            throw new PlanningException("Hint BUILD" + where + " needs the tables to build, as BUILD(t) or BUILD(t1, t2)");
        }
        for (String option : options) {
            String table = aliases.containsKey(option) ? aliases.get(option) : option;
            if (table == null) {
                throw new PlanningException("Hint BUILD(" + option + ")" + where + " names a subquery; name a table (or its alias)");
            }
            requests.add(new Request(table, "hint BUILD(" + option + ")" + where));
        }
    }

    private static String at(SqlParserPos pos) {
        return pos == null || pos.getLineNum() <= 0 ? "" : " at line " + pos.getLineNum() + ", column " + pos.getColumnNum();
    }

    /** Alias (or table name) to the table it reads, for the FROM clause of one query block; a subquery maps to null. */
    private static void aliases(SqlNode from, Map<String, String> out) {
        switch (from) {
            case SqlJoin join -> {
                aliases(join.getLeft(), out);
                aliases(join.getRight(), out);
            }
            case SqlIdentifier id -> out.put(id.names.getLast(), id.toString());
            case SqlBasicCall call when call.getKind() == SqlKind.AS -> {
                SqlNode source = call.operand(0);
                String alias = ((SqlIdentifier) call.operand(1)).getSimple();
                out.put(alias, source instanceof SqlIdentifier id ? id.toString() : null);
            }
            default -> { }
        }
    }

    /** Whether a hint names {@code qualifiedTable} ({@code schema.table}); marks the hints that do as used. */
    boolean names(String qualifiedTable) {
        if (qualifiedTable == null) {
            return false;
        }
        boolean found = false;
        for (Request request : requests) {
            if (matches(request.table(), qualifiedTable)) {
                used.add(request);
                found = true;
            }
        }
        return found;
    }

    private static boolean matches(String hinted, String qualifiedTable) {
        String a = hinted.toLowerCase(Locale.ROOT);
        String b = qualifiedTable.toLowerCase(Locale.ROOT);
        return a.equals(b) || (!a.contains(".") && b.endsWith("." + a));
    }

    /**
     * Checks every hint against the tables the optimized plan reads.
     *
     * @throws PlanningException for a hint naming a table the statement does not read
     */
    void checkNamesTablesOf(List<String> tablesRead) {
        for (Request request : requests) {
            if (tablesRead.stream().noneMatch(t -> matches(request.table(), t))) {
                throw new PlanningException("Join " + request.origin() + " names '" + request.table()
                        + "', which this query does not read; the tables it reads are " + List.copyOf(new java.util.TreeSet<>(tablesRead))
                        + " (a view is read through its tables: name one of those)");
            }
        }
    }

    /**
     * Checks, after physical planning, that every hint met a join.
     *
     * @throws PlanningException for a hint whose table is no input of any join
     */
    void checkAllUsed() {
        for (Request request : requests) {
            if (!used.contains(request)) {
                throw new PlanningException("Join " + request.origin() + " names '" + request.table()
                        + "', which is not an input of any join in the plan; remove the hint");
            }
        }
    }
}
