/**
 * What a table provider sees of the engine, in Arrow and JDK types only.
 *
 * <p>A {@link io.codeanatomy.engine.core.spi.TableProvider} describes a table (schema, statistics), answers for each
 * offered filter whether it can apply it ({@link io.codeanatomy.engine.core.spi.FilterSupport}), and scans it into a
 * {@link io.codeanatomy.engine.core.spi.BatchStream}. Optional capabilities (inserting, row-level changes) are extra
 * interfaces a provider may implement. Providers are thread-safe and keep no per-query state; the session is passed on
 * every call.
 */
package io.codeanatomy.engine.core.spi;
