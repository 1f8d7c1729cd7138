package io.torrentine.alert;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The kinds of alert that the session's alert mask enables or disables, as libtorrent's
 * {@code alert_category}. Every alert has exactly one. A disabled category costs nothing: the
 * engine does not even build its alerts. More categories (trackers have one already, the DHT will
 * have one) may be added in later releases.
 */
public enum AlertCategory {
    /**
     * Failures: a torrent stopped on an error, a storage operation or a listen socket failed,
     * alerts were dropped. Low volume; on by default.
     */
    ERROR,
    /**
     * A torrent's life: added, removed, metadata received, state changed, checked, finished,
     * paused, resumed, a piece failed its hash check; listen sockets opened. Low volume; on by
     * default.
     */
    STATUS,
    /**
     * Storage operations that succeeded: moved, file renamed, files deleted, resume data
     * saved. Low volume; on by default.
     */
    STORAGE,
    /** A setting or resource limits performance. Rare; on by default. */
    PERFORMANCE,
    /**
     * Peers connecting and disconnecting: one alert per connection that completed its
     * handshake, one per connection closed (outgoing attempts that failed included). High
     * volume on a busy session; off by default.
     */
    CONNECT,
    /** Notable peer events such as bans. Off by default. */
    PEER,
    /** Piece-level progress: one alert per finished piece. High volume; off by default. */
    PROGRESS,
    /** Tracker announces and their errors (alerts to come). Off by default. */
    TRACKER,
    /** Session statistics. Off by default; statistics asked for by a call are posted anyway. */
    STATS;

    private static final Set<AlertCategory> DEFAULTS =
            Collections.unmodifiableSet(EnumSet.of(ERROR, STATUS, STORAGE, PERFORMANCE));

    /**
     * The categories a session enables unless told otherwise: {@link #ERROR}, {@link #STATUS},
     * {@link #STORAGE} and {@link #PERFORMANCE}, the low-volume ones an application usually acts
     * on. libtorrent enables only errors by default; Torrentine also enables a torrent's life
     * events, because an application that misses {@link TorrentFinishedAlert} by default is a
     * common surprise, and they cost little.
     *
     * @return an unmodifiable set
     */
    public static Set<AlertCategory> defaults() {
        return DEFAULTS;
    }
}
