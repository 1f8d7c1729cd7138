package io.torrentine.internal.peer;

import io.netty.util.ReferenceCountUtil;
import io.torrentine.internal.peer.extension.ExtensionHandshake;
import io.torrentine.internal.peer.extension.UtMetadataMessage;
import io.torrentine.internal.peer.wire.PeerMessage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/** Records a connection's events for tests; releases pieces unless a handler takes them. */
class RecordingListener implements PeerConnectionListener {
    final List<PeerMessage> messages = new CopyOnWriteArrayList<>();
    final List<PeerMessage.Request> timedOut = new CopyOnWriteArrayList<>();
    final List<UtMetadataMessage> metadata = new CopyOnWriteArrayList<>();
    final List<Integer> dontHave = new CopyOnWriteArrayList<>();
    final CompletableFuture<PeerConnection> connected = new CompletableFuture<>();
    final CompletableFuture<ExtensionHandshake> extensionHandshake = new CompletableFuture<>();
    final CompletableFuture<Optional<Throwable>> closed = new CompletableFuture<>();
    volatile PeerMessage announcement;
    volatile BiConsumer<PeerConnection, PeerMessage> onMessage;

    @Override
    public Optional<PeerMessage> announcement(PeerConnection connection) {
        return Optional.ofNullable(announcement);
    }

    @Override
    public void onConnected(PeerConnection connection) {
        connected.complete(connection);
    }

    @Override
    public void onExtensionHandshake(PeerConnection connection, ExtensionHandshake handshake) {
        extensionHandshake.complete(handshake);
    }

    @Override
    public void onMessage(PeerConnection connection, PeerMessage message) {
        BiConsumer<PeerConnection, PeerMessage> handler = onMessage;
        if (handler != null) {
            handler.accept(connection, message);
            return;
        }
        messages.add(message instanceof PeerMessage.Piece p
                ? new PeerMessage.Request(p.index(), p.begin(), p.block().readableBytes()) : message);
        ReferenceCountUtil.release(message);
    }

    @Override
    public void onMetadataMessage(PeerConnection connection, UtMetadataMessage message) {
        metadata.add(message);
    }

    @Override
    public void onDontHave(PeerConnection connection, int piece) {
        dontHave.add(piece);
    }

    @Override
    public void onRequestTimedOut(PeerConnection connection, PeerMessage.Request request) {
        timedOut.add(request);
    }

    @Override
    public void onClosed(PeerConnection connection, Optional<Throwable> cause) {
        closed.complete(cause);
    }
}
