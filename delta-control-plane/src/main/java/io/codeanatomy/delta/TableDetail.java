package io.codeanatomy.delta;

import java.util.List;

/**
 * The shape of one version of a table, as Delta's {@code DESCRIBE DETAIL} gives it: what a writer looks at to decide
 * whether the table's files suit its next write (say, small enough that a row-level change rewrites little).
 *
 * @param location         the table's URI
 * @param version          the version described
 * @param numFiles         data files in that version
 * @param sizeInBytes      their total size
 * @param partitionColumns the table's partition columns (empty when unpartitioned)
 * @since 0.1
 */
public record TableDetail(String location, long version, long numFiles, long sizeInBytes, List<String> partitionColumns) {
    public TableDetail {
        partitionColumns = List.copyOf(partitionColumns);
    }

    /** The mean data file size in bytes; 0 for a table without files. */
    public long averageFileSize() {
        return numFiles == 0 ? 0 : sizeInBytes / numFiles;
    }
}
