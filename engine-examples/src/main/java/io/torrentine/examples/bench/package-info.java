/**
 * JMH benchmarks of the engine's hot paths (an example program, not API). Run them from the shaded
 * jar: {@code java -cp engine-examples/target/torrentine.jar org.openjdk.jmh.Main <regex>}; results
 * and the exact commands are recorded in {@code docs/benchmarks.md}.
 */
package io.torrentine.examples.bench;
