package io.torrentine.internal.session;

import io.torrentine.alert.AlertCategory;
import io.torrentine.alert.ListenFailedAlert;
import io.torrentine.alert.ListenProtocol;
import io.torrentine.alert.ListenSucceededAlert;
import io.torrentine.internal.alert.AlertQueue;
import java.net.InetSocketAddress;
import java.time.Clock;

/** The session's own alerts (not about one torrent). */
final class TorrentAlertsBridge {
    private TorrentAlertsBridge() {
    }

    static void listening(AlertQueue alerts, Clock clock, InetSocketAddress address) {
        if (alerts.wants(AlertCategory.STATUS)) {
            alerts.post(new ListenSucceededAlert(clock.instant(), address, ListenProtocol.TCP));
        }
    }

    static void listenFailed(AlertQueue alerts, Clock clock, InetSocketAddress address, Throwable e) {
        if (alerts.wants(AlertCategory.ERROR)) {
            alerts.post(new ListenFailedAlert(clock.instant(), address, ListenProtocol.TCP,
                    e instanceof Exception ex ? ex : new IllegalStateException(e)));
        }
    }
}
