package io.codeanatomy.engine.core.internal.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
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
 * above carried (copied) them to the top. The projection it adds shares the filter's buffers and selection. Public
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
        TrimResult trimmed = super.trimFields(filter, fieldsUsed, extraFields);
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
        return result(builder.push(rel).project(refs, names).build(), narrowed, filter);
    }
}
