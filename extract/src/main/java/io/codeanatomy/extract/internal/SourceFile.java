package io.codeanatomy.extract.internal;

/**
 * One scanned file as the extractors see it. {@code text} is the decoded content (null for binary inputs such as
 * class files) and {@code utf8} its UTF-8 form: byte spans index into {@code utf8}, which equals the file's bytes
 * for BOM-less valid UTF-8. Borrowed by extractors for the duration of one call.
 */
public record SourceFile(long fileId, String path, String language, byte[] bytes, String text, byte[] utf8) {}
