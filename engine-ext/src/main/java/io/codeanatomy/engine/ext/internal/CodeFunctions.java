package io.codeanatomy.engine.ext.internal;

import io.codeanatomy.engine.core.spi.function.FunctionDoc;
import io.codeanatomy.engine.core.spi.function.FunctionSignature;
import io.codeanatomy.engine.core.spi.function.ScalarFunctionDef;
import io.codeanatomy.engine.core.spi.function.VectorFunction;
import io.codeanatomy.engine.core.spi.function.Volatility;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/** The scalar functions for code analysis, each vectorized over whole Arrow vectors. */
public final class CodeFunctions {
    private static final ArrowType BIGINT = new ArrowType.Int(64, true);
    private static final ArrowType INT = new ArrowType.Int(32, true);
    private static final ArrowType TEXT = ArrowType.Utf8.INSTANCE;
    private static final ArrowType BINARY = ArrowType.Binary.INSTANCE;
    static final String SPAN_STRUCT = "STRUCT<start_line BIGINT, start_col BIGINT, end_line BIGINT, end_col BIGINT>";

    private CodeFunctions() {}

    /** Every function, in the order they are registered. */
    public static List<ScalarFunctionDef> all(String provider, String version) {
        List<ScalarFunctionDef> defs = new ArrayList<>();
        defs.add(def("canonicalize_byte_span", List.of(),
                List.of(FunctionSignature.of(TEXT, BIGINT, BIGINT), FunctionSignature.of(TEXT, BIGINT, BIGINT, TEXT),
                        FunctionSignature.of(TEXT, BIGINT, BIGINT, TEXT, INT), FunctionSignature.of(BINARY, BIGINT, BIGINT),
                        FunctionSignature.of(BINARY, BIGINT, BIGINT, TEXT), FunctionSignature.of(BINARY, BIGINT, BIGINT, TEXT, INT)),
                SPAN_STRUCT,
                new FunctionDoc("Maps the byte span [bstart, bend) of a UTF-8 text (or of its line_index value) to "
                        + "start and end line and column. Lines end at LF, CRLF or a lone CR. Columns count the unit "
                        + "'byte' (default), 'utf16' or 'codepoint'; a tab is one character and a BOM is an ordinary "
                        + "character; an offset inside a multi-byte character counts as that character's start. Lines "
                        + "and columns are 0-based unless base is 1. NULL when an argument is NULL or the span is out "
                        + "of range (bstart < 0, bend < bstart or bend past the text).",
                        "canonicalize_byte_span(text_or_line_index, bstart, bend [, unit [, base]])",
                        "canonicalize_byte_span('héllo', 1, 3, 'codepoint') = {start_line=0, start_col=1, end_line=0, end_col=2}"),
                provider, version, CodeFunctions::canonicalize));
        defs.add(def("line_index", List.of(), List.of(FunctionSignature.of(TEXT)), "VARBINARY",
                new FunctionDoc("The line-start index of a UTF-8 text as a binary value that canonicalize_byte_span accepts "
                        + "in place of the text, so many spans of one file cost one scan of it. Format: 'LIX1', int64 text "
                        + "length, int32 line count, int32 multi-byte character count, the line starts (int64), then per "
                        + "multi-byte character its start and the cumulative UTF-16 and code point excess (int64 each); "
                        + "all little-endian.",
                        "line_index(text)", "canonicalize_byte_span(line_index('héllo'), 1, 3, 'utf16') = {start_line=0, start_col=1, end_line=0, end_col=2}"),
                provider, version, CodeFunctions::lineIndex));
        defs.add(def("span_contains", List.of(), List.of(FunctionSignature.of(BIGINT, BIGINT, BIGINT, BIGINT)), "BOOLEAN",
                new FunctionDoc("Whether span a = [a_start, a_end) contains span b: a_start <= b_start and b_end <= a_end. "
                        + "NULL when an argument is NULL.",
                        "span_contains(a_start, a_end, b_start, b_end)", "span_contains(0, 10, 2, 10) = true"),
                provider, version, (args, rows, result, allocator) -> spanPredicate(args, rows, result, allocator, true)));
        defs.add(def("span_overlaps", List.of(), List.of(FunctionSignature.of(BIGINT, BIGINT, BIGINT, BIGINT)), "BOOLEAN",
                new FunctionDoc("Whether half-open spans a and b share at least one byte: max(a_start, b_start) < "
                        + "min(a_end, b_end); spans that only touch, and empty spans, do not overlap. NULL when an argument "
                        + "is NULL.",
                        "span_overlaps(a_start, a_end, b_start, b_end)", "span_overlaps(0, 5, 5, 8) = false"),
                provider, version, (args, rows, result, allocator) -> spanPredicate(args, rows, result, allocator, false)));
        defs.add(def("span_len", List.of(), List.of(FunctionSignature.of(BIGINT, BIGINT)), "BIGINT",
                new FunctionDoc("The length bend - bstart of a byte span. NULL when an argument is NULL.",
                        "span_len(bstart, bend)", "span_len(3, 10) = 7"),
                provider, version, CodeFunctions::spanLen));
        defs.add(def("stable_id", List.of(), List.of(FunctionSignature.variadic(TEXT, TEXT)), "BIGINT",
                new FunctionDoc("A stable 64-bit id of its parts: xxHash64 (seed 0) of the concatenation, over the parts in "
                        + "order, of an 8-byte little-endian length followed by the part's UTF-8 bytes; a NULL part has "
                        + "length -1 and no bytes, so NULL, '' and different splits ('ab','c') vs ('a','bc') all differ. "
                        + "Never NULL; the same in every JVM.",
                        "stable_id(part [, part ...])", "stable_id('a') = -4821498216605228605"),
                provider, version, CodeFunctions::stableId));
        defs.add(def("normalize_path", List.of(), List.of(FunctionSignature.of(TEXT)), "VARCHAR",
                new FunctionDoc("Lexically normalizes a path: backslashes become '/', repeated slashes and '.' segments "
                        + "are removed, '..' removes the segment before it (kept at the start of a relative path, dropped "
                        + "at the root of an absolute one), no trailing slash, '.' when nothing is left. Reads no file "
                        + "system. NULL in, NULL out.",
                        "normalize_path(path)", "normalize_path('./src\\a/../b.py') = 'src/b.py'"),
                provider, version, CodeFunctions::normalizePath));
        defs.add(def("qualname_join", List.of(), List.of(FunctionSignature.variadic(TEXT, TEXT)), "VARCHAR",
                new FunctionDoc("Joins the parts that are neither NULL nor empty with '.'; '' when none is left.",
                        "qualname_join(part [, part ...])", "qualname_join('pkg', NULL, '', 'Cls', 'm') = 'pkg.Cls.m'"),
                provider, version, CodeFunctions::qualnameJoin));
        defs.add(def("resolve_relative_module", List.of(), List.of(FunctionSignature.of(TEXT, ArrowType.Bool.INSTANCE, BIGINT, TEXT)),
                "VARCHAR",
                new FunctionDoc("The absolute module a Python relative import names: from the importing module (and whether "
                        + "it is a package's __init__), the number of leading dots and the module written after them. "
                        + "One dot is the importing module's package; each further dot goes one package up. NULL when the "
                        + "dots climb above the top-level package or an argument is NULL.",
                        "resolve_relative_module(importing_module, is_package, level, module)",
                        "resolve_relative_module('pkg.sub.mod', false, 2, 'util') = 'pkg.util'"),
                provider, version, CodeFunctions::resolveRelativeModule));
        return defs;
    }

    private static FieldVector resolveRelativeModule(List<FieldVector> args, int rows, Field result, BufferAllocator allocator) {
        VarCharVector importing = (VarCharVector) args.get(0);
        org.apache.arrow.vector.BitVector isPackage = (org.apache.arrow.vector.BitVector) args.get(1);
        org.apache.arrow.vector.BigIntVector level = (org.apache.arrow.vector.BigIntVector) args.get(2);
        VarCharVector module = (VarCharVector) args.get(3);
        VarCharVector out = (VarCharVector) result.createVector(allocator);
        try {
            out.allocateNew(rows);
            for (int i = 0; i < rows; i++) {
                String resolved = importing.isNull(i) || isPackage.isNull(i) || level.isNull(i) || module.isNull(i) ? null
                        : TextFunctions.resolveRelativeModule(new String(importing.get(i), StandardCharsets.UTF_8),
                                isPackage.get(i) != 0, level.get(i), new String(module.get(i), StandardCharsets.UTF_8));
                if (resolved == null) {
                    out.setNull(i);
                } else {
                    out.setSafe(i, resolved.getBytes(StandardCharsets.UTF_8));
                }
            }
            out.setValueCount(rows);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    private static ScalarFunctionDef def(String name, List<String> aliases, List<FunctionSignature> signatures, String type,
                                         FunctionDoc doc, String provider, String version, VectorFunction body) {
        return new ScalarFunctionDef(name, aliases, signatures, type, Volatility.IMMUTABLE, doc, provider, version, body);
    }

    // ---- canonicalize_byte_span / line_index ----

    private static FieldVector canonicalize(List<FieldVector> args, int rows, Field result, BufferAllocator allocator) {
        FieldVector source = args.get(0);
        BigIntVector starts = (BigIntVector) args.get(1);
        BigIntVector ends = (BigIntVector) args.get(2);
        VarCharVector units = args.size() > 3 ? (VarCharVector) args.get(3) : null;
        IntVector bases = args.size() > 4 ? (IntVector) args.get(4) : null;
        StructVector out = (StructVector) result.createVector(allocator);
        try {
            out.allocateNew();
            BigIntVector startLine = (BigIntVector) out.getChild("start_line");
            BigIntVector startCol = (BigIntVector) out.getChild("start_col");
            BigIntVector endLine = (BigIntVector) out.getChild("end_line");
            BigIntVector endCol = (BigIntVector) out.getChild("end_col");
            TextTables texts = new TextTables();
            UnitCache unitCache = new UnitCache();
            for (int i = 0; i < rows; i++) {
                if (source.isNull(i) || starts.isNull(i) || ends.isNull(i) || (units != null && units.isNull(i))
                        || (bases != null && bases.isNull(i))) {
                    out.setNull(i);
                    continue;
                }
                ColumnUnit unit = units == null ? ColumnUnit.BYTE : unitCache.unit(units, i);
                int base = bases == null ? 0 : bases.get(i);
                if (base != 0 && base != 1) {
                    throw new IllegalArgumentException("canonicalize_byte_span base must be 0 or 1, was " + base);
                }
                LineTable table = switch (source) {
                    case VarCharVector text -> texts.table(text, i);
                    case VarBinaryVector index -> new LineTable.Encoded(index.getDataBuffer(), index.getStartOffset(i),
                            index.getEndOffset(i));
                    default -> throw new IllegalArgumentException("canonicalize_byte_span takes a text or a line_index value, "
                            + "not " + source.getField().getType());
                };
                long bstart = starts.get(i);
                long bend = ends.get(i);
                if (bstart < 0 || bend < bstart || bend > table.textLength()) {
                    out.setNull(i);
                    continue;
                }
                int sl = table.lineOf(bstart);
                int el = table.lineOf(bend);
                out.setIndexDefined(i);
                startLine.setSafe(i, sl + base);
                startCol.setSafe(i, table.columnOf(bstart, sl, unit) + base);
                endLine.setSafe(i, el + base);
                endCol.setSafe(i, table.columnOf(bend, el, unit) + base);
            }
            for (FieldVector child : List.of(startLine, startCol, endLine, endCol)) {
                child.setValueCount(rows);
            }
            out.setValueCount(rows);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** Builds the line table of a row's text, reusing the previous row's when the text is the same file again. */
    private static final class TextTables {
        private byte[] previous = new byte[0];
        private int previousLength = -1;
        private byte[] current = new byte[256];
        private LineTable.InMemory table;

        LineTable table(VarCharVector text, int row) {
            int start = text.getStartOffset(row);
            int length = text.getEndOffset(row) - start;
            if (current.length < length) {
                current = new byte[Math.max(length, current.length * 2)];
            }
            text.getDataBuffer().getBytes(start, current, 0, length);
            if (length == previousLength && Arrays.equals(current, 0, length, previous, 0, length)) {
                return table;
            }
            table = LineTable.scan(current, 0, length);
            byte[] swap = previous;
            previous = current;
            current = swap;
            previousLength = length;
            return table;
        }
    }

    private static final class UnitCache {
        private String text;
        private ColumnUnit unit;

        ColumnUnit unit(VarCharVector units, int row) {
            String s = new String(units.get(row), StandardCharsets.UTF_8);
            if (!s.equals(text)) {
                unit = ColumnUnit.parse(s);
                text = s;
            }
            return unit;
        }
    }

    private static FieldVector lineIndex(List<FieldVector> args, int rows, Field result, BufferAllocator allocator) {
        VarCharVector text = (VarCharVector) args.get(0);
        VarBinaryVector out = (VarBinaryVector) result.createVector(allocator);
        try {
            out.allocateNew(rows);
            byte[] scratch = new byte[256];
            for (int i = 0; i < rows; i++) {
                if (text.isNull(i)) {
                    out.setNull(i);
                    continue;
                }
                int start = text.getStartOffset(i);
                int length = text.getEndOffset(i) - start;
                if (scratch.length < length) {
                    scratch = new byte[Math.max(length, scratch.length * 2)];
                }
                text.getDataBuffer().getBytes(start, scratch, 0, length);
                out.setSafe(i, LineTable.scan(scratch, 0, length).encode());
            }
            out.setValueCount(rows);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    // ---- span predicates ----

    private static FieldVector spanPredicate(List<FieldVector> args, int rows, Field result, BufferAllocator allocator,
                                             boolean contains) {
        BigIntVector as = (BigIntVector) args.get(0);
        BigIntVector ae = (BigIntVector) args.get(1);
        BigIntVector bs = (BigIntVector) args.get(2);
        BigIntVector be = (BigIntVector) args.get(3);
        BitVector out = (BitVector) result.createVector(allocator);
        out.allocateNew(rows);
        for (int i = 0; i < rows; i++) {
            if (as.isNull(i) || ae.isNull(i) || bs.isNull(i) || be.isNull(i)) {
                out.setNull(i);
                continue;
            }
            boolean value = contains ? SpanMath.contains(as.get(i), ae.get(i), bs.get(i), be.get(i))
                    : SpanMath.overlaps(as.get(i), ae.get(i), bs.get(i), be.get(i));
            out.set(i, value ? 1 : 0);
        }
        out.setValueCount(rows);
        return out;
    }

    private static FieldVector spanLen(List<FieldVector> args, int rows, Field result, BufferAllocator allocator) {
        BigIntVector s = (BigIntVector) args.get(0);
        BigIntVector e = (BigIntVector) args.get(1);
        BigIntVector out = (BigIntVector) result.createVector(allocator);
        out.allocateNew(rows);
        for (int i = 0; i < rows; i++) {
            if (s.isNull(i) || e.isNull(i)) {
                out.setNull(i);
            } else {
                out.set(i, e.get(i) - s.get(i));
            }
        }
        out.setValueCount(rows);
        return out;
    }

    // ---- text functions ----

    private static FieldVector stableId(List<FieldVector> args, int rows, Field result, BufferAllocator allocator) {
        List<VarCharVector> parts = args.stream().map(VarCharVector.class::cast).toList();
        BigIntVector out = (BigIntVector) result.createVector(allocator);
        out.allocateNew(rows);
        byte[] scratch = new byte[256];
        byte[] part = new byte[64];
        for (int i = 0; i < rows; i++) {
            int size = 0;
            for (VarCharVector p : parts) {
                size += 8 + (p.isNull(i) ? 0 : p.getEndOffset(i) - p.getStartOffset(i));
            }
            if (scratch.length < size) {
                scratch = new byte[Math.max(size, scratch.length * 2)];
            }
            int at = 0;
            for (VarCharVector p : parts) {
                if (p.isNull(i)) {
                    at = TextFunctions.encodePart(null, 0, scratch, at);
                    continue;
                }
                int start = p.getStartOffset(i);
                int length = p.getEndOffset(i) - start;
                if (part.length < length) {
                    part = new byte[Math.max(length, part.length * 2)];
                }
                p.getDataBuffer().getBytes(start, part, 0, length);
                at = TextFunctions.encodePart(part, length, scratch, at);
            }
            out.set(i, XxHash64.hash(scratch, 0, size, 0));
        }
        out.setValueCount(rows);
        return out;
    }

    private static FieldVector normalizePath(List<FieldVector> args, int rows, Field result, BufferAllocator allocator) {
        VarCharVector in = (VarCharVector) args.get(0);
        VarCharVector out = (VarCharVector) result.createVector(allocator);
        try {
            out.allocateNew(rows);
            for (int i = 0; i < rows; i++) {
                if (in.isNull(i)) {
                    out.setNull(i);
                } else {
                    String path = new String(in.get(i), StandardCharsets.UTF_8);
                    out.setSafe(i, TextFunctions.normalizePath(path).getBytes(StandardCharsets.UTF_8));
                }
            }
            out.setValueCount(rows);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    private static FieldVector qualnameJoin(List<FieldVector> args, int rows, Field result, BufferAllocator allocator) {
        List<VarCharVector> parts = args.stream().map(VarCharVector.class::cast).toList();
        VarCharVector out = (VarCharVector) result.createVector(allocator);
        try {
            out.allocateNew(rows);
            List<String> row = new ArrayList<>(parts.size());
            for (int i = 0; i < rows; i++) {
                row.clear();
                for (VarCharVector p : parts) {
                    row.add(p.isNull(i) ? null : new String(p.get(i), StandardCharsets.UTF_8));
                }
                out.setSafe(i, TextFunctions.qualnameJoin(row).getBytes(StandardCharsets.UTF_8));
            }
            out.setValueCount(rows);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }
}
