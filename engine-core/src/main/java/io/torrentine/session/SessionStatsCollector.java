package io.torrentine.session;

import io.torrentine.internal.session.SessionCore;
import io.torrentine.internal.torrent.Torrent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Sums every torrent's counters, each read on its own loop, into {@link SessionStats}. */
final class SessionStatsCollector {
    private SessionStatsCollector() {
    }

    static CompletableFuture<SessionStats> collect(SessionCore core) {
        List<Torrent> torrents = core.torrents();
        List<CompletableFuture<double[]>> parts = new ArrayList<>();
        for (Torrent t : torrents) {
            parts.add(t.call(() -> {
                long[] c = t.counters();
                double[] r = t.rates();
                return new double[] {c[0], c[1], c[2], c[3], c[4], c[5], r[0], r[1]};
            }).exceptionally(e -> new double[8]));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            double[] sum = new double[8];
            for (CompletableFuture<double[]> p : parts) {
                double[] x = p.join();
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += x[i];
                }
            }
            return new SessionStats((long) sum[0], (long) sum[1], sum[6], sum[7], torrents.size(), (int) sum[3],
                    core.disk().queuedWriteBytes(), (long) sum[4], (long) sum[5], (long) sum[2]);
        });
    }
}
