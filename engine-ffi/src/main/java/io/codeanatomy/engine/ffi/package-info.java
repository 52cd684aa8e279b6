/**
 * Will hold the Arrow C Data / C Stream bridge and the versioned plugin manifest.
 */
package io.codeanatomy.engine.ffi;
