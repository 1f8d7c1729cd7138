#!/usr/bin/env bash
# Torrent creation throughput: Torrentine (v1, hybrid) against mktorrent and libtorrent's
# create_torrent + set_piece_hashes, on one file of random data held in the page cache.
#
# Usage: engine-examples/scripts/bench-create.sh [size-MiB] [piece-log2] [runs]
#   defaults: 1024 MiB, 2^19 = 512 KiB pieces (libtorrent's automatic size for 1 GiB), 3 runs.
# Needs: engine-examples/target/torrentine.jar (mvn -pl engine-examples -am package -DskipTests),
#        mktorrent, and python3-libtorrent in /usr/bin/python3.
# Runs are interleaved (every tool once per round) because the load of a shared machine drifts.
# Each line reports wall time, MB/s (10^6 bytes per second of wall time), the CPU seconds the
# process used (user + system, from /usr/bin/time) and the 1-minute load average before the run.
# "torrentine v1"/"hybrid" are the CLI as a user runs it (JVM start-up included); the ", warm"
# lines time a second creation inside one JVM (CreateBenchmark), i.e. the hashing alone.
# The data file is deleted at the end.
set -euo pipefail

size_mib=${1:-1024}
piece_log2=${2:-19}
runs=${3:-3}
piece=$((1 << piece_log2))
threads=2

here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../target/torrentine.jar"
[[ -f $jar ]] || { echo "build first: mvn -pl engine-examples -am package -DskipTests" >&2; exit 1; }
command -v mktorrent >/dev/null || { echo "mktorrent missing (apt-get install mktorrent)" >&2; exit 1; }
/usr/bin/python3 -c 'import libtorrent' || { echo "python3-libtorrent missing" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-create.XXXXXX")
trap 'rm -rf "$work"' EXIT
data="$work/data.bin"
head -c $((size_mib * 1024 * 1024)) /dev/urandom > "$data"
bytes=$(stat -c %s "$data")
cat "$data" > /dev/null   # into the page cache

lt_script='
import sys, os, time, libtorrent as lt
path, mode, piece = sys.argv[1], sys.argv[2], int(sys.argv[3])
flags = lt.create_torrent.v1_only if mode == "v1" else 0
fs = lt.file_storage()
lt.add_files(fs, path)
ct = lt.create_torrent(fs, piece, flags=flags)
lt.set_piece_hashes(ct, os.path.dirname(path))
ct.generate()
'

# run <label> <bytes> <command...>: prints one result line.
run() {
    local label=$1 size=$2; shift 2
    local load start end cpu
    load=$(cut -d' ' -f1 /proc/loadavg)
    start=$(date +%s.%N)
    /usr/bin/time -f '%U %S' -o "$work/time" "$@" > /dev/null 2> "$work/err" \
        || { cat "$work/err" >&2; exit 1; }
    end=$(date +%s.%N)
    cpu=$(tail -1 "$work/time")
    awk -v l="$label" -v s="$start" -v e="$end" -v b="$size" -v c="$cpu" -v load="$load" 'BEGIN {
        split(c, u, " "); t = e - s;
        rate = b < 1000000 ? "-" : sprintf("%.0f", b / t / 1e6);
        printf "| %-24s | %6.2f | %7s | %6.2f | %5s |\n", l, t, rate, u[1] + u[2], load }'
}

echo "Data: $bytes bytes, piece $piece, $runs rounds, $(nproc) cores"
echo "Command: $0 $size_mib $piece_log2 $runs"
echo
echo "| tool                     | wall s |    MB/s |  cpu s | load  |"
echo "|--------------------------|-------:|--------:|-------:|------:|"
# What the JVM costs before any hashing: the CLI on a one-byte file.
head -c 1 /dev/urandom > "$work/tiny"
run "torrentine 1-byte file" 1 java -cp "$jar" io.torrentine.examples.cli.TorrentineCli create \
    "$work/tiny" -o "$work/tiny.torrent" --no-progress
# warm <label> <version>: the harness in one JVM, one untimed creation first (JIT warm-up),
# then the timed one: Torrentine's hashing without JVM start-up.
warm() {
    local label=$1 version=$2 load
    load=$(cut -d' ' -f1 /proc/loadavg)
    java -cp "$jar" io.torrentine.examples.bench.CreateBenchmark "$data" "$version" "$piece" \
        "$threads" 2 | tail -1 | awk -v l="$label" -v load="$load" '{
        printf "| %-24s | %6.2f | %7.0f | %6.2f | %5s |\n", l, $5, $6, $7, load }'
}

for round in $(seq 1 "$runs"); do
    run "torrentine v1" "$bytes" java -cp "$jar" io.torrentine.examples.cli.TorrentineCli create "$data" \
        -o "$work/t1.torrent" --v1 --piece-size "$piece" --threads "$threads" --no-progress
    rm -f "$work/m.torrent"
    run "mktorrent -t $threads" "$bytes" mktorrent -t "$threads" -l "$piece_log2" \
        -a http://127.0.0.1:6969/announce -o "$work/m.torrent" "$data"
    run "libtorrent v1" "$bytes" /usr/bin/python3 -c "$lt_script" "$data" v1 "$piece"
    run "torrentine hybrid" "$bytes" java -cp "$jar" io.torrentine.examples.cli.TorrentineCli create "$data" \
        -o "$work/th.torrent" --hybrid --piece-size "$piece" --threads "$threads" --no-progress
    run "libtorrent hybrid" "$bytes" /usr/bin/python3 -c "$lt_script" "$data" hybrid "$piece"
    warm "torrentine v1, warm" v1
    warm "torrentine hybrid, warm" hybrid
done
