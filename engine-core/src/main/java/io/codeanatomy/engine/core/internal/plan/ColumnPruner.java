package io.codeanatomy.engine.core.internal.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql2rel.RelFieldTrimmer;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.mapping.Mapping;
import org.apache.calcite.util.mapping.MappingType;
import org.apache.calcite.util.mapping.Mappings;

/**
 * The last logical step: Calcite's field trimmer, which in addition drops the columns only a filter reads. The
 * rewrite phases move join conditions into filters below their joins (TPC-H q13's {@code NOT LIKE} on
 * {@code o_comment}, q9's on {@code p_name}), and the trimmer keeps a filter's columns in its output, so every join
 * above carried (copied) them to the top. The projection it adds shares the filter's buffers and selection. Over a
 * join, it drops the keys the join's parent does not read (see {@link #trimFields(Join, ImmutableBitSet, Set)}). Public
 * because Calcite finds the trimming methods by reflection.
 */
public final class ColumnPruner extends RelFieldTrimmer {
    private final RelBuilder builder;

    ColumnPruner(RelBuilder builder) {
        super(null, builder);
        this.builder = builder;
    }

    @Override
    public TrimResult trimFields(Filter filter, ImmutableBitSet fieldsUsed, Set<RelDataTypeField> extraFields) {
        return narrowed(super.trimFields(filter, fieldsUsed, extraFields), fieldsUsed, extraFields, filter);
    }

    /**
     * A join also outputs the keys it joins on, which its parent seldom reads (a chain of joins carried every key of
     * TPC-H q5 to the top): the projection over it names the columns the parent reads, and the physical join emits
     * only those.
     */
    @Override
    public TrimResult trimFields(Join join, ImmutableBitSet fieldsUsed, Set<RelDataTypeField> extraFields) {
        return narrowed(super.trimFields(join, fieldsUsed, extraFields), fieldsUsed, extraFields, join);
    }

    /** {@code trimmed} with a projection of the fields its parent uses on top, when it outputs more. */
    private TrimResult narrowed(TrimResult trimmed, ImmutableBitSet fieldsUsed, Set<RelDataTypeField> extraFields, RelNode original) {
        RelNode rel = trimmed.left;
        Mapping mapping = trimmed.right;
        if (!extraFields.isEmpty() || fieldsUsed.isEmpty() || fieldsUsed.cardinality() >= rel.getRowType().getFieldCount()) {
            return trimmed;
        }
        List<RexNode> refs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Mapping narrowed = Mappings.create(MappingType.INVERSE_SURJECTION, mapping.getSourceCount(), fieldsUsed.cardinality());
        for (int field : fieldsUsed) {
            int at = mapping.getTarget(field);
            refs.add(RexInputRef.of(at, rel.getRowType()));
            names.add(rel.getRowType().getFieldNames().get(at));
            narrowed.set(field, refs.size() - 1);
        }
        return result(builder.push(rel).project(refs, names).build(), narrowed, original);
    }
}
