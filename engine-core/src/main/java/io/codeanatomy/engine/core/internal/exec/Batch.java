package io.codeanatomy.engine.core.internal.exec;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The unit that flows between operators: an Arrow batch plus an optional selection vector. When {@code selection}
 * is non-null, only rows {@code selection[0..rows)} (ascending) are live; filters narrow the selection instead of
 * copying. Whoever receives a batch owns it and must close it.
 */
public final class Batch implements AutoCloseable {
    private final VectorSchemaRoot root;
    private final int[] selection;
    private final int rows;
    private boolean closed;

    /** Adopts {@code root}. */
    public Batch(VectorSchemaRoot root, int[] selection, int rows) {
        this.root = root;
        this.selection = selection;
        this.rows = rows;
    }

    /** Adopts {@code root}; every row live. */
    public static Batch of(VectorSchemaRoot root) {
        return new Batch(root, null, root.getRowCount());
    }

    /** Adopts {@code vectors} as a batch of {@code rowCount} rows. */
    public static Batch of(Schema schema, List<FieldVector> vectors, int rowCount) {
        VectorSchemaRoot root = new VectorSchemaRoot(schema.getFields(), vectors, rowCount);
        return new Batch(root, null, rowCount);
    }

    /** A batch with no columns and {@code rows} rows (e.g. the input of {@code SELECT 1}). */
    public static Batch empty(Schema schema, BufferAllocator allocator, int rows) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        root.setRowCount(rows);
        return new Batch(root, null, rows);
    }

    public VectorSchemaRoot root() {
        return root;
    }

    public FieldVector vector(int column) {
        return root.getVector(column);
    }

    public int columnCount() {
        return root.getFieldVectors().size();
    }

    /** The live rows, or null when every row of the root is live. */
    public int[] selection() {
        return selection;
    }

    /** How many rows are live. */
    public int rows() {
        return rows;
    }

    /** The root row index of live row {@code i}. */
    public int row(int i) {
        return selection == null ? i : selection[i];
    }

    /** A batch over the same vectors with a narrower selection; ownership moves to the returned batch. */
    public Batch withSelection(int[] newSelection, int newRows) {
        closed = true;   // the vectors now belong to the new batch
        return new Batch(root, newSelection, newRows);
    }

    public Schema schema() {
        return root.getSchema();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            root.close();
        }
    }
}
