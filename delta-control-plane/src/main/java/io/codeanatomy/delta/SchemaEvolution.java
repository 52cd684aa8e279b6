package io.codeanatomy.delta;

import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Transaction;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.internal.TransactionImpl;
import io.delta.kernel.internal.actions.Metadata;
import io.delta.kernel.internal.fs.Path;
import io.delta.kernel.types.StructType;
import java.util.Optional;

/**
 * Adds nullable columns to a table in the same commit as the data that brings them. Kernel 4.4 evolves schemas only
 * on column-mapped tables and cannot write data into those, so for plain tables (where a new nullable column is a
 * pure metadata change: old files simply lack it and read as NULL) the transaction is built directly with the new
 * metadata. This uses Kernel internals and is pinned to 4.4.0; revisit when Kernel supports it publicly.
 */
final class SchemaEvolution {
    private SchemaEvolution() {}

    static Transaction addColumns(DeltaTable table, Snapshot snapshot, StructType newSchema) {
        StructType old = snapshot.getSchema();
        for (int i = 0; i < old.length(); i++) {
            if (!old.at(i).equals(newSchema.at(i))) {
                throw new DeltaSchemaException("Schema evolution of " + table.location() + " may only add nullable columns "
                        + "at the end; column " + old.at(i).getName() + " would change");
            }
        }
        Metadata metadata = snapshot.getMetadata().withNewSchema(newSchema);
        return new TransactionImpl(false, new Path(table.location()), Optional.of((SnapshotImpl) snapshot),
                DeltaTable.ENGINE_INFO, Operation.WRITE, Optional.empty(), Optional.of(metadata), snapshot.getCommitter(),
                Optional.empty(), Optional.empty(), Optional.empty(), 0, System::currentTimeMillis);
    }
}
