package io.codeanatomy.extract.internal;

/**
 * A UTF-8 cell value that is a range of a byte array: copied straight into the Arrow vector, never decoded to a
 * String and encoded back (refs alone are about 230k cells on the Python stdlib). The array must not change.
 */
public record Utf8Slice(byte[] bytes, int offset, int length) {}
