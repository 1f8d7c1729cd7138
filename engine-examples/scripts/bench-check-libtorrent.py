#!/usr/bin/python3
"""Times libtorrent's force_recheck of data already on disk.

Usage: /usr/bin/python3 bench-check-libtorrent.py <file.torrent> <save path> [runs] [hashing_threads]

The torrent is added in seed mode (so adding does not hash anything), then each run calls
force_recheck() and times it until the torrent_checked_alert. DHT, LSD, UPnP and NAT-PMP are off
and the session listens on loopback only. hashing_threads is libtorrent's setting (default 1 in
2.0.8); 0 leaves the default. One line per run:
    libtorrent <hashing_threads> <run> <seconds> <MB/s> <have>/<pieces> <state> <cpu seconds>
(MB = 10^6 bytes per second of wall time; CPU seconds of the whole process, all of libtorrent's
threads, during the recheck.)
"""
import resource
import sys
import time

import libtorrent as lt


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    torrent, save_path = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    hashing_threads = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    settings = {
        'enable_dht': False, 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
        'listen_interfaces': '127.0.0.1:0',
        'alert_mask': lt.alert.category_t.status_notification | lt.alert.category_t.error_notification
                      | lt.alert.category_t.storage_notification,
    }
    if hashing_threads > 0:
        settings['hashing_threads'] = hashing_threads
    session = lt.session(settings)
    ti = lt.torrent_info(torrent)
    params = lt.add_torrent_params()
    params.ti = ti
    params.save_path = save_path
    params.flags = lt.torrent_flags.seed_mode
    handle = session.add_torrent(params)
    # Seed mode posts its own torrent_checked_alert at once; take it before timing anything.
    wait_for(session, lt.torrent_checked_alert, 60)
    shown_threads = hashing_threads if hashing_threads > 0 else lt.default_settings()['hashing_threads']
    for run in range(1, runs + 1):
        session.pop_alerts()
        cpu_start = cpu()
        start = time.perf_counter()
        handle.force_recheck()
        wait_for(session, lt.torrent_checked_alert, 3600)
        seconds = time.perf_counter() - start
        cpu_seconds = cpu() - cpu_start
        status = handle.status()
        have = sum(1 for p in status.pieces if p)
        print('libtorrent %d %d %.3f %.1f %d/%d %s %.3f' % (shown_threads, run, seconds,
              ti.total_size() / seconds / 1e6, have, ti.num_pieces(), status.state, cpu_seconds), flush=True)
    session.remove_torrent(handle)


def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def wait_for(session, alert_type, timeout):
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if session.wait_for_alert(100) is None:
            continue
        for a in session.pop_alerts():
            if isinstance(a, alert_type):
                return a
            if isinstance(a, (lt.file_error_alert, lt.torrent_error_alert)):
                raise SystemExit('libtorrent error: %s' % a.message())
    raise SystemExit('timed out waiting for %s' % alert_type.__name__)


if __name__ == '__main__':
    main()
