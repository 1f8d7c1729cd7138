package io.torrentine.internal.torrent;

import io.torrentine.internal.choke.ChokerSettings;
import io.torrentine.internal.choke.SeedingAlgorithm;
import io.torrentine.session.SeedChokingAlgorithm;
import io.torrentine.session.SessionSettings;
import java.time.Duration;

/** The choker's settings from the session's. */
final class ChokerSettingsFactory {
    private ChokerSettingsFactory() {
    }

    static ChokerSettings from(SessionSettings s) {
        SeedingAlgorithm seeding = s.seedChokingAlgorithm() == SeedChokingAlgorithm.FASTEST_UPLOAD
                ? SeedingAlgorithm.FASTEST_UPLOAD : SeedingAlgorithm.ROUND_ROBIN;
        return new ChokerSettings(s.uploadSlots(), Duration.ofSeconds(10), Duration.ofSeconds(30), seeding, 1);
    }
}
