package io.torrentine.examples.bench;

import io.torrentine.metainfo.TorrentInfo;
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
 * Loading the 10,000-piece torrent of {@link BencodeDecodeBenchmark} all the way to a
 * {@link TorrentInfo}: decode, SHA-1 of the info dictionary, file list, sanitizing. The
 * comparable libtorrent figure is {@code lt.torrent_info(data)}, timed by
 * {@code engine-examples/scripts/bench-bencode-libtorrent.py}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TorrentInfoParseBenchmark {
    private byte[] torrent;

    /** Loads the torrent and checks that it parses to 10,000 pieces. */
    @Setup
    public void load() {
        try (InputStream in = TorrentInfoParseBenchmark.class.getResourceAsStream(BencodeDecodeBenchmark.TORRENT)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + BencodeDecodeBenchmark.TORRENT);
            }
            torrent = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (TorrentInfo.parse(torrent).pieceCount() != 10_000) {
            throw new IllegalStateException("unexpected torrent");
        }
    }

    /**
     * A full parse.
     *
     * @return the metadata, consumed by JMH
     */
    @Benchmark
    public TorrentInfo parse() {
        return TorrentInfo.parse(torrent);
    }
}
