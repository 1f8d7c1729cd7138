#!/usr/bin/env bash
# Checking speed: Torrentine's `check` (CLI and warm, in one JVM) against libtorrent's
# force_recheck of the same data, for a 1 GiB single-file torrent and a 1 GiB torrent of 200
# files, with the data in the page cache. Plus the machine's single-core SHA-1 speed.
#
# Usage: engine-examples/scripts/bench-check.sh [runs] [size-MiB]
#   defaults: 3 rounds, 1024 MiB. Pieces are 512 KiB, v1 torrents made by our creator.
# Needs: engine-examples/target/torrentine.jar (mvn -pl engine-examples -am package -DskipTests),
#        python3-libtorrent in /usr/bin/python3, openssl.
# Rounds are interleaved (every tool once per round) because the load of a shared machine drifts.
# Each line reports wall time, MB/s (10^6 bytes per second of wall time), the CPU seconds used
# (user + system) and the 1-minute load average before the run. "torrentine check" is the CLI
# as a user runs it (JVM start-up included); "warm" is the second of two checks in one JVM
# (CheckBenchmark); libtorrent's figure is force_recheck until torrent_checked_alert, the
# session already running (its CPU is the Python process's, all libtorrent threads, during the
# recheck). The data is deleted at the end.
set -euo pipefail

runs=${1:-3}
size_mib=${2:-1024}
piece=$((512 * 1024))
files=200

here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../target/torrentine.jar"
[[ -f $jar ]] || { echo "build first: mvn -pl engine-examples -am package -DskipTests" >&2; exit 1; }
/usr/bin/python3 -c 'import libtorrent' || { echo "python3-libtorrent missing" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
bytes=$((size_mib * 1024 * 1024))
pieces=$(((bytes + piece - 1) / piece))
mkdir -p "$work/single" "$work/multi/many"
head -c "$bytes" /dev/urandom > "$work/single/one.bin"
# 200 files of (nearly) equal size adding up to the same bytes, cut from the same random data.
per=$((bytes / files))
for i in $(seq 0 $((files - 1))); do
    n=$per
    [[ $i -eq $((files - 1)) ]] && n=$((bytes - per * (files - 1)))
    dd if="$work/single/one.bin" of="$work/multi/many/f$(printf %03d "$i")" bs=1M iflag=skip_bytes,count_bytes \
        skip=$((i * per)) count="$n" status=none
done
cli() { java -cp "$jar" io.torrentine.examples.cli.TorrentineCli "$@"; }
cli create "$work/single/one.bin" -o "$work/single.torrent" --v1 --piece-size "$piece" --no-progress --no-date >/dev/null
cli create "$work/multi/many" -o "$work/multi.torrent" --v1 --piece-size "$piece" --no-progress --no-date >/dev/null
cat "$work/single/one.bin" "$work/multi/many/"* > /dev/null   # into the page cache

echo "Data: $bytes bytes per torrent, piece $piece, $runs rounds, $(nproc) cores"
echo "Command: $0 $runs $size_mib"
echo
echo "Single-core SHA-1 (openssl speed -bytes 16384 sha1, 16 KiB blocks):"
openssl speed -seconds 3 -bytes 16384 sha1 2>/dev/null | awk '/^sha1/ { printf "  %s MB/s (openssl reports %s)\n", $2 / 1000, $2 }'
echo "Single-core SHA-1 in the JVM (MessageDigest, 512 KiB buffers, best of 5 rounds of 2 s):"
java -cp "$jar" io.torrentine.examples.bench.Sha1Speed 524288 5 | sort -k4 -n | tail -1 | awk '{ printf "  %s MB/s\n", $4 }'
echo

# row <label> <threads> <seconds> <cpu> <load>
row() {
    awk -v l="$1" -v th="$2" -v t="$3" -v c="$4" -v load="$5" -v b="$bytes" 'BEGIN {
        cpu = c == "-" ? "-" : sprintf("%.2f", c);
        printf "| %-34s | %2s | %6.2f | %6.0f | %6s | %5s |\n", l, th, t, b / t / 1e6, cpu, load }'
}

# timed <label> <threads> <command...>: wall time and CPU of a whole process.
timed() {
    local label=$1 threads=$2; shift 2
    local load start end cpu
    load=$(cut -d' ' -f1 /proc/loadavg)
    start=$(date +%s.%N)
    /usr/bin/time -f '%U %S' -o "$work/time" "$@" > "$work/out" 2> "$work/err" \
        || { cat "$work/err" >&2; exit 1; }
    end=$(date +%s.%N)
    grep -q "\"havePieces\": $pieces," "$work/out" || { echo "incomplete check: $(cat "$work/out")" >&2; exit 1; }
    row "$label" "$threads" "$(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }')" \
        "$(awk '{ print $1 + $2 }' "$work/time" | tail -1)" "$load"
}

# warm <label> <torrent> <save> <threads>: the second of two checks in one JVM.
warm() {
    local label=$1 torrent=$2 save=$3 threads=$4 load line
    load=$(cut -d' ' -f1 /proc/loadavg)
    line=$(java -cp "$jar" io.torrentine.examples.bench.CheckBenchmark "$torrent" "$save" "$threads" 2 | tail -1)
    [[ $(awk '{ print $6 }' <<< "$line") == "$pieces/$pieces" ]] || { echo "incomplete: $line" >&2; exit 1; }
    row "$label" "$threads" "$(awk '{ print $4 }' <<< "$line")" "$(awk '{ print $7 }' <<< "$line")" "$load"
}

# lt <label> <torrent> <save> <hashing threads>: force_recheck in a running session.
lt() {
    local label=$1 torrent=$2 save=$3 threads=$4 load line
    load=$(cut -d' ' -f1 /proc/loadavg)
    line=$(/usr/bin/python3 "$here/bench-check-libtorrent.py" "$torrent" "$save" 1 "$threads" | tail -1)
    [[ $(awk '{ print $6 }' <<< "$line") == "$pieces/$pieces" ]] || { echo "incomplete: $line" >&2; exit 1; }
    row "$label" "$threads" "$(awk '{ print $4 }' <<< "$line")" "$(awk '{ print $8 }' <<< "$line")" "$load"
}

echo "| what                               | th | wall s |   MB/s |  cpu s | load  |"
echo "|------------------------------------|---:|-------:|-------:|-------:|------:|"
for round in $(seq 1 "$runs"); do
    for kind in single multi; do
        t="$work/$kind.torrent"
        s="$work/$kind"
        timed "$kind: torrentine check (CLI)" 2 java -cp "$jar" io.torrentine.examples.cli.TorrentineCli \
            check "$t" --save-path "$s" --json --no-progress
        warm "$kind: torrentine, warm" "$t" "$s" 2
        warm "$kind: torrentine, warm" "$t" "$s" 1
        lt "$kind: libtorrent force_recheck" "$t" "$s" 1
        lt "$kind: libtorrent force_recheck" "$t" "$s" 2
    done
done
