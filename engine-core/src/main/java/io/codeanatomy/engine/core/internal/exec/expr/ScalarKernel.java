package io.codeanatomy.engine.core.internal.exec.expr;

import io.codeanatomy.engine.core.internal.exec.vector.Column;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** The vectorized body of a scalar function: all argument columns in, one result column out, {@code rows} long. */
@FunctionalInterface
public interface ScalarKernel {
    Column apply(Column[] args, int rows, ArrowType resultType);
}
