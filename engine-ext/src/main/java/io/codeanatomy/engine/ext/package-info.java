/**
 * Extensions of the CodeAnatomy engine for code analysis: {@link io.codeanatomy.engine.ext.CodeAnalysisExtension}
 * (span and text functions), the typed function registry snapshot, and {@code interval_align}. Everything here is
 * immutable or stateless and safe to share between threads.
 */
package io.codeanatomy.engine.ext;
