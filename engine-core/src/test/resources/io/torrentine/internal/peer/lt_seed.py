# Seeds one torrent with libtorrent on 127.0.0.1 for PeerConnectionInteropTest.
# Arguments: the .torrent file, the directory holding its content.
# Prints "port N" once listening and "seeding" once the content is checked; then runs until killed.
import sys, time, libtorrent as lt

torrent, save_path = sys.argv[1], sys.argv[2]
# Settings go to the constructor, or DHT/LSD/UPnP/NAT-PMP start before they are switched off.
ses = lt.session({
    'listen_interfaces': '127.0.0.1:0',
    'enable_dht': False, 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
    'enable_outgoing_utp': False, 'enable_incoming_utp': False,
    'allow_multiple_connections_per_ip': True,
    'alert_mask': lt.alert.category_t.error_notification,
})
h = ses.add_torrent({'ti': lt.torrent_info(torrent), 'save_path': save_path})
deadline = time.time() + 60
while not ses.is_listening() or ses.listen_port() == 0:
    if time.time() > deadline:
        sys.exit('never listened')
    time.sleep(0.05)
print('port %d' % ses.listen_port(), flush=True)
while not h.status().is_seeding:
    if time.time() > deadline:
        sys.exit('never seeding: %s' % h.status().state)
    time.sleep(0.05)
print('seeding', flush=True)
while True:
    time.sleep(1)
