package io.codeanatomy.engine.core.internal.exec.agg;

import io.codeanatomy.engine.core.ExecutionException;
import io.codeanatomy.engine.core.internal.exec.expr.Casts;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import io.codeanatomy.engine.core.internal.exec.vector.Vectors;
import io.codeanatomy.engine.core.spi.function.AggregateFunctionDef;
import io.codeanatomy.engine.core.spi.function.GroupedAccumulator;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Adapts an extension's {@link GroupedAccumulator} to the hash aggregation: per batch, the arguments are cast to the
 * signature's types and packed into Arrow vectors handed over in one call.
 */
public final class ExtensionAccumulator implements Accumulator, AutoCloseable {
    private final AggregateCall.ExtensionBinding binding;
    private final BufferAllocator allocator;
    private final GroupedAccumulator delegate;
    private final List<Field> argumentFields = new ArrayList<>();

    public ExtensionAccumulator(AggregateCall.ExtensionBinding binding, BufferAllocator allocator) {
        this.binding = binding;
        this.allocator = allocator;
        for (int i = 0; i < binding.argumentTypes().size(); i++) {
            argumentFields.add(new Field("arg" + i, FieldType.nullable(binding.argumentTypes().get(i)), null));
        }
        this.delegate = guard(() -> binding.function().implementation()
                .accumulator(binding.argumentTypes(), binding.result(), allocator));
        if (delegate == null) {
            throw new ExecutionException("Aggregate " + describe() + " returned no accumulator");
        }
    }

    @Override
    public void update(int[] groups, int n, int groupCount, Column[] args) {
        List<FieldVector> vectors = new ArrayList<>(args.length);
        try {
            for (int i = 0; i < args.length; i++) {
                ArrowType type = binding.argumentTypes().get(i);
                vectors.add(Columns.pack(Casts.cast(args[i], type, n), argumentFields.get(i), allocator));
            }
            List<FieldVector> borrowed = List.copyOf(vectors);
            guard(() -> {
                delegate.update(groups, borrowed, n);
                return null;
            });
        } finally {
            Vectors.closeAll(vectors);
        }
    }

    @Override
    public Column finish(int groupCount) {
        try (FieldVector out = binding.result().createVector(allocator)) {
            out.allocateNew();
            guard(() -> {
                delegate.write(groupCount, out);
                return null;
            });
            if (out.getValueCount() != groupCount) {
                throw new ExecutionException("Aggregate " + describe() + " wrote " + out.getValueCount() + " values for "
                        + groupCount + " groups");
            }
            return Columns.unpack(out, null, groupCount);
        }
    }

    @Override
    public void close() {
        guard(() -> {
            delegate.close();
            return null;
        });
    }

    private String describe() {
        AggregateFunctionDef f = binding.function();
        return f.name() + " (" + f.provider() + " " + f.providerVersion() + ")";
    }

    private <T> T guard(java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (ExecutionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ExecutionException("Aggregate " + describe() + " failed: " + e.getMessage(), e);
        }
    }
}
