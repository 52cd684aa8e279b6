package io.codeanatomy.engine.core.internal.sql;

import io.codeanatomy.engine.core.SqlException;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;

/** Turns Calcite's parse and validation errors into {@link SqlException}s with short messages and positions. */
public final class CalciteErrors {
    private CalciteErrors() {}

    static SqlException parseError(SqlParseException e) {
        SqlParserPos pos = e.getPos();
        String message = e.getMessage();
        int cut = message == null ? -1 : message.indexOf("\nWas expecting");
        if (cut < 0 && message != null) {
            cut = message.indexOf("Was expecting");
        }
        String shortMessage = (cut > 0 ? message.substring(0, cut) : String.valueOf(message)).strip();
        shortMessage = shortMessage.replace("\n", " ").replaceAll("\\s+", " ");
        if (pos != null && pos.getLineNum() > 0) {
            return new SqlException("Syntax error: " + shortMessage, pos.getLineNum(), pos.getColumnNum(), e);
        }
        return new SqlException("Syntax error: " + shortMessage, e);
    }

    /** A validation error; {@code suggestion} (may be null) is appended as a hint. */
    public static SqlException validationError(CalciteContextException e, String suggestion) {
        String message = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
        String full = "line " + e.getPosLine() + ", column " + e.getPosColumn() + ": " + message
                + (suggestion == null ? "" : ". " + suggestion);
        return new SqlException(full, e.getPosLine(), e.getPosColumn(), e);
    }
}
