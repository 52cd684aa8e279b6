/**
 * Will hold repository scanning and the extractors (tree-sitter Python and Java, JVM bytecode, SCIP) that turn a repository into Arrow rows.
 */
package io.codeanatomy.extract;
