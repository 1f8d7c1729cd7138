package io.torrentine.internal.torrent;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Smart ban, as libtorrent does it: when a piece fails its hash, the checksum of every block and
 * the peer that sent it are remembered; once the piece passes, each block is checksummed again,
 * and a peer whose block differs from the good data is proven to have sent bad data. Bounded:
 * records of at most {@link #MAX_PIECES} failed pieces are kept. Event loop only.
 */
final class SmartBan {
    static final int MAX_PIECES = 256;

    /** One block of a failed piece: who sent it and the CRC-32C of what it sent. */
    record BlockRecord(InetSocketAddress sender, int crc) {
    }

    private final Map<Integer, BlockRecord[]> failed = new HashMap<>();

    /** Whether another failed piece can be recorded. */
    boolean hasRoom() {
        return failed.size() < MAX_PIECES;
    }

    void record(int piece, int block, int blockCount, InetSocketAddress sender, int crc) {
        failed.computeIfAbsent(piece, p -> new BlockRecord[blockCount])[block] = new BlockRecord(sender, crc);
    }

    boolean isRecorded(int piece) {
        return failed.containsKey(piece);
    }

    /** Forgets a piece and returns its records, or null. */
    BlockRecord[] take(int piece) {
        return failed.remove(piece);
    }

    /**
     * The senders whose recorded blocks differ from the good data.
     *
     * @param records what failed
     * @param goodCrcs the checksum of each block of the piece that passed
     * @return the peers to ban
     */
    static Set<InetSocketAddress> liars(BlockRecord[] records, int[] goodCrcs) {
        Set<InetSocketAddress> out = new LinkedHashSet<>();
        for (int i = 0; i < records.length; i++) {
            BlockRecord r = records[i];
            if (r != null && r.sender() != null && r.crc() != goodCrcs[i]) {
                out.add(r.sender());
            }
        }
        return out;
    }
}
