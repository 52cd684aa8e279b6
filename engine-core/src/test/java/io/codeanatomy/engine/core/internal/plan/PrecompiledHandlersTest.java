package io.codeanatomy.engine.core.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;
import org.junit.jupiter.api.Test;

/**
 * The metadata handlers compiled with the engine: the planner gets them rather than Janino's, and each answers every
 * question on a plan of filters, projections, joins, aggregates, sorts and unions as the handler Janino compiles from
 * the same source does (the build rewrites that source for javac: provider types, nested class names, getDef).
 */
class PrecompiledHandlersTest {

    @Test
    void thePlannerGetsEveryHandlerPrecompiled() {
        List<Class<? extends MetadataHandler<?>>> types = PrecompiledHandlers.handlerTypes();
        assertThat(types).hasSizeGreaterThanOrEqualTo(20);
        for (Class<? extends MetadataHandler<?>> type : types) {
            assertThat(EngineMetadata.HANDLERS.handler(type).getClass().getName())
                    .as("handler for %s", type.getName())
                    .isEqualTo(PrecompiledHandlers.PACKAGE + "." + PrecompiledHandlers.className(type));
        }
    }

    @Test
    void aHandlerIsNotBuiltOverOtherProviders() {
        Class<? extends MetadataHandler<?>> rowCount = org.apache.calcite.rel.metadata.BuiltInMetadata.RowCount.Handler.class;
        assertThat(PrecompiledHandlers.instantiate(rowCount, List.of())).isNull();
        assertThat(PrecompiledHandlers.instantiate(rowCount,
                EngineMetadata.PROVIDER.handlers(org.apache.calcite.rel.metadata.BuiltInMetadata.Size.Handler.class))).isNull();
        assertThat(PrecompiledHandlers.instantiate(rowCount, EngineMetadata.PROVIDER.handlers(rowCount))).isNotNull();
    }

    @Test
    void precompiledHandlersAnswerAsJaninosDo() throws Exception {
        List<RelNode> nodes = new ArrayList<>();
        collect(samplePlan(), nodes);
        int compared = 0;
        for (Class<? extends MetadataHandler<?>> type : PrecompiledHandlers.handlerTypes()) {
            MetadataHandler<?> precompiled = EngineMetadata.HANDLERS.handler(type);
            MetadataHandler<?> janino = EngineMetadata.PROVIDER.revise(type);
            assertThat(janino.getClass().getName()).doesNotStartWith(PrecompiledHandlers.PACKAGE);
            for (Method method : type.getMethods()) {
                Object[] extra = arguments(method);
                if (extra == null) {
                    continue;
                }
                for (RelNode node : nodes) {
                    Object expected = call(method, janino, node, extra);
                    Object actual = call(method, precompiled, node, extra);
                    assertThat(actual).as("%s.%s on %s", type.getEnclosingClass().getSimpleName(), method.getName(),
                            node.getRelTypeName()).isEqualTo(expected);
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(250);
    }

    /** A plan of most logical operators, over VALUES (no tables needed). */
    private static RelNode samplePlan() {
        JavaTypeFactoryImpl types = new JavaTypeFactoryImpl();
        RelOptCluster cluster = RelOptCluster.create(new HepPlanner(HepProgram.builder().build()), new RexBuilder(types));
        cluster.setMetadataQuerySupplier(() -> new RelMetadataQuery(EngineMetadata.HANDLERS));
        RelBuilder b = RelBuilder.proto(org.apache.calcite.plan.Contexts.empty()).create(cluster, null);
        b.values(new String[] {"k", "v"}, 1, "a", 2, "b", 2, "c", 3, null);
        b.filter(b.call(SqlStdOperatorTable.GREATER_THAN, b.field("k"), b.literal(1)));
        b.values(new String[] {"k2", "w"}, 2, BigDecimal.ONE, 3, BigDecimal.TEN);
        b.join(JoinRelType.INNER, b.equals(b.field(2, 0, "k"), b.field(2, 1, "k2")));
        b.aggregate(b.groupKey("k"), b.count(false, "n"), b.sum(false, "s", b.field("w")));
        b.project(b.field("k"), b.call(SqlStdOperatorTable.PLUS, b.field("n"), b.literal(1)));
        b.values(new String[] {"a", "b"}, 7, 8L);
        b.union(true);
        b.sortLimit(0, 10, b.field(0));
        return b.build();
    }

    private static void collect(RelNode node, List<RelNode> into) {
        into.add(node);
        node.getInputs().forEach(input -> collect(input, into));
    }

    /** Arguments after (rel, mq) for a handler method, or null to skip it. */
    private static Object[] arguments(Method method) {
        Class<?>[] parameters = method.getParameterTypes();
        if (parameters.length < 2 || parameters[0] != RelNode.class || parameters[1] != RelMetadataQuery.class) {
            return null;
        }
        Object[] extra = new Object[parameters.length - 2];
        for (int i = 2; i < parameters.length; i++) {
            Class<?> p = parameters[i];
            if (p == ImmutableBitSet.class) {
                extra[i - 2] = ImmutableBitSet.of(0);
            } else if (p == boolean.class) {
                extra[i - 2] = false;
            } else if (p == int.class) {
                extra[i - 2] = 0;
            } else if (p == RexNode.class) {
                extra[i - 2] = null;
            } else {
                return null;
            }
        }
        return extra;
    }

    /** The handler's answer in a fresh metadata query (so neither sees the other's cache), or the failure's class. */
    private static Object call(Method method, MetadataHandler<?> handler, RelNode node, Object[] extra) throws Exception {
        Object[] args = new Object[extra.length + 2];
        args[0] = node;
        args[1] = new RelMetadataQuery(EngineMetadata.HANDLERS);
        System.arraycopy(extra, 0, args, 2, extra.length);
        try {
            Object result = method.invoke(handler, args);
            return result instanceof org.apache.calcite.plan.RelOptCost cost ? cost.toString() : Objects.toString(result);
        } catch (InvocationTargetException e) {
            return "threw " + e.getCause().getClass().getName();
        }
    }
}
