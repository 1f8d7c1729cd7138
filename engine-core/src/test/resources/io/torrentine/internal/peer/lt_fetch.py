# Downloads one torrent with libtorrent on 127.0.0.1 for PeerIncomingInteropTest, from a magnet
# link only (so the metadata must come over BEP 9 ut_metadata), by dialing one given peer.
# Arguments: the magnet link, the save directory, the peer's port.
# Prints "done" once the torrent is finished and its data flushed to disk; exits non-zero otherwise.
import sys, time, libtorrent as lt

magnet, save_path, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
# Settings go to the constructor, or DHT/LSD/UPnP/NAT-PMP start before they are switched off.
ses = lt.session({
    'listen_interfaces': '127.0.0.1:0',
    'enable_dht': False, 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
    'enable_outgoing_utp': False, 'enable_incoming_utp': False,
    'allow_multiple_connections_per_ip': True,
    # By default libtorrent dials with MSE/PE encryption first and retries in plaintext when the
    # peer hangs up; Torrentine speaks plain BEP 3, so dial in plaintext from the start.
    'out_enc_policy': int(lt.enc_policy.pe_disabled),
    'alert_mask': lt.alert.category_t.error_notification | lt.alert.category_t.storage_notification
        | lt.alert.category_t.status_notification,
})
params = lt.parse_magnet_uri(magnet)
params.save_path = save_path
# Not auto-managed: otherwise libtorrent waits about 0.5 s before starting it (INTEROP-NOTES.md).
params.flags &= ~lt.torrent_flags.auto_managed
params.flags &= ~lt.torrent_flags.paused
h = ses.add_torrent(params)
h.connect_peer(('127.0.0.1', port))
deadline = time.time() + 60
last_dial = time.time()
while True:
    s = h.status()
    if s.has_metadata and (s.is_finished or s.is_seeding):
        break
    if time.time() > deadline:
        sys.exit('never finished: state %s, progress %.3f, peers %d, errors %s'
                 % (s.state, s.progress, s.num_peers, s.errc.message()))
    # A connection refused or closed early is dialed again, once a second.
    if s.num_peers == 0 and time.time() - last_dial > 1:
        h.connect_peer(('127.0.0.1', port))
        last_dial = time.time()
    time.sleep(0.05)
# libtorrent reports completion before the last block reaches the file (INTEROP-NOTES.md).
h.flush_cache()
flushed = False
while not flushed:
    if time.time() > deadline:
        sys.exit('cache never flushed')
    ses.wait_for_alert(100)
    for a in ses.pop_alerts():
        if isinstance(a, lt.cache_flushed_alert):
            flushed = True
print('done', flush=True)
