/**
 * Will hold the function registry with its typed snapshot, the span functions and interval_align, and the planner extension ports (issue: engine-ext).
 */
package io.codeanatomy.engine.ext;
