/**
 * Will hold the side-by-side benchmark harness (TPC-H against DuckDB and H2, Delta write/scan, extraction).
 */
package io.codeanatomy.bench;
