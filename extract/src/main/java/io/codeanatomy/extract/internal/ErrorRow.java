package io.codeanatomy.extract.internal;

import java.util.Objects;

/** One {@code extract_errors_v1} row: which path, which stage, what class of failure, and the detail. */
public record ErrorRow(String path, String stage, String errorClass, String message) {
    public ErrorRow {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(errorClass, "errorClass");
        message = message == null ? "" : message;
    }
}
