package io.codeanatomy.extract.internal;

/**
 * One scanned file as the extractors see it. {@code utf8} is the text as UTF-8 (null for binary inputs such as class
 * files): the file's bytes for valid UTF-8 (minus a BOM), else the decoded {@code text} re-encoded. {@code text} is
 * set only when decoding was needed (UTF-16, invalid UTF-8). Byte spans index into {@code utf8}. Borrowed by
 * extractors for the duration of one call.
 */
public record SourceFile(long fileId, String path, String language, byte[] bytes, String text, byte[] utf8) {}
