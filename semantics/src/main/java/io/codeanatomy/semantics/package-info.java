/**
 * Will hold the code property graph defined as named SQL and DataFrame views over the extracted tables, and the SemanticCompiler.
 */
package io.codeanatomy.semantics;
