package io.torrentine.internal.tracker;

import io.torrentine.session.TrackerException;
import io.torrentine.session.TrackerException.Reason;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects an HTTP body into a byte array, but stops reading (cancelling the subscription, which
 * closes the connection) as soon as it passes the size limit, so a tracker cannot make us buffer
 * an unbounded body. Demand is one chunk at a time.
 */
final class LimitedBodySubscriber implements BodySubscriber<byte[]> {
    private final int limit;
    private final String url;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    /**
     * Creates the subscriber.
     *
     * @param limit the most bytes accepted
     * @param url the tracker's URL, for errors
     */
    LimitedBodySubscriber(int limit, String url) {
        this.limit = limit;
        this.url = url;
    }

    /**
     * A subscriber that refuses the body at once: for a {@code Content-Length} over the limit, or
     * for a status whose body we do not read.
     *
     * @param error the failure, or null to complete with an empty body
     * @return the subscriber
     */
    static BodySubscriber<byte[]> refusing(TrackerException error) {
        return new BodySubscriber<>() {
            private final CompletableFuture<byte[]> result = new CompletableFuture<>();

            @Override
            public CompletionStage<byte[]> getBody() {
                return result;
            }

            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.cancel();
                if (error == null) {
                    result.complete(new byte[0]);
                } else {
                    result.completeExceptionally(error);
                }
            }

            @Override
            public void onNext(List<ByteBuffer> item) {
                // Cancelled in onSubscribe: nothing more is read.
            }

            @Override
            public void onError(Throwable throwable) {
                result.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                result.complete(new byte[0]);
            }
        };
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer b : item) {
            if (bytes.size() + (long) b.remaining() > limit) {
                subscription.cancel();
                body.completeExceptionally(new TrackerException(Reason.RESPONSE_TOO_LARGE, url,
                        "body over " + limit + " bytes"));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            bytes.writeBytes(chunk);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable throwable) {
        body.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        body.complete(bytes.toByteArray());
    }
}
