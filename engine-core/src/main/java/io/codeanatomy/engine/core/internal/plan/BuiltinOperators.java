package io.codeanatomy.engine.core.internal.plan;

import java.util.List;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.util.SqlOperatorTables;

/**
 * Functions users expect from PostgreSQL and DuckDB beyond Calcite's standard and PostgreSQL operator tables: a few
 * of Calcite's operators of other dialects (whose semantics match) and our own declarations of the rest. The kernels
 * are in the engine's expression package ({@code ScalarFunctions}).
 */
final class BuiltinOperators {
    private BuiltinOperators() {}

    /** DuckDB's {@code date_trunc('month', x)}: PostgreSQL argument order (Calcite only has BigQuery's). */
    private static final SqlFunction DATE_TRUNC = function("DATE_TRUNC",
            ReturnTypes.explicit(SqlTypeName.TIMESTAMP).andThen(SqlTypeTransforms.TO_NULLABLE),
            OperandTypes.family(SqlTypeFamily.CHARACTER, SqlTypeFamily.DATETIME), SqlFunctionCategory.TIMEDATE);

    /**
     * DuckDB's {@code datediff('day', start, end)}: unit boundaries crossed. (Its other spelling, {@code date_diff},
     * cannot be declared: Calcite's parser reads it as BigQuery's DATE_DIFF with a time unit keyword.)
     */
    private static SqlFunction dateDiff(String name) {
        return function(name, ReturnTypes.BIGINT_NULLABLE,
                OperandTypes.family(SqlTypeFamily.CHARACTER, SqlTypeFamily.DATETIME, SqlTypeFamily.DATETIME),
                SqlFunctionCategory.TIMEDATE);
    }

    private static final SqlFunction MAKE_DATE = function("MAKE_DATE",
            ReturnTypes.explicit(SqlTypeName.DATE).andThen(SqlTypeTransforms.TO_NULLABLE),
            OperandTypes.family(SqlTypeFamily.INTEGER, SqlTypeFamily.INTEGER, SqlTypeFamily.INTEGER),
            SqlFunctionCategory.TIMEDATE);

    /** PostgreSQL's {@code btrim(s [, characters])}. */
    private static final SqlFunction BTRIM = function("BTRIM", ReturnTypes.ARG0_NULLABLE_VARYING,
            OperandTypes.or(OperandTypes.STRING, OperandTypes.STRING_STRING), SqlFunctionCategory.STRING);

    /** {@code ltrim/rtrim(s [, characters])}: Calcite's PostgreSQL LTRIM and RTRIM take no character set. */
    private static final SqlFunction LTRIM = function("LTRIM", ReturnTypes.ARG0_NULLABLE_VARYING,
            OperandTypes.STRING_STRING, SqlFunctionCategory.STRING);
    private static final SqlFunction RTRIM = function("RTRIM", ReturnTypes.ARG0_NULLABLE_VARYING,
            OperandTypes.STRING_STRING, SqlFunctionCategory.STRING);

    /** DuckDB's {@code regexp_matches(s, pattern [, flags])}: whether part of s matches (a boolean). */
    private static final SqlFunction REGEXP_MATCHES = function("REGEXP_MATCHES", ReturnTypes.BOOLEAN_NULLABLE,
            OperandTypes.or(OperandTypes.STRING_STRING, OperandTypes.STRING_STRING_STRING), SqlFunctionCategory.STRING);

    /** {@code trunc(x [, digits])}, PostgreSQL's and DuckDB's name of TRUNCATE. */
    private static final SqlFunction TRUNC = function("TRUNC", ReturnTypes.ARG0_NULLABLE,
            OperandTypes.or(OperandTypes.NUMERIC, OperandTypes.NUMERIC_INTEGER), SqlFunctionCategory.NUMERIC);

    static final SqlOperatorTable TABLE = SqlOperatorTables.of(List.of(
            DATE_TRUNC, dateDiff("DATEDIFF"), MAKE_DATE, BTRIM, LTRIM, RTRIM, REGEXP_MATCHES, TRUNC,
            SqlLibraryOperators.ENDS_WITH, SqlLibraryOperators.REVERSE, SqlLibraryOperators.IFNULL,
            SqlLibraryOperators.NVL, SqlLibraryOperators.IF, SqlLibraryOperators.POW));

    private static SqlFunction function(String name, org.apache.calcite.sql.type.SqlReturnTypeInference returns,
                                        org.apache.calcite.sql.type.SqlOperandTypeChecker operands,
                                        SqlFunctionCategory category) {
        return new SqlFunction(name, SqlKind.OTHER_FUNCTION, returns, null, operands, category);
    }
}
