package io.codeanatomy.engine.core.internal.plan;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;

/**
 * The engine's type factory: Calcite's, with UTF-8 as the character set of every string type. Calcite defaults to
 * ISO-8859-1 (through a JVM-wide property we do not want to set), which would refuse non-Latin text and make a
 * bound UTF-8 parameter incomparable with a column.
 */
public final class EngineTypeFactory extends JavaTypeFactoryImpl {
    public EngineTypeFactory() {
        super(EngineTypeSystem.INSTANCE);
    }

    @Override
    public Charset getDefaultCharset() {
        return StandardCharsets.UTF_8;
    }
}
