package io.codeanatomy.engine.core.plan;

import java.util.List;
import java.util.Map;

/**
 * Where a query's data comes from.
 *
 * @param scans               every scan: table, projected columns, pushed filters, limit
 * @param requiredColumns     by table: the columns the query reads (projected or filtered on)
 * @param filters             every filter condition of the optimized plan, as text
 * @param referencedTables    tables read, sorted
 * @param referencedFunctions every function the plan calls, sorted
 * @param requiredFunctions   the functions that come from extensions (the plan fails without them), sorted
 * @param rewriteTags         the project-related rules that fired (e.g. {@code ProjectIntoScan}), sorted
 * @param columnSources       for every output column, its source columns ({@code schema.table.column}), sorted
 * @since 0.1
 */
public record LineageReport(List<ScanContract> scans, Map<String, List<String>> requiredColumns, List<String> filters,
                            List<String> referencedTables, List<String> referencedFunctions, List<String> requiredFunctions,
                            List<String> rewriteTags, Map<String, List<String>> columnSources) {}
