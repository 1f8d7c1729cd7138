/**
 * Test support shared by every module through engine-core's test-jar: external tools for
 * interop tests, process handling and leak detection.
 */
package io.torrentine.testing;
