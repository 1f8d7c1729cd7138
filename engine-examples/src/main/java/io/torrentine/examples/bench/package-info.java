/**
 * Benchmark harnesses that are plain programs rather than JMH benchmarks (an example program:
 * it prints).
 */
package io.torrentine.examples.bench;
