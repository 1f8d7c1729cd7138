package io.torrentine.examples.bench;

import io.torrentine.bencode.BDictionary;
import io.torrentine.bencode.BValue;
import io.torrentine.bencode.BencodeDecoder;
import io.torrentine.bencode.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding a real {@code .torrent} of 10,000 pieces (200,171 bytes, made by {@code mktorrent}; see
 * {@code docs/benchmarks.md}), in both modes. The comparable libtorrent figure is
 * {@code lt.bdecode(data)}, measured by {@code engine-examples/scripts/bench-bencode-libtorrent.py}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BencodeDecodeBenchmark {
    /** The classpath resource holding the torrent. */
    static final String TORRENT = "/bench/10000-pieces.torrent";

    private byte[] torrent;

    /** Loads the torrent and checks that both modes read it. */
    @Setup
    public void load() {
        try (InputStream in = BencodeDecodeBenchmark.class.getResourceAsStream(TORRENT)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + TORRENT);
            }
            torrent = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // A benchmark of a decode that fails, or of the wrong file, would measure nothing useful.
        BDictionary top = (BDictionary) BencodeDecoder.strict().decode(torrent);
        long pieces = top.getDictionary("info").orElseThrow().getString("pieces").orElseThrow().length() / 20;
        if (pieces != 10_000 || !top.equals(BencodeDecoder.lenient().decode(torrent))) {
            throw new IllegalStateException("unexpected torrent: " + pieces + " pieces");
        }
    }

    /**
     * Lenient decode, as the engine loads a {@code .torrent} file.
     *
     * @return the value, consumed by JMH
     */
    @Benchmark
    public BValue lenient() {
        return BencodeDecoder.lenient().decode(torrent);
    }

    /**
     * Strict decode, which also checks key order, uniqueness and minimal numbers.
     *
     * @return the value, consumed by JMH
     */
    @Benchmark
    public BValue strict() {
        return BencodeDecoder.strict().decode(torrent);
    }

    /**
     * Lenient decode then the span of {@code info}: what computing an info-hash needs first.
     *
     * @return the span, consumed by JMH
     */
    @Benchmark
    public Span lenientInfoSpan() {
        BDictionary top = (BDictionary) BencodeDecoder.lenient().decode(torrent);
        return top.get("info").orElseThrow().span().orElseThrow();
    }
}
