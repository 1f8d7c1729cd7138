package io.torrentine.examples.cli;

import java.util.List;

/**
 * The JVM options the {@code ./torrentine} launcher gives every command, and that {@code bench}
 * gives the Torrentine processes it starts, so that the bench times the command line as a user
 * runs it. The launcher script holds the same list; {@code LauncherJvmOptionsTest} keeps the
 * two equal.
 *
 * <p>{@code -XX:FreqInlineSize=30} (HotSpot's default is 325 bytecodes): a command-line download
 * is a new JVM that compiles its hot code while it transfers, on the same cores as the transfer.
 * With the default, C2 inlines whole call trees of large hot methods (Netty's pooled-buffer
 * release, the peer-wire decoder) into a few compilations of 0.1 to 0.6 s each, and the hot
 * methods wait behind them. Inlining only small hot methods cut the JIT's CPU in a fresh 1 GiB
 * download from 1.5–1.9 to 0.9–1.1 s and the download's CPU from 3.6–4.2 to 2.9–3.4 s, with no
 * measurable change once compiled (docs/benchmarks.md, "Session 5").
 */
final class LauncherJvmOptions {
    /** The options, in the order the launcher passes them, before the user's own. */
    static final List<String> DEFAULTS = List.of("-XX:FreqInlineSize=30");

    private LauncherJvmOptions() {
    }
}
