package io.codeanatomy.engine.core.spi;

/**
 * A provider's answer for one offered filter, defined by what the engine still has to do after the scan.
 *
 * @since 0.1
 */
public enum FilterSupport {
    /** Only rows that pass the filter come back; the engine does not evaluate it again. */
    EXACT,
    /** The provider uses the filter to skip data (files, row groups) but may return rows that fail it; the engine re-filters. */
    INEXACT,
    /** The provider ignores the filter; the engine evaluates it above the scan and does not pass it in the request. */
    UNSUPPORTED
}
