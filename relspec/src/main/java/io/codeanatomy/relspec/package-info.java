/**
 * Will hold the task graph of semantic views, the scheduler, cache policy derivation and the cpg_* Delta outputs.
 */
package io.codeanatomy.relspec;
