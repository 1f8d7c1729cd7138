# Creates a torrent with libtorrent: lt_create.py <path> <out> <v1|v2|hybrid> <piece-size>
import sys
import libtorrent as lt

path, out, version, piece_size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
fs = lt.file_storage()
lt.add_files(fs, path)
flags = {"v1": lt.create_torrent.v1_only, "v2": lt.create_torrent.v2_only, "hybrid": 0}[version]
ct = lt.create_torrent(fs, piece_size, flags=flags)
ct.add_tracker("http://127.0.0.1:1/announce")
import os
lt.set_piece_hashes(ct, os.path.dirname(os.path.abspath(path)))
with open(out, "wb") as f:
    f.write(lt.bencode(ct.generate()))
