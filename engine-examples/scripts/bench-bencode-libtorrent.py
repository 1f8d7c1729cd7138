#!/usr/bin/python3
"""Times libtorrent's parse of a .torrent, to compare with BencodeDecodeBenchmark (JMH).

Run with Debian's Python, which sees python3-libtorrent:

    /usr/bin/python3 engine-examples/scripts/bench-bencode-libtorrent.py \
        engine-examples/src/main/resources/bench/10000-pieces.torrent

It prints the mean time per call in microseconds, best of several repeats, of
  - lt.bdecode(data): the bencode decode alone, the comparable of our decode;
  - lt.torrent_info(lt.bdecode(data)): decode plus metainfo parsing (piece
    hashes, files, SHA-1 info-hash of the 200 KB info dictionary);
  - lt.torrent_info(data): the same parse straight from the bytes, without the
    Python round trip of the decoded dictionary.
All go through the Python bindings. lt.bdecode also converts the whole result
into Python objects (a dict holding a 200 KB bytes object), and torrent_info of
that dict re-encodes it first, so these are upper bounds for libtorrent's C++
bdecode, which builds a token index over the input and copies nothing.
"""
import argparse
import os
import sys
import timeit

import libtorrent as lt


def per_call_us(stmt, number, repeat):
    # The best repeat is the least disturbed by other processes on a shared machine.
    times = timeit.repeat(stmt, number=number, repeat=repeat)
    return min(times) / number * 1e6, sum(times) / len(times) / number * 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("torrent")
    parser.add_argument("--number", type=int, default=2000, help="calls per repeat")
    parser.add_argument("--repeat", type=int, default=7, help="repeats")
    args = parser.parse_args()

    with open(args.torrent, "rb") as f:
        data = f.read()
    info = lt.torrent_info(lt.bdecode(data))
    print(f"file: {args.torrent} ({len(data)} bytes, {info.num_pieces()} pieces)")
    print(f"libtorrent {lt.__version__}, python {sys.version.split()[0]}, load {os.getloadavg()}")

    for label, stmt in (
        ("lt.bdecode(data)", lambda: lt.bdecode(data)),
        ("lt.torrent_info(lt.bdecode(data))", lambda: lt.torrent_info(lt.bdecode(data))),
        ("lt.torrent_info(data)", lambda: lt.torrent_info(data)),
    ):
        best, mean = per_call_us(stmt, args.number, args.repeat)
        print(f"{label}: best {best:.1f} us/op, mean {mean:.1f} us/op "
              f"({args.repeat} x {args.number} calls)")


if __name__ == "__main__":
    main()
