package io.torrentine.internal.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Arrays;

/**
 * Copies one file to another file system keeping it sparse: runs of zeros are not written, so
 * a half-downloaded torrent (mostly holes) takes no more room after a move than before. The
 * JDK's {@code Files.copy} writes every zero. Symbolic links are copied as links.
 */
final class SparseCopy {
    private static final int CHUNK = 1 << 20;
    /** The unit of holes: a page, the smallest hole most file systems keep. */
    private static final int PAGE = 4096;
    private static final byte[] ZEROS = new byte[PAGE];

    private SparseCopy() {
    }

    /**
     * Copies {@code source} to {@code target}, which must not exist, and flushes the copy to
     * the device (the caller deletes the source next). Keeps the modification time and, where
     * the file systems have them, the POSIX permissions. On failure the partial target is
     * deleted.
     *
     * @param source a regular file or a symbolic link
     * @param target where the copy goes
     * @throws IOException if copying fails
     */
    static void copy(Path source, Path target) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(source, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            Files.copy(source, target, LinkOption.NOFOLLOW_LINKS);
            return;
        }
        boolean done = false;
        try {
            copyContent(source, target);
            Files.setLastModifiedTime(target, attributes.lastModifiedTime());
            PosixFileAttributeView from = Files.getFileAttributeView(source, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            PosixFileAttributeView to = Files.getFileAttributeView(target, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (from != null && to != null) {
                PosixFileAttributes posix = from.readAttributes();
                to.setPermissions(posix.permissions());
            }
            done = true;
        } finally {
            if (!done) {
                deletePartial(target);
            }
        }
    }

    private static void copyContent(Path source, Path target) throws IOException {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
             FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW,
                     LinkOption.NOFOLLOW_LINKS)) {
            long size = in.size();
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, size)));
            long position = 0;
            while (position < size) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), size - position));
                int n = 0;
                while (buffer.hasRemaining()) {
                    int r = in.read(buffer, position + n);
                    if (r < 0) {
                        break;
                    }
                    n += r;
                }
                if (n == 0) {
                    break; // the source shrank under us: copy what there was
                }
                writeNonZeroRuns(out, buffer.array(), n, position);
                position += n;
            }
            if (out.size() < position) {
                // A trailing hole: one zero byte at the end gives the copy its full length.
                out.write(ByteBuffer.allocate(1), position - 1);
            }
            out.force(false);
        }
    }

    /** Writes the runs of {@code bytes} that are not whole 4 KiB pages of zeros. */
    private static void writeNonZeroRuns(FileChannel out, byte[] bytes, int length, long position) throws IOException {
        int runStart = -1;
        for (int page = 0; page < length; page += PAGE) {
            int end = Math.min(length, page + PAGE);
            boolean zero = Arrays.mismatch(bytes, page, end, ZEROS, 0, end - page) < 0;
            if (!zero && runStart < 0) {
                runStart = page;
            } else if (zero && runStart >= 0) {
                writeFully(out, bytes, runStart, page, position);
                runStart = -1;
            }
        }
        if (runStart >= 0) {
            writeFully(out, bytes, runStart, length, position);
        }
    }

    private static void writeFully(FileChannel out, byte[] bytes, int from, int to, long position) throws IOException {
        ByteBuffer run = ByteBuffer.wrap(bytes, from, to - from);
        long at = position + from;
        while (run.hasRemaining()) {
            at += out.write(run, at);
        }
    }

    private static void deletePartial(Path target) {
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            // The original failure matters more; the leftover is reported in the log.
            org.slf4j.LoggerFactory.getLogger(SparseCopy.class).warn("cannot delete partial copy {}", target, e);
        }
    }
}
