package io.codeanatomy.engine.core.internal.plan;

import io.codeanatomy.engine.core.RuntimeProfile;
import io.codeanatomy.engine.core.internal.exec.PhysicalNode;
import io.codeanatomy.engine.core.plan.FilterContract;
import io.codeanatomy.engine.core.plan.JoinChoice;
import io.codeanatomy.engine.core.plan.LineageReport;
import io.codeanatomy.engine.core.plan.PlanBundle;
import io.codeanatomy.engine.core.plan.PlanNode;
import io.codeanatomy.engine.core.plan.PlanTree;
import io.codeanatomy.engine.core.plan.PlanningManifest;
import io.codeanatomy.engine.core.plan.RuleApplication;
import io.codeanatomy.engine.core.plan.ScanContract;
import io.codeanatomy.engine.core.spi.Expression;
import io.codeanatomy.engine.core.spi.SessionView;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelVisitor;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.externalize.RelWriterImpl;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlExplainLevel;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.util.Pair;

/** Assembles a {@link PlanBundle} from the plans of one statement, its phase times and its optimizer trace. */
public final class PlanBundles {
    /** Bumped whenever the identity payload's layout changes. */
    static final String IDENTITY_PAYLOAD_VERSION = "codeanatomy.plan-identity.v2";

    private PlanBundles() {}

    public static PlanBundle build(RelNode parsed, List<String> columnNames, RelNode optimized, PhysicalNode physical,
                                   Map<String, Double> phaseMillis, List<RuleApplication> trace, List<JoinChoice> joins,
                                   SessionView session, String profileFingerprint, ExtensionFunctions functions) {
        RuntimeProfile profile = session.profile();
        PlanTree parsedTree = logicalTree(parsed);
        PlanTree optimizedTree = logicalTree(optimized);
        String physicalText = physical.explain();
        PlanTree physicalTree = new PlanTree(physicalText, physicalNode(physical), PlanDigests.sha256(physicalText));
        List<ProviderScan> scans = scans(optimized);
        List<ScanContract> pushdown = scans.stream().map(PlanBundles::contract).toList();
        String identity = identity(optimizedTree.digest(), profileFingerprint, functions, scans, joins, session);
        LineageReport lineage = lineage(parsed, columnNames, optimized, scans, trace);
        String digest = PlanDigests.sha256(String.join("\n", parsedTree.digest(), optimizedTree.digest(), physicalTree.digest(),
                identity, trace.toString(), lineage.toString(), pushdown.toString(), joins.toString()));
        PlanningManifest manifest = new PlanningManifest(new TreeMap<>(phaseMillis), calciteVersion(), profile.name(),
                profileFingerprint, profile.features(), digest);
        return new PlanBundle(PlanBundle.SCHEMA_VERSION, parsedTree, optimizedTree, physicalTree, identity, trace,
                lineage, pushdown, manifest, joins);
    }

    private static String calciteVersion() {
        Package calcite = RelNode.class.getPackage();
        String version = calcite == null ? null : calcite.getImplementationVersion();
        return version == null ? "1.42.0" : version;
    }

    // ---- trees ----------------------------------------------------------------------------------------------

    private static PlanTree logicalTree(RelNode rel) {
        String text = PlanDigests.canonicalText(rel);
        return new PlanTree(text, logicalNode(rel), PlanDigests.sha256(text));
    }

    private static PlanNode logicalNode(RelNode rel) {
        List<String> expressions = new ArrayList<>();
        rel.explain(new RelWriterImpl(new PrintWriter(new StringWriter()), SqlExplainLevel.DIGEST_ATTRIBUTES, false) {
            @Override
            protected void explain_(RelNode node, List<Pair<String, Object>> values) {
                for (Pair<String, Object> value : values) {
                    if (!(value.right instanceof RelNode)) {
                        expressions.add(value.left + "=" + value.right);
                    }
                }
            }
        });
        List<PlanNode> children = rel.getInputs().stream().map(PlanBundles::logicalNode).toList();
        return new PlanNode(rel.getRelTypeName(), rel.getRowType().getFieldNames(), expressions, children);
    }

    private static PlanNode physicalNode(PhysicalNode node) {
        return new PlanNode(node.name(), node.schema().getFields().stream().map(f -> f.getName()).toList(), node.details(),
                node.children().stream().map(PlanBundles::physicalNode).toList());
    }

    /**
     * The {@link PlanBundle#planIdentity()} of the optimized plan {@code optimized}, without the rest of the bundle (its
     * optimizer trace plans the query again).
     */
    public static String identity(RelNode optimized, List<JoinChoice> joins, SessionView session,
                                  String profileFingerprint, ExtensionFunctions functions) {
        return identity(logicalTree(optimized).digest(), profileFingerprint, functions, scans(optimized), joins, session);
    }

    /** The tables {@code optimized} reads, sorted, as the bundle's lineage lists them. */
    public static List<String> referencedTables(RelNode optimized) {
        return tableNames(scans(optimized));
    }

    private static List<String> tableNames(List<ProviderScan> scans) {
        return List.copyOf(new TreeSet<>(scans.stream().map(ProviderScan::tableName).toList()));
    }

    // ---- scans, pushdown, identity --------------------------------------------------------------------------

    private static List<ProviderScan> scans(RelNode rel) {
        List<ProviderScan> scans = new ArrayList<>();
        new RelVisitor() {
            @Override
            public void visit(RelNode node, int ordinal, RelNode parent) {
                if (node instanceof ProviderScan scan) {
                    scans.add(scan);
                }
                super.visit(node, ordinal, parent);
            }
        }.go(rel);
        return scans;
    }

    private static ScanContract contract(ProviderScan scan) {
        List<FilterContract> filters = scan.filters().stream()
                .map(f -> new FilterContract(f.expression().toSql(), f.support(), FilterContract.placeOf(f.support()))).toList();
        return new ScanContract(scan.tableName(), scan.projectedColumnNames(), filters,
                scan.limit().isPresent() ? scan.limit().getAsLong() : null);
    }

    private static String identity(String optimizedDigest, String profileFingerprint, ExtensionFunctions functions,
                                   List<ProviderScan> scans, List<JoinChoice> joins, SessionView session) {
        Set<String> tables = new TreeSet<>();
        for (ProviderScan scan : scans) {
            tables.add(scan.tableName() + "|" + scan.provider().schema() + "|"
                    + scan.provider().versionIdentity(session).orElse("unversioned"));
        }
        List<String> payload = new ArrayList<>();
        payload.add(IDENTITY_PAYLOAD_VERSION);
        payload.add("plan=" + optimizedDigest);
        payload.add("profile=" + profileFingerprint);
        payload.add("registry=" + functions.registryHash());
        tables.forEach(t -> payload.add("table=" + t));
        // a hint changes the executed plan but not the optimized one: each join it decided is part of the identity
        // (absent without hints, so identities of unhinted plans stay as they were)
        for (JoinChoice join : joins) {
            if (join.decidedBy() == JoinChoice.Source.HINT) {
                payload.add("join-build=" + join.type() + "|" + join.leftTable() + "|" + join.rightTable() + "|" + join.build());
            }
        }
        return PlanDigests.sha256(String.join("\n", payload));
    }

    // ---- lineage ----------------------------------------------------------------------------------------------

    private static LineageReport lineage(RelNode parsed, List<String> columnNames, RelNode optimized, List<ProviderScan> scans,
                                         List<RuleApplication> trace) {
        Map<String, List<String>> required = new TreeMap<>();
        for (ProviderScan scan : scans) {
            Set<String> columns = new TreeSet<>(scan.projectedColumnNames());
            for (ProviderScan.PushedFilter filter : scan.filters()) {
                collectColumns(filter.expression(), columns);
            }
            required.merge(scan.tableName(), List.copyOf(columns), (a, b) -> {
                Set<String> union = new TreeSet<>(a);
                union.addAll(b);
                return List.copyOf(union);
            });
        }
        List<String> filters = new ArrayList<>();
        Set<String> functions = new TreeSet<>();
        Set<String> extensionFunctions = new TreeSet<>();
        new RelVisitor() {
            @Override
            public void visit(RelNode node, int ordinal, RelNode parent) {
                if (node instanceof Filter filter) {
                    filters.add(filter.getCondition().toString());
                }
                // extension aggregates and window functions are no RexCalls of the node: list them from their calls
                List<org.apache.calcite.sql.SqlOperator> calls = switch (node) {
                    case org.apache.calcite.rel.core.Aggregate aggregate -> aggregate.getAggCallList().stream()
                            .<org.apache.calcite.sql.SqlOperator>map(c -> c.getAggregation()).toList();
                    case org.apache.calcite.rel.core.Window window -> window.groups.stream().flatMap(g -> g.aggCalls.stream())
                            .map(c -> c.getOperator()).toList();
                    default -> List.of();
                };
                for (org.apache.calcite.sql.SqlOperator operator : calls) {
                    if (operator instanceof FunctionOperators.ExtensionAggregate || operator instanceof FunctionOperators.ExtensionWindow) {
                        String name = operator.getName().toLowerCase(java.util.Locale.ROOT);
                        functions.add(name);
                        extensionFunctions.add(name);
                    }
                }
                node.accept(new RexShuttle() {
                    @Override
                    public RexNode visitCall(RexCall call) {
                        if (call.getOperator() instanceof SqlFunction function) {
                            String name = function.getName().toLowerCase(java.util.Locale.ROOT);
                            functions.add(name);
                            if (function instanceof FunctionOperators.ExtensionFunction) {
                                extensionFunctions.add(name);
                            }
                        }
                        return super.visitCall(call);
                    }
                });
                super.visit(node, ordinal, parent);
            }
        }.go(optimized);
        for (ProviderScan scan : scans) {
            scan.filters().forEach(f -> filters.add(scan.tableName() + ": " + f.expression().toSql()));
        }
        Set<String> tags = new TreeSet<>();
        for (RuleApplication rule : trace) {
            if (rule.rule().contains("Project")) {
                tags.add(rule.rule());
            }
        }
        Map<String, List<String>> sources = new TreeMap<>();
        RelMetadataQuery mq = parsed.getCluster().getMetadataQuery();
        for (int i = 0; i < columnNames.size(); i++) {
            Set<String> origins = new TreeSet<>();
            Set<RelColumnOrigin> found = null;
            try {
                found = mq.getColumnOrigins(parsed, i);
            } catch (RuntimeException e) {
                found = null; // lineage through operators Calcite cannot trace stays empty rather than failing planning
            }
            if (found != null) {
                for (RelColumnOrigin origin : found) {
                    List<String> qualified = origin.getOriginTable().getQualifiedName();
                    String column = origin.getOriginTable().getRowType().getFieldNames().get(origin.getOriginColumnOrdinal());
                    origins.add(String.join(".", qualified) + "." + column);
                }
            }
            sources.put(columnNames.get(i), List.copyOf(origins));
        }
        return new LineageReport(scans.stream().map(PlanBundles::contract).toList(), required, filters, tableNames(scans),
                List.copyOf(functions), List.copyOf(extensionFunctions), List.copyOf(tags), sources);
    }

    private static void collectColumns(Expression expression, Set<String> columns) {
        switch (expression) {
            case Expression.Column c -> columns.add(c.name());
            case Expression.Literal l -> { }
            case Expression.Comparison c -> {
                collectColumns(c.left(), columns);
                collectColumns(c.right(), columns);
            }
            case Expression.And a -> a.terms().forEach(t -> collectColumns(t, columns));
            case Expression.Or o -> o.terms().forEach(t -> collectColumns(t, columns));
            case Expression.Not n -> collectColumns(n.term(), columns);
            case Expression.IsNull n -> collectColumns(n.term(), columns);
            case Expression.IsNotNull n -> collectColumns(n.term(), columns);
            case Expression.InList in -> collectColumns(in.term(), columns);
            case Expression.Like l -> {
                collectColumns(l.term(), columns);
                collectColumns(l.pattern(), columns);
            }
            case Expression.Cast c -> collectColumns(c.term(), columns);
            case Expression.Call c -> c.arguments().forEach(a -> collectColumns(a, columns));
        }
    }
}
