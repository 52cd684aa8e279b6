package io.codeanatomy.extract.internal.scip;

import com.google.protobuf.InvalidProtocolBufferException;
import io.codeanatomy.extract.internal.Deadline;
import io.codeanatomy.extract.internal.FileExtractor;
import io.codeanatomy.extract.internal.FileInspector;
import io.codeanatomy.extract.internal.FileRows;
import io.codeanatomy.extract.internal.SourceFile;
import io.codeanatomy.extract.internal.TableSpec;
import io.codeanatomy.extract.internal.Tables;
import io.codeanatomy.extract.internal.scip.proto.Scip;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Reads a SCIP index ({@code index.scip}, the protobuf {@code scip.Index}) into symbols and occurrences. A file that
 * does not parse yields one {@code InvalidScipIndex} error row and nothing else; an occurrence with a malformed range becomes its
 * own error row and the rest of the index is still extracted.
 */
public final class ScipExtractor implements FileExtractor {
    private static final String INDEX_NAME = "index.scip";

    @Override
    public String name() {
        return "scip";
    }

    @Override
    public List<TableSpec> tables() {
        return List.of(Tables.SCIP_SYMBOLS, Tables.SCIP_OCCURRENCES);
    }

    @Override
    public boolean accepts(SourceFile file) {
        String path = file.path();
        return path.equals(INDEX_NAME) || path.endsWith("/" + INDEX_NAME);
    }

    @Override
    public void extract(SourceFile file, FileRows out, Deadline deadline) throws Exception {
        Scip.Index index;
        try {
            index = Scip.Index.parseFrom(file.bytes());
        } catch (InvalidProtocolBufferException e) {
            // One error class for every way protobuf rejects the bytes (its subclasses name wire-level details).
            out.add(Tables.ERRORS, file.path(), name(), "InvalidScipIndex", "not a SCIP index: " + e.getMessage());
            return;
        }
        long fileId = file.fileId();
        // SCIP paths are relative to the project root; indexers write index.scip there, so its directory is the root.
        String rootDir = file.path().substring(0, file.path().length() - INDEX_NAME.length());
        for (Scip.Document doc : index.getDocumentsList()) {
            deadline.check();
            String relativePath = doc.getRelativePath();
            long docFileId = FileInspector.fileId(normalize(rootDir + relativePath));
            for (Scip.SymbolInformation symbol : doc.getSymbolsList()) {
                out.add(Tables.SCIP_SYMBOLS, symbolRow(fileId, relativePath, symbol, false));
            }
            for (Scip.Occurrence occ : doc.getOccurrencesList()) {
                int[] range = range(occ.getRangeList());
                int[] enclosing = occ.getEnclosingRangeCount() == 0 ? null : range(occ.getEnclosingRangeList());
                if (range == null || (occ.getEnclosingRangeCount() > 0 && enclosing == null)) {
                    out.add(Tables.ERRORS, file.path() + "#" + relativePath, name(), "MalformedRange",
                            "range " + occ.getRangeList() + " / enclosing " + occ.getEnclosingRangeList()
                                    + " of " + occ.getSymbol() + ": SCIP ranges have 3 or 4 non-negative ints");
                    continue;
                }
                int roles = occ.getSymbolRoles();
                out.add(Tables.SCIP_OCCURRENCES, fileId, docFileId, relativePath, occ.getSymbol(), roles,
                        (roles & Scip.SymbolRole.Definition_VALUE) != 0, range[0], range[1], range[2], range[3],
                        enclosing == null ? null : enclosing[0], enclosing == null ? null : enclosing[1],
                        enclosing == null ? null : enclosing[2], enclosing == null ? null : enclosing[3]);
            }
        }
        for (Scip.SymbolInformation symbol : index.getExternalSymbolsList()) {
            out.add(Tables.SCIP_SYMBOLS, symbolRow(fileId, null, symbol, true));
        }
    }

    private static Object[] symbolRow(long fileId, String relativePath, Scip.SymbolInformation symbol, boolean external) {
        boolean implementation = false;
        for (Scip.Relationship rel : symbol.getRelationshipsList()) {
            implementation |= rel.getIsImplementation();
        }
        // Kind 0 is "unspecified"; an unknown number from a newer schema is kept as its number.
        String kind = symbol.getKindValue() == 0 ? null
                : symbol.getKind() == Scip.SymbolInformation.Kind.UNRECOGNIZED ? String.valueOf(symbol.getKindValue())
                : symbol.getKind().name();
        return new Object[] {fileId, relativePath, symbol.getSymbol(), emptyToNull(symbol.getDisplayName()), kind,
                symbol.getDocumentationCount() == 0 ? null : symbol.getDocumentation(0),
                emptyToNull(symbol.getEnclosingSymbol()), symbol.getRelationshipsCount(), implementation, external};
    }

    /** SCIP's range encoding: [line, col, endCol] on one line, or [line, col, endLine, endCol]; null if malformed. */
    static int[] range(List<Integer> r) {
        int[] span = switch (r.size()) {
            case 3 -> new int[] {r.get(0), r.get(1), r.get(0), r.get(2)};
            case 4 -> new int[] {r.get(0), r.get(1), r.get(2), r.get(3)};
            default -> null;
        };
        if (span == null) {
            return null;
        }
        for (int v : span) {
            if (v < 0) {
                return null;
            }
        }
        return span;
    }

    /** Resolves {@code .} and {@code ..} segments so the path hashes like the scanner's repo-relative path. */
    static String normalize(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..") && !parts.isEmpty() && !parts.peekLast().equals("..")) {
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    @Override
    public void close() {
        // stateless
    }
}
