package io.codeanatomy.engine.core.internal.exec.op;

import io.codeanatomy.engine.core.ExecutionException;
import io.codeanatomy.engine.core.internal.exec.expr.Casts;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import io.codeanatomy.engine.core.internal.exec.vector.Vectors;
import io.codeanatomy.engine.core.spi.function.WindowFunctionDef;
import io.codeanatomy.engine.core.spi.function.WindowPartition;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/** Runs an extension window function on one partition: arguments packed in window order, results scattered back. */
final class ExtensionWindows {
    private ExtensionWindows() {}

    static void evaluate(WindowNode.Extension.Window window, WindowNode.Call call, Column[] columns, Integer[] order, int base,
                         int size, int[] frameStart, int[] frameEnd, int[] peerStart, int[] peerEnd, Object[] results,
                         BufferAllocator allocator) {
        int[] positions = new int[size];
        for (int i = 0; i < size; i++) {
            positions[i] = order[base + i];
        }
        List<FieldVector> arguments = new ArrayList<>(call.args().size());
        FieldVector out = null;
        try {
            for (int k = 0; k < call.args().size(); k++) {
                var type = window.argumentTypes().get(k);
                Column gathered = Columns.gather(columns[call.args().get(k)], positions, size);
                arguments.add(Columns.pack(Casts.cast(gathered, type, size), new Field("arg" + k, FieldType.nullable(type), null),
                        allocator));
            }
            out = window.result().createVector(allocator);
            out.allocateNew();
            Partition partition = new Partition(size, List.copyOf(arguments), frameStart, frameEnd, peerStart, peerEnd);
            try {
                window.function().implementation().evaluate(partition, out);
            } catch (ExecutionException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ExecutionException("Window function " + describe(window.function()) + " failed: " + e.getMessage(), e);
            }
            if (out.getValueCount() != size) {
                throw new ExecutionException("Window function " + describe(window.function()) + " wrote " + out.getValueCount()
                        + " values for a partition of " + size + " rows; it must set the value count to rowCount()");
            }
            Column result = Columns.unpack(out, null, size);
            for (int i = 0; i < size; i++) {
                results[positions[i]] = result.get(i);
            }
        } finally {
            Vectors.closeAll(arguments);
            if (out != null) {
                out.close();
            }
        }
    }

    private static String describe(WindowFunctionDef f) {
        return f.name() + " (" + f.provider() + " " + f.providerVersion() + ")";
    }

    /** The partition as the SPI shows it; arrays are the engine's, read through methods only. */
    private record Partition(int rowCount, List<FieldVector> arguments, int[] starts, int[] ends, int[] peerStarts,
                             int[] peerEnds) implements WindowPartition {
        @Override
        public int frameStart(int row) {
            return starts[row];
        }

        @Override
        public int frameEnd(int row) {
            return ends[row];
        }

        @Override
        public int peerStart(int row) {
            return peerStarts[row];
        }

        @Override
        public int peerEnd(int row) {
            return peerEnds[row];
        }
    }
}
