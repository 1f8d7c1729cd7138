# libtorrent's side of ResumeDataInteropTest (python3-libtorrent 2.0).
#   write TORRENT OUT SAVE_PATH  write_resume_data_buf of hand-made add_torrent_params
#   session TORRENT OUT SAVE_PATH  a real session checks the data in SAVE_PATH, then save_resume_data
#   read RESUME                   read_resume_data, printed as "key value" lines
#   magnet TORRENT SEED_DIR OUT DOWNLOAD_DIR
#                                 a libtorrent seed of SEED_DIR, a libtorrent downloader from the
#                                 magnet link into DOWNLOAD_DIR; the downloader's save_resume_data
#   layers RESUME                 read_resume_data, then write_torrent_file: the piece layers it
#                                 rebuilt from trees ("layer ROOT LAYER", hex), or "error MESSAGE"
#   recheck RESUME SAVE_PATH      a session adds RESUME with SAVE_PATH, rechecks the files and
#                                 prints the pieces that passed ("have 0,1,...")
import sys
import time
import libtorrent as lt


def write(torrent, out, save_path):
    ti = lt.torrent_info(torrent)
    atp = lt.add_torrent_params()
    atp.ti = ti
    atp.info_hashes = ti.info_hashes()
    atp.save_path = save_path
    n = ti.num_pieces()
    atp.have_pieces = [i % 2 == 0 for i in range(n)]
    blocks = (ti.piece_size(1) + 16383) // 16384
    atp.unfinished_pieces = {1: [b % 2 == 0 for b in range(blocks)]}
    atp.file_priorities = [(i % 8) for i in range(ti.num_files())]
    atp.trackers = ['http://127.0.0.1:1/a', 'http://127.0.0.1:1/b', 'udp://127.0.0.1:2']
    atp.tracker_tiers = [0, 0, 1]
    atp.url_seeds = ['http://127.0.0.1:3/seed/']
    atp.name = 'named by libtorrent'
    atp.flags = lt.torrent_flags.paused | lt.torrent_flags.sequential_download
    atp.total_uploaded = 123456789
    atp.total_downloaded = 987654321
    atp.active_time = 3600
    atp.seeding_time = 60
    atp.added_time = 1700000000
    atp.completed_time = 1700003600
    atp.peers = [('127.0.0.1', 6881), ('::1', 6882)]
    with open(out, 'wb') as f:
        f.write(lt.write_resume_data_buf(atp))


def session(torrent, out, save_path):
    ses = lt.session({'listen_interfaces': '127.0.0.1:0', 'enable_dht': False, 'enable_lsd': False,
                      'enable_upnp': False, 'enable_natpmp': False,
                      'alert_mask': lt.alert.category_t.status_notification | lt.alert.category_t.error_notification})
    atp = lt.add_torrent_params()
    atp.ti = lt.torrent_info(torrent)
    atp.save_path = save_path
    atp.flags = lt.torrent_flags.sequential_download
    h = ses.add_torrent(atp)
    deadline = time.time() + 60
    # Adding runs a full check of the files already in SAVE_PATH.
    while h.status().state not in (lt.torrent_status.seeding, lt.torrent_status.downloading,
                                   lt.torrent_status.finished):
        if time.time() > deadline:
            sys.exit('libtorrent did not finish checking: %s' % h.status().state)
        time.sleep(0.05)
    h.pause()
    h.save_resume_data(lt.save_resume_flags_t.save_info_dict)
    while time.time() < deadline:
        ses.wait_for_alert(1000)
        for a in ses.pop_alerts():
            if isinstance(a, lt.save_resume_data_alert):
                with open(out, 'wb') as f:
                    f.write(lt.write_resume_data_buf(a.params))
                return
            if isinstance(a, lt.save_resume_data_failed_alert):
                sys.exit('save_resume_data failed: %s' % a.message())
    sys.exit('no save_resume_data_alert')


SETTINGS = {'listen_interfaces': '127.0.0.1:0', 'enable_dht': False, 'enable_lsd': False,
            'enable_upnp': False, 'enable_natpmp': False, 'allow_multiple_connections_per_ip': True,
            'alert_mask': lt.alert.category_t.status_notification | lt.alert.category_t.error_notification}


def wait_for(ses, alert_type, deadline, what):
    while time.time() < deadline:
        ses.wait_for_alert(500)
        for a in ses.pop_alerts():
            if isinstance(a, alert_type):
                return a
            if isinstance(a, (lt.save_resume_data_failed_alert, lt.torrent_error_alert)):
                sys.exit('%s: %s' % (what, a.message()))
    sys.exit('timed out waiting for ' + what)


def unpaused(atp):
    atp.flags &= ~lt.torrent_flags.paused
    atp.flags &= ~lt.torrent_flags.auto_managed
    return atp


def magnet(torrent, seed_dir, out, download_dir):
    deadline = time.time() + 60
    seed = lt.session(SETTINGS)
    atp = unpaused(lt.add_torrent_params())
    atp.ti = lt.torrent_info(torrent)
    atp.save_path = seed_dir
    s = seed.add_torrent(atp)
    while not s.status().is_seeding:
        if time.time() > deadline:
            sys.exit('the seed did not check its data: %s' % s.status().state)
        time.sleep(0.05)
    ses = lt.session(SETTINGS)
    p = unpaused(lt.parse_magnet_uri(lt.make_magnet_uri(atp.ti)))
    p.save_path = download_dir
    h = ses.add_torrent(p)
    while not h.status().is_seeding:
        if time.time() > deadline:
            sys.exit('the download did not finish: %s' % h.status().state)
        if h.status().num_peers == 0:
            h.connect_peer(('127.0.0.1', seed.listen_port()))
        time.sleep(0.1)
    h.save_resume_data(lt.save_resume_flags_t.save_info_dict | lt.save_resume_flags_t.flush_disk_cache)
    a = wait_for(ses, lt.save_resume_data_alert, deadline, 'save_resume_data')
    with open(out, 'wb') as f:
        f.write(lt.write_resume_data_buf(a.params))


def layers(path):
    with open(path, 'rb') as f:
        atp = lt.read_resume_data(f.read())
    try:
        torrent = lt.bdecode(lt.bencode(lt.write_torrent_file(atp)))
    except RuntimeError as e:
        print('error', e)
        return
    for root, layer in sorted(torrent.get(b'piece layers', {}).items()):
        print('layer', root.hex(), layer.hex())


def recheck(path, save_path):
    deadline = time.time() + 60
    with open(path, 'rb') as f:
        atp = unpaused(lt.read_resume_data(f.read()))
    atp.save_path = save_path
    ses = lt.session(SETTINGS)
    h = ses.add_torrent(atp)
    wait_for(ses, lt.torrent_checked_alert, deadline, 'the first check')
    h.force_recheck()
    wait_for(ses, lt.torrent_checked_alert, deadline, 'the recheck')
    print('have', ','.join(str(i) for i, b in enumerate(h.status().pieces) if b))


def read(path):
    with open(path, 'rb') as f:
        atp = lt.read_resume_data(f.read())
    ih = atp.info_hashes
    print('v1', str(ih.v1) if ih.has_v1() else '-')
    print('v2', str(ih.v2) if ih.has_v2() else '-')
    print('ti', '-' if atp.ti is None else str(atp.ti.info_hashes().v1) + ' ' + str(atp.ti.num_pieces()))
    print('save_path', atp.save_path)
    print('name', atp.name)
    print('file_priorities', ','.join(str(int(p)) for p in atp.file_priorities))
    print('have', ','.join(str(i) for i, b in enumerate(atp.have_pieces) if b))
    for piece, bits in sorted(atp.unfinished_pieces.items()):
        print('unfinished', piece, ','.join(str(i) for i, b in enumerate(bits) if b))
    print('trackers', ' '.join('%d:%s' % (t, u) for t, u in zip(atp.tracker_tiers, atp.trackers)))
    print('url_seeds', ' '.join(atp.url_seeds))
    print('peers', ' '.join('%s|%d' % (p[0], p[1]) for p in atp.peers))
    print('paused', int(bool(atp.flags & lt.torrent_flags.paused)))
    print('sequential', int(bool(atp.flags & lt.torrent_flags.sequential_download)))
    print('stats', atp.total_uploaded, atp.total_downloaded, atp.active_time, atp.seeding_time,
          atp.added_time, atp.completed_time)


if __name__ == '__main__':
    mode = sys.argv[1]
    if mode == 'write':
        write(*sys.argv[2:5])
    elif mode == 'session':
        session(*sys.argv[2:5])
    elif mode == 'read':
        read(sys.argv[2])
    elif mode == 'magnet':
        magnet(*sys.argv[2:6])
    elif mode == 'layers':
        layers(sys.argv[2])
    elif mode == 'recheck':
        recheck(*sys.argv[2:4])
    else:
        sys.exit('unknown mode ' + mode)
