package io.codeanatomy.engine.core.internal.plan;

import io.codeanatomy.engine.core.spi.ColumnStatistics;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.ChainedRelMetadataProvider;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.metadata.JaninoRelMetadataProvider;
import org.apache.calcite.rel.metadata.MetadataDef;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.MetadataHandlerProvider;
import org.apache.calcite.rel.metadata.ReflectiveRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * The metadata the planner reads: Calcite's handlers, after ours for join row counts ({@link JoinEstimates}) and
 * for the keys of a {@link ProviderScan}. Calcite answers key questions about a table scan with the table's column
 * positions, but a provider scan projects: its column 1 may be the table's column 3. Asked whether supplier's
 * {@code s_nationkey} (scan column 1) was unique, it answered yes, for {@code s_name} (table column 1). And the
 * selectivity of predicates over a scan from the provider's column statistics, where Calcite guesses 0.5 per
 * comparison. Public for Calcite's generated dispatch; not API.
 */
public final class EngineMetadata {
    /** Compiled once per process. */
    static final JaninoRelMetadataProvider PROVIDER = JaninoRelMetadataProvider.of(ChainedRelMetadataProvider.of(List.of(
            ReflectiveRelMetadataProvider.reflectiveSource(new JoinEstimates(), BuiltInMetadata.RowCount.Handler.class),
            ReflectiveRelMetadataProvider.reflectiveSource(new ScanUniqueness(), BuiltInMetadata.ColumnUniqueness.Handler.class),
            ReflectiveRelMetadataProvider.reflectiveSource(new ScanKeys(), BuiltInMetadata.UniqueKeys.Handler.class),
            ReflectiveRelMetadataProvider.reflectiveSource(new ScanSelectivity(), BuiltInMetadata.Selectivity.Handler.class),
            DefaultRelMetadataProvider.INSTANCE)));

    /**
     * {@link #PROVIDER}'s compiled handlers, handed to each new metadata query as they are. Calcite's provider gives a
     * new query a reflective proxy per handler (about twenty), each replaced by the compiled handler on its first use;
     * the planner makes a new query after every rule that changes the plan, and those proxies were 4% of planning.
     * The handlers come compiled with the engine ({@link PrecompiledHandlers}); Janino compiles any that do not.
     */
    static final MetadataHandlerProvider HANDLERS = new MetadataHandlerProvider() {
        private final ClassValue<MetadataHandler<?>> compiled = new ClassValue<>() {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            protected MetadataHandler<?> computeValue(Class<?> type) {
                MetadataHandler<?> precompiled = PrecompiledHandlers.instantiate(type, PROVIDER.handlers((Class) type));
                return precompiled != null ? precompiled : PROVIDER.revise((Class) type);
            }
        };

        @Override
        public <H extends MetadataHandler<?>> H handler(Class<H> type) {
            return type.cast(compiled.get(type));
        }

        @Override
        public <H extends MetadataHandler<?>> H revise(Class<H> type) {
            return PROVIDER.revise(type);
        }
    };

    private EngineMetadata() {}

    /** Whether scan columns are unique: the table's answer for the columns they project. */
    public static final class ScanUniqueness implements MetadataHandler<BuiltInMetadata.ColumnUniqueness> {
        @Override
        public MetadataDef<BuiltInMetadata.ColumnUniqueness> getDef() {
            return BuiltInMetadata.ColumnUniqueness.DEF;
        }

        public Boolean areColumnsUnique(ProviderScan scan, RelMetadataQuery mq, ImmutableBitSet columns, boolean ignoreNulls) {
            int[] projection = scan.projection();
            ImmutableBitSet.Builder tableColumns = ImmutableBitSet.builder();
            for (int column : columns) {
                tableColumns.set(projection[column]);
            }
            return scan.getTable().isKey(tableColumns.build());
        }
    }

    /** A scan's unique keys: the table's keys whose columns it all projects, in scan positions. */
    public static final class ScanKeys implements MetadataHandler<BuiltInMetadata.UniqueKeys> {
        @Override
        public MetadataDef<BuiltInMetadata.UniqueKeys> getDef() {
            return BuiltInMetadata.UniqueKeys.DEF;
        }

        public Set<ImmutableBitSet> getUniqueKeys(ProviderScan scan, RelMetadataQuery mq, boolean ignoreNulls) {
            List<ImmutableBitSet> tableKeys = scan.getTable().getKeys();
            if (tableKeys == null) {
                return null;
            }
            int[] projection = scan.projection();
            Set<ImmutableBitSet> keys = new HashSet<>();
            for (ImmutableBitSet key : tableKeys) {
                ImmutableBitSet.Builder scanKey = ImmutableBitSet.builder();
                int found = 0;
                for (int c = 0; c < projection.length; c++) {
                    if (key.get(projection[c])) {
                        scanKey.set(c);
                        found++;
                    }
                }
                if (found == key.cardinality()) {
                    keys.add(scanKey.build());
                }
            }
            return keys;
        }
    }

    /**
     * The share of a scan's rows a predicate keeps, from the provider's statistics: a range over a column with
     * known bounds keeps its share of [min, max] (all range conjuncts on one column together: a two-year window
     * of seven years of ship dates keeps 2/7, where two guesses of 0.5 said 1/4 of whatever came before), an
     * equality {@code 1 / distinct}, and a conjunct on a column without statistics Calcite's guess. NULLs never
     * pass a comparison.
     */
    public static final class ScanSelectivity implements MetadataHandler<BuiltInMetadata.Selectivity> {
        @Override
        public MetadataDef<BuiltInMetadata.Selectivity> getDef() {
            return BuiltInMetadata.Selectivity.DEF;
        }

        public Double getSelectivity(ProviderScan scan, RelMetadataQuery mq, RexNode predicate) {
            if (predicate == null || predicate.isAlwaysTrue()) {
                return 1.0;
            }
            CatalogSchemas.ProviderTable table = scan.getTable().unwrap(CatalogSchemas.ProviderTable.class);
            double rows = Math.max(1, scan.getTable().getRowCount());
            RexNode expanded = RexUtil.expandSearch(
                    scan.getCluster().getRexBuilder(), null, predicate);
            Map<Integer, double[]> ranges = new HashMap<>();     // column -> {low, high, min, max, non-null share}
            double selectivity = 1;
            for (RexNode conjunct : RelOptUtil.conjunctions(expanded)) {
                Comparison comparison = table == null ? null : Comparison.of(conjunct);
                ColumnStatistics stats = comparison == null ? null
                        : table.column(scan.getRowType().getFieldNames().get(comparison.column()));
                if (stats == null) {
                    selectivity *= RelMdUtil.guessSelectivity(conjunct);
                    continue;
                }
                double nonNull = 1 - Math.min(1, stats.nullCount().orElse(0) / rows);
                double distinct = stats.distinctCount().orElse(0);
                Double min = position(stats.min().orElse(null));
                Double max = position(stats.max().orElse(null));
                switch (comparison.kind()) {
                    case EQUALS -> selectivity *= distinct > 0 ? nonNull / distinct
                            : RelMdUtil.guessSelectivity(conjunct);
                    case NOT_EQUALS -> selectivity *= distinct > 0 ? nonNull * (1 - 1 / distinct) : nonNull;
                    default -> {
                        if (min == null || max == null) {
                            selectivity *= RelMdUtil.guessSelectivity(conjunct);
                            continue;
                        }
                        double[] range = ranges.computeIfAbsent(comparison.column(), c -> new double[] {min, max, min, max, nonNull});
                        if (comparison.kind() == SqlKind.GREATER_THAN
                                || comparison.kind() == SqlKind.GREATER_THAN_OR_EQUAL) {
                            range[0] = Math.max(range[0], comparison.value());
                        } else {
                            range[1] = Math.min(range[1], comparison.value());
                        }
                    }
                }
            }
            for (double[] range : ranges.values()) {
                double width = range[3] - range[2];
                double kept = width <= 0 ? (range[0] <= range[1] ? 1 : 0) : (range[1] - range[0]) / width;
                selectivity *= range[4] * Math.max(0, Math.min(1, kept));
            }
            return Math.max(selectivity, 1 / rows);      // never nothing: estimates multiply
        }

        private static final Set<SqlKind> RANGE_OR_EQUALITY = EnumSet.of(
                SqlKind.EQUALS, SqlKind.NOT_EQUALS,
                SqlKind.LESS_THAN, SqlKind.LESS_THAN_OR_EQUAL,
                SqlKind.GREATER_THAN, SqlKind.GREATER_THAN_OR_EQUAL);

        /** {@code $column <op> literal} (either way round) with a literal that has a position on a number line. */
        private record Comparison(int column, SqlKind kind, double value) {
            static Comparison of(RexNode node) {
                if (!(node instanceof RexCall call) || call.getOperands().size() != 2) {
                    return null;
                }
                SqlKind kind = call.getKind();
                if (!RANGE_OR_EQUALITY.contains(kind)) {
                    return null;
                }
                var left = call.getOperands().get(0);
                var right = call.getOperands().get(1);
                if (left instanceof RexLiteral && right instanceof RexInputRef) {
                    var swap = left;
                    left = right;
                    right = swap;
                    kind = kind.reverse();
                }
                if (!(left instanceof RexInputRef ref)) {
                    return null;
                }
                Double value = constantPosition(right);
                if (value == null && !(right instanceof RexLiteral)) {
                    return null;
                }
                if (value == null && kind != SqlKind.EQUALS && kind != SqlKind.NOT_EQUALS) {
                    return null;
                }
                return new Comparison(ref.getIndex(), kind, value == null ? Double.NaN : value);
            }
        }

        /** A literal's position, or that of {@code DATE 'd' +/- INTERVAL 'n' YEAR|MONTH|DAY} (TPC-H writes bounds so). */
        private static Double constantPosition(RexNode node) {
            if (node instanceof RexLiteral literal) {
                return literalPosition(literal);
            }
            if (node instanceof RexCall call && call.getOperands().size() == 2
                    && (call.getKind() == SqlKind.PLUS || call.getKind() == SqlKind.MINUS)
                    && call.getOperands().get(0) instanceof RexLiteral date
                    && date.getType().getSqlTypeName() == SqlTypeName.DATE
                    && call.getOperands().get(1) instanceof RexLiteral interval && !interval.isNull()) {
                LocalDate day = LocalDate.ofEpochDay(date.getValueAs(Integer.class));
                long amount = interval.getValueAs(BigDecimal.class).longValue();
                long sign = call.getKind() == SqlKind.PLUS ? 1 : -1;
                var family = interval.getType().getSqlTypeName().getFamily();
                if (family == SqlTypeFamily.INTERVAL_YEAR_MONTH) {
                    return (double) day.plusMonths(sign * amount).toEpochDay();       // the value is in months
                }
                if (family == SqlTypeFamily.INTERVAL_DAY_TIME) {
                    return (double) day.plusDays(sign * amount / 86_400_000L).toEpochDay();     // in milliseconds
                }
            }
            return null;
        }

        private static Double literalPosition(RexLiteral literal) {
            if (literal.isNull()) {
                return null;
            }
            return switch (literal.getType().getSqlTypeName()) {
                case DATE -> (double) literal.getValueAs(Integer.class);
                case TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL, FLOAT, REAL, DOUBLE ->
                        literal.getValueAs(BigDecimal.class).doubleValue();
                default -> null;
            };
        }

        /** A statistics bound on the same number line as {@link #literalPosition}, or null. */
        private static Double position(Object value) {
            return switch (value) {
                case Number n -> n.doubleValue();
                case LocalDate d -> (double) d.toEpochDay();
                case null, default -> null;
            };
        }
    }
}
