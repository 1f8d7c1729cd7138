package io.torrentine.testing.clients;

import io.torrentine.metainfo.CreatedTorrent;
import io.torrentine.metainfo.FileEntry;
import io.torrentine.metainfo.TorrentCreator;
import io.torrentine.metainfo.TorrentInfo;
import io.torrentine.metainfo.TorrentVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes payloads of pseudo-random bytes (the same bytes for the same seed) and v1 torrents of
 * them with our {@link TorrentCreator}: v1 because aria2 1.36 computes a wrong info-hash for
 * hybrids and Transmission 3.00 refuses them (INTEROP-NOTES.md). No trackers: peers are given to
 * the clients directly.
 */
public final class TestTorrents {
    private static final int CHUNK = 1 << 20;

    private TestTorrents() {
    }

    /**
     * A single-file torrent: {@code dir/data/<name>} and {@code dir/<name>.torrent}.
     *
     * @param dir a directory for the data and the torrent (e.g. a {@code @TempDir})
     * @param name the file's name
     * @param size its size in bytes
     * @param seed the seed of the random bytes
     * @param pieceSize the piece size (a multiple of 16 KiB), or 0 for libtorrent's automatic size
     * @return the torrent
     */
    public static TestTorrent singleFile(Path dir, String name, long size, long seed, int pieceSize) {
        Path data = dir.resolve("data");
        Path file = data.resolve(name);
        try {
            Files.createDirectories(data);
            writeRandom(file, size, new SplittableRandom(seed));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return create(file, dir.resolve(name + ".torrent"), data, pieceSize);
    }

    /**
     * A multi-file torrent: folder {@code dir/data/<name>/} with {@code file-0.bin},
     * {@code file-1.bin} ... of the given sizes, and {@code dir/<name>.torrent}.
     *
     * @param dir a directory for the data and the torrent
     * @param name the folder's (and the torrent's) name
     * @param sizes the size of each file (0 allowed, but not all)
     * @param seed the seed of the random bytes
     * @param pieceSize the piece size (a multiple of 16 KiB), or 0 for libtorrent's automatic size
     * @return the torrent
     */
    public static TestTorrent multiFile(Path dir, String name, List<Long> sizes, long seed, int pieceSize) {
        Path data = dir.resolve("data");
        Path folder = data.resolve(name);
        SplittableRandom random = new SplittableRandom(seed);
        try {
            Files.createDirectories(folder);
            for (int i = 0; i < sizes.size(); i++) {
                writeRandom(folder.resolve("file-" + i + ".bin"), sizes.get(i), random);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return create(folder, dir.resolve(name + ".torrent"), data, pieceSize);
    }

    private static TestTorrent create(Path source, Path torrentFile, Path data, int pieceSize) {
        TorrentCreator.Builder builder = TorrentCreator.builder(source).version(TorrentVersion.V1).omitCreationDate();
        if (pieceSize > 0) {
            builder.pieceSize(pieceSize);
        }
        CreatedTorrent created = builder.build().create();
        try {
            Files.write(torrentFile, created.bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestTorrent(torrentFile, data, TorrentInfo.parse(created.bytes()));
    }

    private static void writeRandom(Path file, long size, SplittableRandom random) throws IOException {
        byte[] chunk = new byte[CHUNK];
        ByteBuffer longs = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= CHUNK) {
                longs.clear();
                while (longs.hasRemaining()) {
                    longs.putLong(random.nextLong());
                }
                out.write(chunk, 0, (int) Math.min(CHUNK, left));
            }
        }
    }

    /**
     * The SHA-256 of a file.
     *
     * @param file the file
     * @return the digest in lower-case hex
     */
    public static String sha256Hex(Path file) {
        MessageDigest sha256 = digest("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[CHUNK];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha256.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /**
     * Whether every v1 piece of a torrent under a save path matches its SHA-1 (BEP 3), pad files
     * counted as zeros.
     *
     * @param info the torrent
     * @param saveDir the save path
     * @return true if every file is there, no longer than it should be, and every piece passes
     */
    public static boolean piecesComplete(TorrentInfo info, Path saveDir) {
        MessageDigest sha1 = digest("SHA-1");
        byte[] piece = new byte[info.pieceLength()];
        int pieceIndex = 0;
        int filled = 0;
        try {
            for (FileEntry file : info.files()) {
                Path path = saveDir.resolve(file.path());
                if (!file.pad() && (!Files.isRegularFile(path) || Files.size(path) != file.size())) {
                    return false;
                }
                try (InputStream in = file.pad() ? InputStream.nullInputStream() : Files.newInputStream(path)) {
                    long left = file.size();
                    while (left > 0) {
                        int want = (int) Math.min(piece.length - filled, left);
                        if (file.pad()) {
                            Arrays.fill(piece, filled, filled + want, (byte) 0);
                        } else if (in.readNBytes(piece, filled, want) != want) {
                            return false;
                        }
                        filled += want;
                        left -= want;
                        if (filled == piece.length) {
                            if (!pieceMatches(sha1, piece, filled, info, pieceIndex++)) {
                                return false;
                            }
                            filled = 0;
                        }
                    }
                }
            }
        } catch (IOException e) {
            return false; // being written or replaced while we read: not complete yet
        }
        return filled == 0 ? pieceIndex == info.pieceCount()
                : pieceMatches(sha1, piece, filled, info, pieceIndex) && pieceIndex + 1 == info.pieceCount();
    }

    private static boolean pieceMatches(MessageDigest sha1, byte[] piece, int length, TorrentInfo info, int index) {
        sha1.reset();
        sha1.update(piece, 0, length);
        return Arrays.equals(sha1.digest(), info.pieceHash(index).toByteArray());
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every JVM", e);
        }
    }
}
