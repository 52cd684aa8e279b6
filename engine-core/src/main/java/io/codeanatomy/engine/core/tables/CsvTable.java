package io.codeanatomy.engine.core.tables;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.codeanatomy.engine.core.ExecutionException;
import io.codeanatomy.engine.core.internal.exec.expr.Casts;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import io.codeanatomy.engine.core.internal.exec.vector.ObjectColumn;
import io.codeanatomy.engine.core.internal.exec.vector.Vectors;
import io.codeanatomy.engine.core.spi.BatchStream;
import io.codeanatomy.engine.core.spi.RootBatchStream;
import io.codeanatomy.engine.core.spi.ScanRequest;
import io.codeanatomy.engine.core.spi.SessionView;
import io.codeanatomy.engine.core.spi.TableProvider;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A CSV file as a table. The schema is given or inferred from a sample of rows (boolean, bigint, double, date,
 * timestamp, else varchar; empty fields are NULL). Scans stream the file in batches of the profile's batch size and
 * parse only the projected columns. A malformed row fails the scan with the file and line, or, with
 * {@link OnBadRow#SKIP}, is left out and listed in {@link #rejectedRows()}.
 *
 * @since 0.1
 */
public final class CsvTable implements TableProvider {
    /** What a scan does with a row that has the wrong number of fields or a value that does not parse. */
    public enum OnBadRow { FAIL, SKIP }

    /**
     * How to read the file.
     *
     * @param header        whether the first line names the columns (otherwise columns are column_1, column_2, ...)
     * @param delimiter     the field separator
     * @param schema        the columns' names and types; empty to infer them
     * @param inferenceRows how many rows type inference looks at
     * @param onBadRow      fail or skip malformed rows
     */
    public record Options(boolean header, char delimiter, Optional<Schema> schema, int inferenceRows, OnBadRow onBadRow) {
        public Options {
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(onBadRow, "onBadRow");
            if (inferenceRows < 1) {
                throw new IllegalArgumentException("inferenceRows must be >= 1, was " + inferenceRows);
            }
            if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
                throw new IllegalArgumentException("delimiter cannot be a quote or a line break");
            }
        }

        /** Header line, comma separated, types inferred from 1000 rows, malformed rows fail the scan. */
        public static Options defaults() {
            return new Options(true, ',', Optional.empty(), 1000, OnBadRow.FAIL);
        }

        public Options withHeader(boolean newHeader) {
            return new Options(newHeader, delimiter, schema, inferenceRows, onBadRow);
        }

        public Options withDelimiter(char newDelimiter) {
            return new Options(header, newDelimiter, schema, inferenceRows, onBadRow);
        }

        public Options withSchema(Schema newSchema) {
            return new Options(header, delimiter, Optional.of(newSchema), inferenceRows, onBadRow);
        }

        public Options withInferenceRows(int rows) {
            return new Options(header, delimiter, schema, rows, onBadRow);
        }

        public Options withOnBadRow(OnBadRow newOnBadRow) {
            return new Options(header, delimiter, schema, inferenceRows, newOnBadRow);
        }
    }

    /** A row a scan left out: its 1-based line in the file and why. */
    public record RejectedRow(Path file, long line, String reason) {}

    private final Path file;
    private final Options options;
    private final Schema schema;
    private final List<RejectedRow> rejected = new CopyOnWriteArrayList<>();

    private CsvTable(Path file, Options options, Schema schema) {
        this.file = file;
        this.options = options;
        this.schema = schema;
    }

    /**
     * Opens {@code file}, reading the header and (without an explicit schema) a sample of rows to infer types.
     *
     * @throws IllegalArgumentException if the file cannot be read or is empty
     */
    public static CsvTable open(Path file, Options options) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("CSV file " + file + " does not exist or is not readable");
        }
        try (Rows rows = new Rows(file, options)) {
            List<String> header = rows.header();
            if (options.schema().isPresent()) {
                Schema given = options.schema().get();
                if (options.header() && header.size() != given.getFields().size()) {
                    throw new IllegalArgumentException("CSV file " + file + " has " + header.size()
                            + " columns in its header but the given schema has " + given.getFields().size());
                }
                return new CsvTable(file, options, given);
            }
            List<List<String>> sample = new ArrayList<>();
            while (sample.size() < options.inferenceRows() && rows.next()) {
                sample.add(List.copyOf(rows.fields()));
            }
            int columns = header != null ? header.size() : sample.isEmpty() ? 0 : sample.getFirst().size();
            if (columns == 0) {
                throw new IllegalArgumentException("CSV file " + file + " is empty; give an explicit schema to read it");
            }
            List<Field> fields = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                String name = header != null ? header.get(c) : "column_" + (c + 1);
                fields.add(new Field(name, FieldType.nullable(infer(sample, c)), null));
            }
            return new CsvTable(file, options, new Schema(fields));
        }
    }

    @Override
    public Schema schema() {
        return schema;
    }

    public Path file() {
        return file;
    }

    /** Rows skipped by scans so far (with {@link OnBadRow#SKIP}), in the order they were met. */
    public List<RejectedRow> rejectedRows() {
        return List.copyOf(rejected);
    }

    // ---- type inference ---------------------------------------------------------------------------------------

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private enum Inferred { NONE, BOOLEAN, BIGINT, DOUBLE, DATE, TIMESTAMP, VARCHAR }

    private static ArrowType infer(List<List<String>> sample, int column) {
        Inferred type = Inferred.NONE;
        for (List<String> row : sample) {
            if (column >= row.size() || row.get(column).isEmpty()) {
                continue;
            }
            type = widen(type, classify(row.get(column).strip()));
        }
        return switch (type) {
            case BOOLEAN -> ArrowType.Bool.INSTANCE;
            case BIGINT -> new ArrowType.Int(64, true);
            case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case DATE -> new ArrowType.Date(DateUnit.DAY);
            case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
            case NONE, VARCHAR -> ArrowType.Utf8.INSTANCE;
        };
    }

    private static Inferred classify(String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Inferred.BOOLEAN;
        }
        if (INTEGER.matcher(value).matches()) {
            return Inferred.BIGINT;
        }
        if (DECIMAL.matcher(value).matches()) {
            return Inferred.DOUBLE;
        }
        try {
            LocalDate.parse(value);
            return Inferred.DATE;
        } catch (DateTimeParseException e) {
            // not a date
        }
        try {
            LocalDateTime.parse(value.replace(' ', 'T'));
            return Inferred.TIMESTAMP;
        } catch (DateTimeParseException e) {
            return Inferred.VARCHAR;
        }
    }

    private static Inferred widen(Inferred a, Inferred b) {
        if (a == Inferred.NONE || a == b) {
            return b;
        }
        if ((a == Inferred.BIGINT && b == Inferred.DOUBLE) || (a == Inferred.DOUBLE && b == Inferred.BIGINT)) {
            return Inferred.DOUBLE;
        }
        if ((a == Inferred.DATE && b == Inferred.TIMESTAMP) || (a == Inferred.TIMESTAMP && b == Inferred.DATE)) {
            return Inferred.TIMESTAMP;
        }
        return Inferred.VARCHAR;
    }

    // ---- scanning ---------------------------------------------------------------------------------------------

    @Override
    public BatchStream scan(SessionView session, ScanRequest request) {
        List<Field> all = schema.getFields();
        int[] indexes = new int[request.columns().size()];
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = indexOf(request.columns().get(i));
            fields.add(all.get(indexes[i]));
        }
        Schema projected = new Schema(fields);
        long limit = request.limit().orElse(Long.MAX_VALUE);
        int batchSize = session.profile().execution().batchSize();
        Rows rows = new Rows(file, options);
        rows.header();
        return new RootBatchStream(projected) {
            private long produced;

            @Override
            protected VectorSchemaRoot nextRoot() {
                int capacity = (int) Math.min(batchSize, limit - produced);
                if (capacity <= 0) {
                    return null;
                }
                Object[][] values = new Object[indexes.length][capacity];
                int n = 0;
                while (n < capacity && rows.next()) {
                    if (readRow(rows, values, n)) {
                        n++;
                    }
                }
                if (n == 0) {
                    return null;
                }
                List<FieldVector> vectors = new ArrayList<>(indexes.length);
                try {
                    for (int c = 0; c < indexes.length; c++) {
                        Field field = fields.get(c);
                        ObjectColumn column = new ObjectColumn(field.getType(), java.util.Arrays.copyOf(values[c], n), n);
                        vectors.add(Columns.pack(Casts.cast(column, field.getType(), n), field, session.allocator()));
                    }
                } catch (RuntimeException e) {
                    Vectors.closeAll(vectors);
                    throw e;
                }
                produced += n;
                return Vectors.root(projected, vectors, n);
            }

            /** Parses one row into slot {@code n}; false when the row was rejected (SKIP). */
            private boolean readRow(Rows rows, Object[][] values, int n) {
                List<String> row = rows.fields();
                String problem = null;
                if (row.size() != all.size()) {
                    problem = "expected " + all.size() + " fields but found " + row.size();
                } else {
                    for (int c = 0; c < indexes.length && problem == null; c++) {
                        String text = row.get(indexes[c]);
                        Field field = fields.get(c);
                        if (text.isEmpty() && !(field.getType() instanceof ArrowType.Utf8)) {
                            values[c][n] = null;
                            continue;
                        }
                        try {
                            values[c][n] = Casts.parse(text, field.getType());
                        } catch (ExecutionException e) {
                            problem = "column '" + field.getName() + "': " + e.getMessage();
                        }
                    }
                }
                if (problem == null) {
                    return true;
                }
                if (options.onBadRow() == OnBadRow.SKIP) {
                    rejected.add(new RejectedRow(file, rows.line(), problem));
                    return false;
                }
                throw new ExecutionException(file + ":" + rows.line() + ": malformed CSV row, " + problem
                        + "; fix the row, give an explicit schema, or read with OnBadRow.SKIP");
            }

            @Override
            protected void release() {
                rows.close();
            }
        };
    }

    private int indexOf(String column) {
        List<Field> fields = schema.getFields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException("Column '" + column + "' is not in " + file);
    }

    /** A pull reader of CSV records (Jackson's streaming CSV parser) that knows the line each record starts on. */
    private static final class Rows implements AutoCloseable {
        private final Path file;
        private final boolean header;
        private final Reader reader;
        private final CsvParser parser;
        private final List<String> fields = new ArrayList<>();
        private boolean headerRead;
        private long line;

        Rows(Path file, Options options) {
            this.file = file;
            this.header = options.header();
            try {
                this.reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CsvMapper mapper = new CsvMapper();
                this.parser = mapper.getFactory().createParser(reader);
                parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(options.delimiter()));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot open CSV file " + file, e);
            }
        }

        /** The header's column names, or null when the file has no header line. */
        List<String> header() {
            if (headerRead || !header) {
                headerRead = true;
                return null;
            }
            headerRead = true;
            if (!next()) {
                return List.of();
            }
            return List.copyOf(fields);
        }

        boolean next() {
            fields.clear();
            try {
                // Without column names each record is one JSON-like array of strings.
                JsonToken token = parser.nextToken();
                if (token == null) {
                    return false;
                }
                token = parser.nextToken();
                // the first value's location is the record's first line (the array start sits on the line before)
                line = parser.currentTokenLocation().getLineNr();
                while (token != null && token != JsonToken.END_ARRAY) {
                    fields.add(parser.getText());
                    token = parser.nextToken();
                }
                return true;
            } catch (IOException e) {
                throw new ExecutionException(file + ":" + parser.currentLocation().getLineNr() + ": cannot parse CSV: "
                        + e.getMessage(), e);
            }
        }

        List<String> fields() {
            return fields;
        }

        long line() {
            return line;
        }

        @Override
        public void close() {
            try {
                parser.close();
                reader.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
