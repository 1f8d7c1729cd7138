package io.torrentine.internal.peer.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torrentine.internal.peer.extension.ExtensionProtocolException.Reason;
import io.torrentine.metainfo.InfoHashes;
import io.torrentine.metainfo.TorrentInfo;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** BEP 9: metadata from peers is assembled from 16 KiB pieces and used only if it hashes right. */
class MetadataAssemblerTest {
    private static final ExtensionLimits LIMITS = ExtensionLimits.DEFAULT;
    /** 2000 piece hashes: the info dictionary spans three 16 KiB metadata pieces. */
    private static final byte[] INFO = MetadataFixtures.infoDictionary(2000, "good");
    private static final InfoHashes HASHES = MetadataFixtures.v1(INFO);

    private static UtMetadataMessage.Data piece(byte[] metadata, int piece) {
        int from = piece * 16384;
        return new UtMetadataMessage.Data(piece, metadata.length,
                Arrays.copyOfRange(metadata, from, Math.min(metadata.length, from + 16384)));
    }

    private static void fails(Runnable r, Reason reason) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(ExtensionProtocolException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void assemblesPiecesInAnyOrderAndChecksTheInfoHash() {
        assertThat(INFO.length).isBetween(2 * 16384 + 1, 3 * 16384);
        MetadataAssembler a = new MetadataAssembler(HASHES, INFO.length, LIMITS);
        assertThat(a.pieceCount()).isEqualTo(3);
        assertThat(a.nextMissing()).hasValue(0);
        assertThat(a.add(piece(INFO, 2))).isEmpty();
        assertThat(a.add(piece(INFO, 0))).isEmpty();
        assertThat(a.add(piece(INFO, 0))).as("a duplicate is ignored").isEmpty();
        assertThat(a.nextMissing()).hasValue(1);
        Optional<TorrentInfo> done = a.add(piece(INFO, 1));
        assertThat(done).isPresent();
        assertThat(done.get().infoDictionary()).isEqualTo(INFO);
        assertThat(done.get().infoHashes()).isEqualTo(HASHES);
        assertThat(a.nextMissing()).isEmpty();
    }

    @Test
    void metadataOfAnotherTorrentIsRejectedAndTheAssemblerStartsAgain() {
        byte[] other = MetadataFixtures.infoDictionary(2000, "evil");
        assertThat(other.length).isEqualTo(INFO.length);
        MetadataAssembler a = new MetadataAssembler(HASHES, INFO.length, LIMITS);
        a.add(piece(other, 0));
        a.add(piece(other, 1));
        fails(() -> a.add(piece(other, 2)), Reason.METADATA_HASH_MISMATCH);
        assertThat(a.nextMissing()).hasValue(0);
        // Retrying with an honest peer succeeds.
        a.add(piece(INFO, 0));
        a.add(piece(INFO, 1));
        assertThat(a.add(piece(INFO, 2))).isPresent();
    }

    @Test
    void bytesThatAreNotAnInfoDictionaryAreRejected() {
        byte[] junk = new byte[100];
        MetadataAssembler a = new MetadataAssembler(HASHES, junk.length, LIMITS);
        fails(() -> a.add(piece(junk, 0)), Reason.METADATA_INVALID);
        assertThat(a.nextMissing()).hasValue(0);
    }

    @Test
    void rejectsPiecesThatDoNotFit() {
        MetadataAssembler a = new MetadataAssembler(HASHES, INFO.length, LIMITS);
        fails(() -> a.add(new UtMetadataMessage.Data(0, INFO.length + 1, new byte[16384])), Reason.INVALID_FIELD);
        fails(() -> a.add(new UtMetadataMessage.Data(0, INFO.length, new byte[100])), Reason.WRONG_PIECE_SIZE);
        fails(() -> a.add(new UtMetadataMessage.Data(2, INFO.length, new byte[16384])), Reason.WRONG_PIECE_SIZE);
        // A piece past the end cannot reach the assembler: the decoder refuses it (UtMetadataTest).
    }

    @Test
    void rejectsSizesOutOfBounds() {
        fails(() -> new MetadataAssembler(HASHES, 0, LIMITS), Reason.INVALID_FIELD);
        fails(() -> new MetadataAssembler(HASHES, 101, LIMITS.withMaxMetadataSize(100)), Reason.METADATA_TOO_LARGE);
        assertThat(new MetadataAssembler(HASHES, LIMITS.maxMetadataSize(), LIMITS).pieceCount()).isEqualTo(1920);
    }

    @Test
    void theProviderServesPiecesThatTheAssemblerAccepts() {
        MetadataProvider provider = new MetadataProvider(TorrentInfo.fromInfoDictionary(INFO, HASHES));
        assertThat(provider.metadataSize()).isEqualTo(INFO.length);
        MetadataAssembler a = new MetadataAssembler(HASHES, provider.metadataSize(), LIMITS);
        Optional<TorrentInfo> done = Optional.empty();
        while (a.nextMissing().isPresent()) {
            UtMetadataMessage reply = provider.respond(new UtMetadataMessage.Request(a.nextMissing().getAsInt()));
            // Through the wire format and back, as a peer would see it.
            UtMetadataMessage decoded = UtMetadataCodec.decode(UtMetadataCodec.encode(reply), LIMITS);
            done = a.add((UtMetadataMessage.Data) decoded);
        }
        assertThat(done.orElseThrow().infoDictionary()).isEqualTo(INFO);
        assertThat(provider.respond(new UtMetadataMessage.Request(3))).isEqualTo(new UtMetadataMessage.Reject(3));
    }
}
