package io.torrentine.examples.bench;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Random;

/**
 * The JVM's single-core SHA-1 speed, the ceiling of one checking thread: hashes one buffer of
 * the given size over and over for about two seconds per round and prints
 * {@code java-sha1 <buffer bytes> <round> <MB/s>} (MB = 10^6 bytes).
 *
 * <p>Usage: {@code java -cp torrentine.jar io.torrentine.examples.bench.Sha1Speed [buffer bytes] [rounds]}
 * (defaults: 524288, 5; the first rounds include JIT warm-up).
 */
public final class Sha1Speed {
    private Sha1Speed() {
    }

    /**
     * Runs the measurement.
     *
     * @param args optional buffer size and round count
     * @throws NoSuchAlgorithmException never: every Java platform has SHA-1
     */
    public static void main(String[] args) throws NoSuchAlgorithmException {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 512 * 1024;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        byte[] buffer = new byte[size];
        new Random(1).nextBytes(buffer);
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        for (int round = 1; round <= rounds; round++) {
            long bytes = 0;
            long start = System.nanoTime();
            while (System.nanoTime() - start < 2_000_000_000L) {
                sha1.update(buffer);
                sha1.digest();
                bytes += size;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "java-sha1 %d %d %.0f%n", size, round, bytes / seconds / 1e6);
        }
    }
}
