/**
 * Will hold Delta Lake tables through Delta Kernel: the DeltaTableProvider, one write path, guarded DML, retry, maintenance, time travel and change feed.
 */
package io.codeanatomy.delta;
