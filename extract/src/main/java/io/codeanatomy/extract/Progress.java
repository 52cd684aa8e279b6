package io.codeanatomy.extract;

/**
 * A snapshot of a run's progress. {@code filesTotal} is known once scanning ends (0 before).
 *
 * @since 0.1
 */
public record Progress(long filesDone, long filesTotal, long bytes, long rows, long errors, double filesPerSecond) {}
