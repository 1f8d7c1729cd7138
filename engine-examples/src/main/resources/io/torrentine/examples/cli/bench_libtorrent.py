#!/usr/bin/python3
"""libtorrent's side of `torrentine bench`: a seed or a downloader on 127.0.0.1, TCP only.

Usage (Debian's /usr/bin/python3, which has python3-libtorrent):
    bench_libtorrent.py seed <file.torrent> <save path> <timeout s>
        checks the data, prints {"event":"seeding","port":N} once it seeds, then seeds until its
        stdin closes (the parent ends it by PID; EOF covers a parent that died) or the timeout.
    bench_libtorrent.py download <file.torrent> <save path> <peer port> <interval ms> <timeout s>
        dials 127.0.0.1:<peer port> and prints one JSON line every <interval ms>, with the fields
        of `torrentine download --json` (progress, downloadRate, uploadRate, peers, state,
        piecesHave, pieceCount, totalDownloaded, totalUploaded), until every piece is verified;
        that line has "state":"finished" or "seeding". Exits 0 then, 1 on a timeout or error.

Both ends use the same settings: libtorrent 2.0's defaults except those set in SETTINGS below.
"""
import json
import sys
import threading
import time

import libtorrent as lt

# Settings go to the session constructor: DHT, LSD, UPnP and NAT-PMP would start before a later
# apply_settings could switch them off (INTEROP-NOTES.md).
SETTINGS = {
    'listen_interfaces': '127.0.0.1:0',
    'enable_dht': False, 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
    # TCP on both ends, as Torrentine (libtorrent dials uTP first when it is on).
    'enable_outgoing_utp': False, 'enable_incoming_utp': False,
    # Every peer here is 127.0.0.1; without this libtorrent allows one connection per IP.
    'allow_multiple_connections_per_ip': True,
    # Plaintext both ways: Torrentine has no MSE/PE yet, so the same for libtorrent-libtorrent.
    'out_enc_policy': int(lt.enc_policy.pe_disabled),
    'in_enc_policy': int(lt.enc_policy.pe_disabled),
    'alert_mask': lt.alert.category_t.error_notification,
}


def add(ses, torrent, save_path):
    params = lt.add_torrent_params()
    params.ti = lt.torrent_info(torrent)
    params.save_path = save_path
    # Not auto-managed: otherwise libtorrent waits about 0.5 s before starting it.
    params.flags &= ~lt.torrent_flags.auto_managed
    params.flags &= ~lt.torrent_flags.paused
    return ses.add_torrent(params)


def errors(ses):
    for a in ses.pop_alerts():
        if isinstance(a, (lt.file_error_alert, lt.torrent_error_alert, lt.listen_failed_alert)):
            sys.exit('libtorrent error: %s' % a.message())


def seed(torrent, save_path, timeout):
    ses = lt.session(SETTINGS)
    h = add(ses, torrent, save_path)
    deadline = time.monotonic() + timeout
    while not (h.status().is_seeding and ses.listen_port() != 0):
        errors(ses)
        if time.monotonic() > deadline:
            sys.exit('never seeding: %s' % h.status().state)
        time.sleep(0.05)
    print(json.dumps({'event': 'seeding', 'port': ses.listen_port()}), flush=True)
    # Seeds until stdin closes or the timeout; the parent normally ends it by PID first.
    t = threading.Thread(target=sys.stdin.read, daemon=True)
    t.start()
    t.join(timeout)


def state_name(s):
    if s.is_seeding:
        return 'seeding'
    if s.is_finished:
        return 'finished'
    return str(s.state)


def download(torrent, save_path, port, interval_ms, timeout):
    ses = lt.session(SETTINGS)
    h = add(ses, torrent, save_path)
    pieces = h.torrent_file().num_pieces()
    peer = ('127.0.0.1', port)
    h.connect_peer(peer)
    last_dial = time.monotonic()
    deadline = last_dial + timeout
    while True:
        s = h.status()
        name = state_name(s)
        print(json.dumps({
            'progress': round(s.progress, 4), 'downloadRate': s.download_payload_rate,
            'uploadRate': s.upload_payload_rate, 'peers': s.num_peers, 'state': name,
            'piecesHave': s.num_pieces, 'pieceCount': pieces,
            'totalDownloaded': s.total_payload_download, 'totalUploaded': s.total_payload_upload,
        }, separators=(',', ':')), flush=True)
        if name in ('finished', 'seeding'):
            return
        errors(ses)
        now = time.monotonic()
        if now > deadline:
            sys.exit('timed out at %.1f%%: state %s, peers %d' % (100 * s.progress, s.state, s.num_peers))
        # A dial refused or closed early is retried once a second.
        if s.num_peers == 0 and now - last_dial > 1:
            h.connect_peer(peer)
            last_dial = now
        time.sleep(interval_ms / 1000.0)


def main():
    args = sys.argv[1:]
    if len(args) == 4 and args[0] == 'seed':
        seed(args[1], args[2], float(args[3]))
    elif len(args) == 6 and args[0] == 'download':
        download(args[1], args[2], int(args[3]), int(args[4]), float(args[5]))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == '__main__':
    main()
