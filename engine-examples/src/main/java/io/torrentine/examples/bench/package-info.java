/**
 * Benchmarks of the engine's hot paths (an example program, not API): JMH benchmarks, run from the
 * shaded jar with {@code java -cp engine-examples/target/torrentine.jar org.openjdk.jmh.Main <regex>},
 * and plain harnesses with a {@code main} that print their figures. Results and the exact commands
 * are recorded in {@code docs/benchmarks.md}.
 */
package io.torrentine.examples.bench;
