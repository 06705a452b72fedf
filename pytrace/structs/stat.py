"""struct stat (x86_64 kernel layout) and struct statx, declared with construct and lowered
to ``struct.Struct`` for decoding."""

from __future__ import annotations

import construct as cs

from .lower import Lowered

# struct stat, arch/x86/include/uapi/asm/stat.h (x86_64)
STAT = cs.Struct(
    "st_dev" / cs.Int64ul,
    "st_ino" / cs.Int64ul,
    "st_nlink" / cs.Int64ul,
    "st_mode" / cs.Int32ul,
    "st_uid" / cs.Int32ul,
    "st_gid" / cs.Int32ul,
    cs.Padding(4),
    "st_rdev" / cs.Int64ul,
    "st_size" / cs.Int64ul,
    "st_blksize" / cs.Int64ul,
    "st_blocks" / cs.Int64ul,
    "st_atime" / cs.Int64sl,
    "st_atime_nsec" / cs.Int64ul,
    "st_mtime" / cs.Int64sl,
    "st_mtime_nsec" / cs.Int64ul,
    "st_ctime" / cs.Int64sl,
    "st_ctime_nsec" / cs.Int64ul,
    cs.Padding(24),
)


def _ts(prefix: str) -> list[cs.Subconstruct]:
    return [
        (prefix + "_sec") / cs.Int64sl,
        (prefix + "_nsec") / cs.Int32ul,
        cs.Padding(4),
    ]


# struct statx, include/uapi/linux/stat.h
STATX = cs.Struct(
    "stx_mask" / cs.Int32ul,
    "stx_blksize" / cs.Int32ul,
    "stx_attributes" / cs.Int64ul,
    "stx_nlink" / cs.Int32ul,
    "stx_uid" / cs.Int32ul,
    "stx_gid" / cs.Int32ul,
    "stx_mode" / cs.Int16ul,
    cs.Padding(2),
    "stx_ino" / cs.Int64ul,
    "stx_size" / cs.Int64ul,
    "stx_blocks" / cs.Int64ul,
    "stx_attributes_mask" / cs.Int64ul,
    *_ts("stx_atime"),
    *_ts("stx_btime"),
    *_ts("stx_ctime"),
    *_ts("stx_mtime"),
    "stx_rdev_major" / cs.Int32ul,
    "stx_rdev_minor" / cs.Int32ul,
    "stx_dev_major" / cs.Int32ul,
    "stx_dev_minor" / cs.Int32ul,
    "stx_mnt_id" / cs.Int64ul,
    "stx_dio_mem_align" / cs.Int32ul,
    "stx_dio_offset_align" / cs.Int32ul,
    cs.Padding(96),
)

STAT_FAST = Lowered(STAT)
STATX_FAST = Lowered(STATX)
