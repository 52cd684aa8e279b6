package io.codeanatomy.extract.internal.ts;

import io.github.treesitter.jtreesitter.Language;

/** What one grammar's nodes mean: which become defs, imports, calls, refs and assignments. Stateless; shared. */
sealed interface LanguageRules permits PythonRules, JavaRules {
    String language();

    Language grammar();

    /** Kind code of a symbol (0 for nodes the rules ignore). */
    int kind(short symbol);

    /**
     * Handles the node the cursor is on; returns whether the walk should descend into it.
     * {@code node} (a {@code TSNode} struct) is valid only during this call.
     */
    boolean enter(int node, int kind, int parentKind, short fieldId, int depth, ParsedFile file);
}
