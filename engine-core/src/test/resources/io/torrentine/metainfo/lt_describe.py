# Prints libtorrent's view of a .torrent file as JSON (name, hashes, pieces, files).
import json, sys
import libtorrent as lt

ti = lt.torrent_info(sys.argv[1])
fs = ti.files()
ih = ti.info_hashes()
files = []
for i in range(fs.num_files()):
    flags = fs.file_flags(i)
    files.append({"path": fs.file_path(i), "size": fs.file_size(i),
                  "pad": bool(flags & lt.file_storage.flag_pad_file)})
print(json.dumps({
    "name": ti.name(),
    "v1": str(ih.v1) if ih.has_v1() else None,
    "v2": str(ih.v2) if ih.has_v2() else None,
    "pieceLength": ti.piece_length(),
    "pieceCount": ti.num_pieces(),
    "totalSize": ti.total_size(),
    "files": files,
}))
