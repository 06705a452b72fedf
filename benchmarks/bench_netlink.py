"""Decoding speed of one RTM_NEWLINK dump message (~1.5 KB, captured live from the kernel).

Usage: python benchmarks/bench_netlink.py"""

from __future__ import annotations

import socket
import struct
import timeit

from pytrace.netlink import format_bytes


def newlink_message() -> bytes:
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    req = struct.pack("<IHHII", 32, 18, 0x301, 1, 0) + struct.pack("<BxHiII", 0, 0, 0, 0, 0)
    s.sendto(req, (0, 0))
    data = s.recv(65536)
    s.close()
    return data[: struct.unpack_from("<I", data)[0]]


def main() -> None:
    msg = newlink_message()
    for verbose in (False, True):
        format_bytes(msg, 0, verbose=verbose)
        n = 2000
        best = min(timeit.repeat(lambda v=verbose: format_bytes(msg, 0, verbose=v), number=n,
                                 repeat=5)) / n
        print(f"RTM_NEWLINK {len(msg)} bytes, {'-v' if verbose else 'default'}: "
              f"{best * 1e6:.1f} us per message")


if __name__ == "__main__":
    main()
