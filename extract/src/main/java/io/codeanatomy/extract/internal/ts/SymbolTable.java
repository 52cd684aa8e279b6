package io.codeanatomy.extract.internal.ts;

import io.github.treesitter.jtreesitter.Language;
import java.util.Map;

/**
 * Maps a grammar's symbol ids to small kind codes once, so the walk compares shorts instead of building a type
 * string per node. Several ids can share a name (aliases); all of them map to the kind.
 */
final class SymbolTable {
    private final byte[] kinds;

    SymbolTable(Language language, Map<String, Integer> named) {
        int count = language.getSymbolCount();
        kinds = new byte[Math.max(count, 1) + 1];
        for (int id = 0; id < count; id++) {
            String name = language.getSymbolName((short) id);
            if (name != null && language.isNamed((short) id)) {
                Integer kind = named.get(name);
                if (kind != null) {
                    kinds[id] = kind.byteValue();
                }
            }
        }
    }

    int kind(short symbol) {
        int id = symbol & 0xffff;
        return id < kinds.length ? kinds[id] : 0;
    }
}
