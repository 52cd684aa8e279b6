package io.codeanatomy.engine.core.internal.plan;

import io.codeanatomy.engine.core.PlanningException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlNameMatchers;

/** Finds the Calcite operator for an operator symbol or a built-in function name (DataFrame and provider expressions). */
public final class SqlOperators {
    private SqlOperators() {}

    public static SqlOperator lookup(String name, int arity) {
        SqlOperator op = switch (name.toUpperCase(Locale.ROOT)) {
            case "=" -> SqlStdOperatorTable.EQUALS;
            case "<>", "!=" -> SqlStdOperatorTable.NOT_EQUALS;
            case "<" -> SqlStdOperatorTable.LESS_THAN;
            case "<=" -> SqlStdOperatorTable.LESS_THAN_OR_EQUAL;
            case ">" -> SqlStdOperatorTable.GREATER_THAN;
            case ">=" -> SqlStdOperatorTable.GREATER_THAN_OR_EQUAL;
            case "AND" -> SqlStdOperatorTable.AND;
            case "OR" -> SqlStdOperatorTable.OR;
            case "NOT" -> SqlStdOperatorTable.NOT;
            case "IS NULL" -> SqlStdOperatorTable.IS_NULL;
            case "IS NOT NULL" -> SqlStdOperatorTable.IS_NOT_NULL;
            case "+" -> SqlStdOperatorTable.PLUS;
            case "-" -> arity == 1 ? SqlStdOperatorTable.UNARY_MINUS : SqlStdOperatorTable.MINUS;
            case "*" -> SqlStdOperatorTable.MULTIPLY;
            case "/" -> SqlStdOperatorTable.DIVIDE;
            case "%", "MOD" -> SqlStdOperatorTable.MOD;
            case "NEGATE" -> SqlStdOperatorTable.UNARY_MINUS;
            case "LIKE" -> SqlStdOperatorTable.LIKE;
            default -> null;
        };
        if (op != null) {
            return op;
        }
        List<SqlOperator> found = new ArrayList<>();
        SqlStdOperatorTable.instance().lookupOperatorOverloads(
                new SqlIdentifier(name.toUpperCase(Locale.ROOT), SqlParserPos.ZERO), SqlFunctionCategory.USER_DEFINED_FUNCTION,
                SqlSyntax.FUNCTION, found, SqlNameMatchers.withCaseSensitive(false));
        found.removeIf(o -> o.getKind() == SqlKind.OTHER && o.getSyntax() != SqlSyntax.FUNCTION);
        if (found.isEmpty()) {
            throw new PlanningException("Unknown function '" + name + "'");
        }
        return found.getFirst();
    }
}
