package io.codeanatomy.engine.core.internal.exec.expr;

import io.codeanatomy.engine.core.ExecutionException;
import io.codeanatomy.engine.core.internal.exec.EvalInput;
import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import io.codeanatomy.engine.core.internal.exec.vector.Columns;
import io.codeanatomy.engine.core.internal.exec.vector.Vectors;
import io.codeanatomy.engine.core.spi.function.ScalarFunctionDef;
import io.codeanatomy.engine.core.spi.function.Volatility;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * A call of an extension's vectorized function: arguments are evaluated, packed into Arrow vectors of the
 * signature's types, handed to the function in one call per batch, and the result vector is read back.
 */
public record VectorFunctionCall(ScalarFunctionDef function, List<PhysicalExpr> args, Field result) implements PhysicalExpr {
    public VectorFunctionCall {
        args = List.copyOf(args);
    }

    @Override
    public ArrowType type() {
        return result.getType();
    }

    @Override
    public boolean nullable() {
        return true;
    }

    @Override
    public Column evaluate(EvalInput input) {
        if (input.context() == null) {
            throw new ExecutionException("Function " + function.name() + " needs a query context to allocate its vectors");
        }
        BufferAllocator allocator = input.context().allocator();
        int n = input.rows();
        List<FieldVector> vectors = new ArrayList<>(args.size());
        try {
            for (int i = 0; i < args.size(); i++) {
                PhysicalExpr arg = args.get(i);
                Field field = new Field("arg" + i, FieldType.nullable(arg.type()), null);
                vectors.add(Columns.pack(arg.evaluate(input), field, allocator));
            }
            try (FieldVector out = function.implementation().apply(List.copyOf(vectors), n, result, allocator)) {
                if (out.getValueCount() != n) {
                    throw new ExecutionException("Function " + function.name() + " (" + function.provider() + ") returned "
                            + out.getValueCount() + " values for " + n + " rows");
                }
                return Columns.unpack(out, null, n);
            }
        } catch (RuntimeException e) {
            if (e instanceof ExecutionException) {
                throw e;
            }
            throw new ExecutionException("Function " + function.name() + " (" + function.provider() + " "
                    + function.providerVersion() + ") failed: " + e.getMessage(), e);
        } finally {
            Vectors.closeAll(vectors);
        }
    }

    @Override
    public List<PhysicalExpr> children() {
        return args;
    }

    @Override
    public boolean deterministic() {
        return function.volatility() != Volatility.VOLATILE && PhysicalExpr.super.deterministic();
    }

    @Override
    public String display() {
        return function.name() + args.stream().map(PhysicalExpr::display).collect(Collectors.joining(", ", "(", ")"));
    }
}
