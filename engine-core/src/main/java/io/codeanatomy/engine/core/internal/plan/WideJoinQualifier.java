package io.codeanatomy.engine.core.internal.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.validate.SqlNameMatchers;

/**
 * Qualifies the plain column names in the SELECT list and WHERE clause of a SELECT over a wide comma join of tables
 * ({@code FROM t1, t2, ..., t64 WHERE a1 = b2 ...}) with their table's alias, where exactly one table has the column.
 *
 * <p>Why: Calcite's validator looks an unqualified name up by resolving it against every table of the FROM list and,
 * for each, scanning the list again, so each name costs tables squared; that was half the planning time of
 * sqllogictest's 30-64 table joins. A qualified name resolves in one pass. Only what the validator would resolve the
 * same way is rewritten: names no table or several tables have, names of nullary functions (which the validator
 * prefers), and everything inside subqueries stay as they are; so does every query with a WITH clause.
 */
final class WideJoinQualifier extends SqlShuttle {
    /** Below this many tables the validator's lookup is cheap enough. */
    static final int MIN_TABLES = 8;

    private final Prepare.CatalogReader reader;

    private WideJoinQualifier(Prepare.CatalogReader reader) {
        this.reader = reader;
    }

    static SqlNode qualify(SqlNode node, Prepare.CatalogReader reader) {
        return node.accept(new WideJoinQualifier(reader));
    }

    @Override
    public SqlNode visit(SqlCall call) {
        if (call.getKind() == SqlKind.WITH) {
            return call;   // a CTE may shadow a catalog table of the same name, whose columns we would look up
        }
        SqlNode visited = super.visit(call);   // subqueries first: each qualifies its own names
        if (visited instanceof SqlSelect select) {
            Map<String, String> owners = columnOwners(select.getFrom());
            if (owners != null) {
                Qualify qualify = new Qualify(owners);
                SqlSelect copy = (SqlSelect) select.clone(select.getParserPosition());   // statements are reused
                copy.setSelectList((SqlNodeList) select.getSelectList().accept(qualify));
                if (select.getWhere() != null) {
                    copy.setWhere(select.getWhere().accept(qualify));
                }
                return copy;
            }
        }
        return visited;
    }

    /** Upper-cased column name to the alias of the only table that has it (null when several do); null when not wide. */
    private Map<String, String> columnOwners(SqlNode from) {
        List<SqlNode> tables = new ArrayList<>();
        if (!flatten(from, tables) || tables.size() < MIN_TABLES) {
            return null;
        }
        Map<String, String> owners = new HashMap<>();
        for (SqlNode table : tables) {
            SqlIdentifier name = (SqlIdentifier) (table instanceof SqlCall as ? as.operand(0) : table);
            String alias = table instanceof SqlCall as ? ((SqlIdentifier) as.operand(1)).getSimple() : name.names.getLast();
            Prepare.PreparingTable resolved = reader.getTable(name.names);
            if (resolved == null) {
                return null;   // a view, a CTE or a typo: leave it all to the validator
            }
            for (RelDataTypeField field : resolved.getRowType().getFieldList()) {
                owners.merge(field.getName().toUpperCase(Locale.ROOT), alias, (a, b) -> null);
            }
        }
        return owners;
    }

    /** The tables of a tree of comma or cross joins, each a plain name or {@code name AS alias}; false otherwise. */
    private static boolean flatten(SqlNode from, List<SqlNode> out) {
        switch (from) {
            case SqlJoin join when (join.getJoinType() == JoinType.COMMA || join.getJoinType() == JoinType.CROSS)
                    && !join.isNatural() -> {
                return flatten(join.getLeft(), out) && flatten(join.getRight(), out);
            }
            case SqlIdentifier id -> {
                out.add(id);
                return true;
            }
            case SqlBasicCall as when as.getKind() == SqlKind.AS && as.operandCount() == 2
                    && as.operand(0) instanceof SqlIdentifier && as.operand(1) instanceof SqlIdentifier -> {
                out.add(as);
                return true;
            }
            case null, default -> {
                return false;
            }
        }
    }

    /** Rewrites plain names of one SELECT's own expressions; never enters a subquery or an alias. */
    private static final class Qualify extends SqlShuttle {
        private final Map<String, String> owners;

        Qualify(Map<String, String> owners) {
            this.owners = owners;
        }

        @Override
        public SqlNode visit(SqlIdentifier id) {
            if (!id.isSimple() || id.isStar()) {
                return id;
            }
            String owner = owners.get(id.getSimple().toUpperCase(Locale.ROOT));
            if (owner == null || isNullaryFunction(id)) {
                return id;
            }
            return new SqlIdentifier(List.of(owner, id.getSimple()), id.getParserPosition());
        }

        @Override
        public SqlNode visit(SqlCall call) {
            if (call instanceof SqlSelect) {
                return call;
            }
            if (call.getKind() == SqlKind.AS) {
                SqlCall copy = (SqlCall) call.clone(call.getParserPosition());
                copy.setOperand(0, call.operand(0).accept(this));
                return copy;
            }
            return super.visit(call);
        }

        private static boolean isNullaryFunction(SqlIdentifier id) {
            List<SqlOperator> found = new ArrayList<>();
            SqlStdOperatorTable.instance().lookupOperatorOverloads(id, null, SqlSyntax.FUNCTION_ID, found,
                    SqlNameMatchers.withCaseSensitive(false));
            return !found.isEmpty();
        }
    }
}
