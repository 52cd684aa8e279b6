package io.codeanatomy.engine.core.internal.plan;

import io.codeanatomy.engine.core.spi.Expression;
import io.codeanatomy.engine.core.spi.FilterSupport;
import io.codeanatomy.engine.core.spi.TableProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;

/**
 * A logical scan of a {@link TableProvider} that carries what was pushed into it: the projected columns, the filter
 * conjuncts with the provider's answer for each, and a limit. Its digest shows all of it, so plans that push
 * differently never share a digest. Filters it holds refer to table columns by name, not to its output.
 */
public final class ProviderScan extends TableScan {
    private final TableProvider provider;
    private final int[] projection;                 // table column indexes, in output order
    private final List<PushedFilter> filters;
    private final OptionalLong limit;

    /** One pushed conjunct and the provider's answer: EXACT filters are not evaluated again, INEXACT ones are. */
    public record PushedFilter(Expression expression, FilterSupport support) {}

    private ProviderScan(RelOptCluster cluster, RelTraitSet traits, RelOptTable table, TableProvider provider,
                         int[] projection, List<PushedFilter> filters, OptionalLong limit) {
        super(cluster, traits, List.of(), table);
        this.provider = provider;
        this.projection = projection.clone();
        this.filters = List.copyOf(filters);
        this.limit = limit;
    }

    public static ProviderScan create(RelOptCluster cluster, RelOptTable table, TableProvider provider) {
        int columns = table.getRowType().getFieldCount();
        int[] all = new int[columns];
        for (int i = 0; i < columns; i++) {
            all[i] = i;
        }
        return new ProviderScan(cluster, cluster.traitSet(), table, provider, all, List.of(), OptionalLong.empty());
    }

    public TableProvider provider() {
        return provider;
    }

    public int[] projection() {
        return projection.clone();
    }

    public List<PushedFilter> filters() {
        return filters;
    }

    public OptionalLong limit() {
        return limit;
    }

    /** The table's name as written in the catalog: {@code schema.table}. */
    public String tableName() {
        return String.join(".", table.getQualifiedName());
    }

    public List<String> projectedColumnNames() {
        List<RelDataTypeField> fields = table.getRowType().getFieldList();
        List<String> names = new ArrayList<>(projection.length);
        for (int index : projection) {
            names.add(fields.get(index).getName());
        }
        return names;
    }

    public ProviderScan withProjection(int[] newProjection) {
        return new ProviderScan(getCluster(), traitSet, table, provider, newProjection, filters, limit);
    }

    public ProviderScan withFilters(List<PushedFilter> newFilters) {
        return new ProviderScan(getCluster(), traitSet, table, provider, projection, newFilters, limit);
    }

    public ProviderScan withLimit(long rows) {
        return new ProviderScan(getCluster(), traitSet, table, provider, projection, filters, OptionalLong.of(rows));
    }

    /** Whether the provider filters exactly, so a limit above may be pushed into the scan. */
    public boolean allFiltersExact() {
        return filters.stream().allMatch(f -> f.support() == FilterSupport.EXACT);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new ProviderScan(getCluster(), traitSet, table, provider, projection, filters, limit);
    }

    @Override
    public RelDataType deriveRowType() {
        List<RelDataTypeField> fields = table.getRowType().getFieldList();
        var builder = getCluster().getTypeFactory().builder();
        for (int index : projection) {
            builder.add(fields.get(index));
        }
        return builder.build();
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        RelWriter writer = super.explainTerms(pw);
        if (projection.length != table.getRowType().getFieldCount() || !isIdentity()) {
            writer.item("columns", projectedColumnNames());
        }
        if (!filters.isEmpty()) {
            writer.item("filters", filters.stream().map(f -> f.expression().toSql() + ":" + f.support()).toList());
        }
        if (limit.isPresent()) {
            writer.item("limit", limit.getAsLong());
        }
        return writer;
    }

    private boolean isIdentity() {
        for (int i = 0; i < projection.length; i++) {
            if (projection[i] != i) {
                return false;
            }
        }
        return true;
    }

    @Override
    public double estimateRowCount(RelMetadataQuery mq) {
        double rows = table.getRowCount();
        // only EXACT filters leave the plan; the filter above the scan accounts for the others
        for (PushedFilter filter : filters) {
            rows *= filter.support() == FilterSupport.EXACT ? 0.25 : 1;
        }
        if (limit.isPresent()) {
            rows = Math.min(rows, limit.getAsLong());
        }
        return Math.max(rows, 1);
    }

    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
        double rows = estimateRowCount(mq);
        double width = (double) projection.length / Math.max(1, table.getRowType().getFieldCount());
        return planner.getCostFactory().makeCost(rows, rows * width, rows * width);
    }
}
