#!/usr/bin/python3
# A libtorrent 2.0 client for interop tests and benchmarks, driven through stdin/stdout.
# Self-contained: it needs only Debian's /usr/bin/python3 with python3-libtorrent (another Python,
# e.g. pyenv's, does not see the bindings). See ../shared/INTEROP-NOTES.md for why each setting is here.
#
#   lt_client.py seed     --torrent FILE --save DIR [options]
#   lt_client.py download (--torrent FILE | --magnet URI) --save DIR [options]
#
# Options: --peer HOST:PORT (repeatable; dialed at start and re-dialed while no peer is connected),
#   --utp (TCP only unless given), --encryption (plaintext only unless given: MSE/PE disabled both ways),
#   --socket-buffer BYTES (send and receive buffers; 0 = the OS default),
#   --upload-limit / --download-limit BYTES_PER_SECOND (0 = unlimited),
#   --status-interval SECONDS (default 0.5), --listen HOST (default 127.0.0.1).
#
# Stdout: one JSON object per line.
#   {"event":"listening","port":N}
#   {"event":"status","progress":0.0..1.0,"state":"downloading",...,"peers":N,"totalDownload":BYTES,...}
#   {"event":"finished","seconds":S}  a downloader: every piece passed and the data is flushed to the
#       files (libtorrent says "finished" before its last block reaches the disk); a seed: checked and
#       seeding. S counts from adding the torrent.
#   {"event":"error","message":"..."}  a torrent or listen error, or a bad command
#   {"event":"usage","maxRssKiB":N,"cpuSeconds":S}  this process's own figures, last line before exit
# Stdin: "connect HOST PORT" dials a peer; "status" prints a status line now; "quit" (or end of
#   input, e.g. the parent died) ends the process.
import argparse, json, queue, resource, sys, threading, time
import libtorrent as lt


def emit(event, **fields):
    fields = dict(event=event, **fields)
    sys.stdout.write(json.dumps(fields, separators=(',', ':')) + '\n')
    sys.stdout.flush()


def peer_arg(text):
    host, _, port = text.rpartition(':')
    return host.strip('[]'), int(port)


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument('mode', choices=['seed', 'download'])
    p.add_argument('--torrent')
    p.add_argument('--magnet')
    p.add_argument('--save', required=True)
    p.add_argument('--peer', action='append', default=[], type=peer_arg)
    p.add_argument('--utp', action='store_true')
    p.add_argument('--encryption', action='store_true')
    p.add_argument('--socket-buffer', type=int, default=0)
    p.add_argument('--upload-limit', type=int, default=0)
    p.add_argument('--download-limit', type=int, default=0)
    p.add_argument('--status-interval', type=float, default=0.5)
    p.add_argument('--listen', default='127.0.0.1')
    args = p.parse_args()
    if (args.torrent is None) == (args.magnet is None):
        p.error('exactly one of --torrent and --magnet')
    if args.mode == 'seed' and args.magnet is not None:
        p.error('a seed needs --torrent')
    return args


def make_session(args):
    enc = lt.enc_policy.enabled if args.encryption else lt.enc_policy.pe_disabled
    settings = {
        'listen_interfaces': '%s:0' % args.listen,
        # In the constructor: set afterwards, DHT/LSD/UPnP/NAT-PMP would already have started.
        'enable_dht': False, 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
        'enable_outgoing_utp': args.utp, 'enable_incoming_utp': args.utp,
        # Without it, meeting its own address once makes libtorrent refuse every 127.0.0.1 peer.
        'allow_multiple_connections_per_ip': True,
        'in_enc_policy': int(enc), 'out_enc_policy': int(enc),
        'allowed_enc_level': int(lt.enc_level.both if args.encryption else lt.enc_level.plaintext),
        'upload_rate_limit': args.upload_limit, 'download_rate_limit': args.download_limit,
        'alert_mask': lt.alert.category_t.error_notification | lt.alert.category_t.storage_notification
            | lt.alert.category_t.status_notification,
    }
    if args.socket_buffer > 0:
        settings['recv_socket_buffer_size'] = args.socket_buffer
        settings['send_socket_buffer_size'] = args.socket_buffer
    ses = lt.session(settings)
    if args.upload_limit > 0 or args.download_limit > 0:
        # libtorrent puts local networks (127.0.0.0/8 included) in its local peer class, which
        # the session's rate limits do not cover: put every address in the global class instead
        # (peer class 0), or the limits do nothing on loopback.
        every_address = lt.ip_filter()
        every_address.add_rule('0.0.0.0', '255.255.255.255', 1 << 0)
        ses.set_peer_class_filter(every_address)
    return ses


def read_commands(commands):
    for line in sys.stdin:
        commands.put(line.strip())
    commands.put('quit')  # end of input: the parent is gone


def main():
    args = parse_args()
    ses = make_session(args)
    if args.torrent is not None:
        params = lt.add_torrent_params()
        params.ti = lt.torrent_info(args.torrent)
    else:
        params = lt.parse_magnet_uri(args.magnet)
    params.save_path = args.save
    # Not auto-managed: otherwise libtorrent starts it only about 0.5 s later.
    params.flags &= ~lt.torrent_flags.auto_managed
    params.flags &= ~lt.torrent_flags.paused

    deadline = time.time() + 30
    while not ses.is_listening() or ses.listen_port() == 0:
        if time.time() > deadline:
            emit('error', message='never listened')
            sys.exit(2)
        time.sleep(0.02)
    emit('listening', port=ses.listen_port())

    started = time.monotonic()
    h = ses.add_torrent(params)
    peers = list(args.peer)
    for peer in peers:
        h.connect_peer(peer)

    commands = queue.Queue(maxsize=1000)
    threading.Thread(target=read_commands, args=(commands,), daemon=True).start()

    finished = False
    flushing = False
    last_status = 0.0
    last_dial = time.monotonic()
    while True:
        ses.wait_for_alert(50)
        for a in ses.pop_alerts():
            if isinstance(a, lt.cache_flushed_alert) and flushing and not finished:
                finished = True
                emit_status(h.status())  # the figures at the finish, not half a second old
                emit('finished', seconds=round(time.monotonic() - started, 3))
            elif isinstance(a, (lt.torrent_error_alert, lt.file_error_alert, lt.listen_failed_alert,
                                lt.metadata_failed_alert)):
                emit('error', message=a.message())
        s = h.status()
        done = s.has_metadata and (s.is_finished or s.is_seeding)
        if done and not flushing:
            # libtorrent reports completion before the last block is on disk: flush and wait.
            flushing = True
            h.flush_cache()
        now = time.monotonic()
        if now - last_status >= args.status_interval:
            last_status = now
            emit_status(s)
        # A refused or dropped dial is retried once a second while nobody is connected, until this
        # client has what it needs (a downloader: everything; a seed: someone took data).
        wants_peers = not done or (args.mode == 'seed' and s.all_time_upload == 0)
        if peers and wants_peers and s.num_peers == 0 and now - last_dial >= 1.0:
            last_dial = now
            for peer in peers:
                h.connect_peer(peer)
        while True:
            try:
                command = commands.get_nowait()
            except queue.Empty:
                break
            words = command.split()
            if not words:
                continue
            if words[0] == 'quit':
                usage = resource.getrusage(resource.RUSAGE_SELF)
                emit('usage', maxRssKiB=usage.ru_maxrss, cpuSeconds=round(usage.ru_utime + usage.ru_stime, 3))
                return
            if words[0] == 'status':
                emit_status(h.status())
            elif words[0] == 'connect' and len(words) == 3 and words[2].isdigit():
                peer = (words[1], int(words[2]))
                if peer not in peers:
                    peers.append(peer)
                h.connect_peer(peer)
                last_dial = time.monotonic()
            else:
                emit('error', message='bad command: %s' % command)


def emit_status(s):
    emit('status', progress=round(s.progress, 6), state=str(s.state).rsplit('.', 1)[-1],
         downloadRate=s.download_payload_rate, uploadRate=s.upload_payload_rate, peers=s.num_peers,
         totalDownload=s.all_time_download, totalUpload=s.all_time_upload,
         totalWanted=s.total_wanted, totalDone=s.total_wanted_done)


if __name__ == '__main__':
    main()
