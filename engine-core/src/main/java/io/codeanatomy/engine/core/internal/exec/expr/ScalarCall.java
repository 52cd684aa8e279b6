package io.codeanatomy.engine.core.internal.exec.expr;

import io.codeanatomy.engine.core.internal.exec.EvalInput;
import io.codeanatomy.engine.core.internal.exec.PhysicalExpr;
import io.codeanatomy.engine.core.internal.exec.vector.Column;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** A scalar function applied to evaluated arguments. */
public record ScalarCall(String name, ScalarKernel kernel, List<PhysicalExpr> args, ArrowType type, boolean nullable,
                         boolean isDeterministic) implements PhysicalExpr {

    public ScalarCall(String name, ScalarKernel kernel, List<PhysicalExpr> args, ArrowType type, boolean nullable) {
        this(name, kernel, args, type, nullable, true);
    }

    public ScalarCall {
        args = List.copyOf(args);
    }

    @Override
    public Column evaluate(EvalInput input) {
        Column[] values = new Column[args.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = args.get(i).evaluate(input);
        }
        return kernel.apply(values, input.rows(), type);
    }

    @Override
    public List<PhysicalExpr> children() {
        return args;
    }

    @Override
    public boolean deterministic() {
        return isDeterministic && PhysicalExpr.super.deterministic();
    }

    @Override
    public String display() {
        if (args.size() == 2 && !Character.isLetter(name.charAt(0))) {
            return "(" + args.get(0).display() + " " + name + " " + args.get(1).display() + ")";
        }
        return name + args.stream().map(PhysicalExpr::display).collect(Collectors.joining(", ", "(", ")"));
    }
}
