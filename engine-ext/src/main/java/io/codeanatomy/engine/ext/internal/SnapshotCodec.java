package io.codeanatomy.engine.ext.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.codeanatomy.engine.core.spi.TableFunction;
import io.codeanatomy.engine.core.spi.function.FunctionSignature;
import io.codeanatomy.engine.core.spi.function.ScalarFunctionDef;
import io.codeanatomy.engine.core.spi.function.Volatility;
import io.codeanatomy.engine.ext.DocumentedTableFunction;
import io.codeanatomy.engine.ext.FunctionEntry;
import io.codeanatomy.engine.ext.FunctionKind;
import io.codeanatomy.engine.ext.FunctionRegistrySnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Builds snapshot entries and encodes a snapshot. Both encodings are written from one ordered tree (maps keep
 * insertion order), so msgpack and JSON cannot disagree on content or order.
 */
public final class SnapshotCodec {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SnapshotCodec() {}

    public static FunctionEntry entry(ScalarFunctionDef f) {
        List<FunctionEntry.Signature> signatures = f.signatures().stream().map(SnapshotCodec::signature).toList();
        return new FunctionEntry(f.name(), FunctionKind.SCALAR, f.aliases(), signatures, List.of(), f.returnType(),
                f.volatility(), f.doc().description(), f.doc().syntax(), f.doc().example(), f.provider(), f.providerVersion());
    }

    /** An aggregate function's entry. */
    public static FunctionEntry entry(io.codeanatomy.engine.core.spi.function.AggregateFunctionDef f) {
        List<FunctionEntry.Signature> signatures = f.signatures().stream().map(SnapshotCodec::signature).toList();
        return new FunctionEntry(f.name(), FunctionKind.AGGREGATE, f.aliases(), signatures, List.of(), f.returnType(),
                f.volatility(), f.doc().description(), f.doc().syntax(), f.doc().example(), f.provider(), f.providerVersion());
    }

    /** A window function's entry. */
    public static FunctionEntry entry(io.codeanatomy.engine.core.spi.function.WindowFunctionDef f) {
        List<FunctionEntry.Signature> signatures = f.signatures().stream().map(SnapshotCodec::signature).toList();
        return new FunctionEntry(f.name(), FunctionKind.WINDOW, f.aliases(), signatures, List.of(), f.returnType(),
                f.volatility(), f.doc().description(), f.doc().syntax(), f.doc().example(), f.provider(), f.providerVersion());
    }

    /** A table function's entry: one signature per accepted argument count (trailing parameters may be omitted). */
    public static FunctionEntry entry(TableFunction f, String provider, String version) {
        List<TableFunction.Parameter> params = f.parameters();
        List<FunctionEntry.Signature> signatures = new ArrayList<>();
        int required = params.size();
        while (required > 0 && params.get(required - 1).optional()) {
            required--;
        }
        for (int n = required; n <= params.size(); n++) {
            signatures.add(new FunctionEntry.Signature(params.subList(0, n).stream().map(p -> javaTypeName(p.type())).toList(), false));
        }
        List<String> names = params.stream().map(TableFunction.Parameter::name).toList();
        if (f instanceof DocumentedTableFunction d) {
            return new FunctionEntry(f.name(), FunctionKind.TABLE, List.of(), signatures, names, d.returnType(), d.volatility(),
                    d.doc().description(), d.doc().syntax(), d.doc().example(), provider, version);
        }
        return new FunctionEntry(f.name(), FunctionKind.TABLE, List.of(), signatures, names, "TABLE", Volatility.VOLATILE,
                "", "", "", provider, version);
    }

    private static FunctionEntry.Signature signature(FunctionSignature s) {
        return new FunctionEntry.Signature(s.arguments().stream().map(SnapshotCodec::sqlName).toList(), s.variadic());
    }

    /** The SQL name of an argument type, as users write it in casts. */
    static String sqlName(ArrowType type) {
        return switch (type) {
            case ArrowType.Int i when i.getBitWidth() == 64 -> "BIGINT";
            case ArrowType.Int i when i.getBitWidth() == 32 -> "INTEGER";
            case ArrowType.Int i when i.getBitWidth() == 16 -> "SMALLINT";
            case ArrowType.Int i -> "TINYINT";
            case ArrowType.FloatingPoint f when f.getPrecision() == FloatingPointPrecision.SINGLE -> "REAL";
            case ArrowType.FloatingPoint f -> "DOUBLE";
            case ArrowType.Utf8 u -> "VARCHAR";
            case ArrowType.Binary b -> "VARBINARY";
            case ArrowType.Bool b -> "BOOLEAN";
            case ArrowType.Date d -> "DATE";
            case ArrowType.Decimal d -> "DECIMAL(" + d.getPrecision() + ", " + d.getScale() + ")";
            default -> type.toString().toUpperCase(java.util.Locale.ROOT);
        };
    }

    private static String javaTypeName(Class<?> type) {
        if (type == String.class) {
            return "VARCHAR";
        } else if (type == Long.class) {
            return "BIGINT";
        } else if (type == Double.class) {
            return "DOUBLE";
        } else if (type == Boolean.class) {
            return "BOOLEAN";
        }
        return type.getSimpleName().toUpperCase(java.util.Locale.ROOT);
    }

    static Map<String, Object> tree(FunctionRegistrySnapshot snapshot) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FunctionRegistrySnapshot.FORMAT);
        List<Object> functions = new ArrayList<>();
        for (FunctionEntry f : snapshot.functions()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", f.name());
            m.put("kind", f.kind().name());
            m.put("aliases", f.aliases());
            List<Object> signatures = new ArrayList<>();
            for (FunctionEntry.Signature s : f.signatures()) {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("arguments", s.argumentTypes());
                sm.put("variadic", s.variadic());
                signatures.add(sm);
            }
            m.put("signatures", signatures);
            m.put("parameter_names", f.parameterNames());
            m.put("return_type", f.returnType());
            m.put("volatility", f.volatility().name());
            m.put("description", f.description());
            m.put("syntax", f.syntax());
            m.put("example", f.example());
            m.put("provider", f.provider());
            m.put("provider_version", f.providerVersion());
            functions.add(m);
        }
        root.put("functions", functions);
        return root;
    }

    public static byte[] msgpack(FunctionRegistrySnapshot snapshot) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            pack(packer, tree(snapshot));
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Encoding the function registry as msgpack failed", e);
        }
    }

    private static void pack(MessageBufferPacker packer, Object value) throws IOException {
        switch (value) {
            case Map<?, ?> map -> {
                packer.packMapHeader(map.size());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    packer.packString((String) e.getKey());
                    pack(packer, e.getValue());
                }
            }
            case List<?> list -> {
                packer.packArrayHeader(list.size());
                for (Object item : list) {
                    pack(packer, item);
                }
            }
            case String s -> packer.packString(s);
            case Boolean b -> packer.packBoolean(b);
            default -> throw new IllegalStateException("unexpected value in the snapshot tree: " + value.getClass());
        }
    }

    public static String json(FunctionRegistrySnapshot snapshot) {
        try {
            return JSON.writeValueAsString(tree(snapshot)).replace("\r\n", "\n") + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Encoding the function registry as JSON failed", e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
