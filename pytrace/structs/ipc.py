"""System V IPC and POSIX message queue structures (x86_64, the kernel's 64-bit ``*64_ds``)."""

from __future__ import annotations

import construct as cs

from .lower import Lowered

# struct ipc64_perm
IPC64_PERM = cs.Struct(
    "key" / cs.Int32sl,
    "uid" / cs.Int32ul,
    "gid" / cs.Int32ul,
    "cuid" / cs.Int32ul,
    "cgid" / cs.Int32ul,
    "mode" / cs.Int32ul,
    "seq" / cs.Int16ul,
    cs.Padding(2 + 4 + 16),  # __pad2, alignment, __unused1/2
)

_PERM = [("perm_" + s.name) / s.subcon if s.name else s for s in IPC64_PERM.subcons]

SHMID64_DS = cs.Struct(
    *_PERM,
    "shm_segsz" / cs.Int64ul,
    "shm_atime" / cs.Int64sl,
    "shm_dtime" / cs.Int64sl,
    "shm_ctime" / cs.Int64sl,
    "shm_cpid" / cs.Int32sl,
    "shm_lpid" / cs.Int32sl,
    "shm_nattch" / cs.Int64ul,
    cs.Padding(16),
)

SEMID64_DS = cs.Struct(
    *_PERM,
    "sem_otime" / cs.Int64sl,
    cs.Padding(8),
    "sem_ctime" / cs.Int64sl,
    cs.Padding(8),
    "sem_nsems" / cs.Int64ul,
    cs.Padding(16),
)

MSQID64_DS = cs.Struct(
    *_PERM,
    "msg_stime" / cs.Int64sl,
    "msg_rtime" / cs.Int64sl,
    "msg_ctime" / cs.Int64sl,
    "msg_cbytes" / cs.Int64ul,
    "msg_qnum" / cs.Int64ul,
    "msg_qbytes" / cs.Int64ul,
    "msg_lspid" / cs.Int32sl,
    "msg_lrpid" / cs.Int32sl,
    cs.Padding(16),
)

SHMINFO64 = cs.Struct(
    "shmmax" / cs.Int64ul,
    "shmmin" / cs.Int64ul,
    "shmmni" / cs.Int64ul,
    "shmseg" / cs.Int64ul,
    "shmall" / cs.Int64ul,
    cs.Padding(32),
)

SHM_INFO = cs.Struct(
    "used_ids" / cs.Int32sl,
    cs.Padding(4),
    "shm_tot" / cs.Int64ul,
    "shm_rss" / cs.Int64ul,
    "shm_swp" / cs.Int64ul,
    "swap_attempts" / cs.Int64ul,
    "swap_successes" / cs.Int64ul,
)

MSGINFO = cs.Struct(
    "msgpool" / cs.Int32sl,
    "msgmap" / cs.Int32sl,
    "msgmax" / cs.Int32sl,
    "msgmnb" / cs.Int32sl,
    "msgmni" / cs.Int32sl,
    "msgssz" / cs.Int32sl,
    "msgtql" / cs.Int32sl,
    "msgseg" / cs.Int16ul,
    cs.Padding(2),
)

SEMINFO = cs.Struct(
    *(n / cs.Int32sl for n in (
        "semmap", "semmni", "semmns", "semmnu", "semmsl",
        "semopm", "semume", "semusz", "semvmx", "semaem",
    )),
)

SEMBUF = cs.Struct("sem_num" / cs.Int16ul, "sem_op" / cs.Int16sl, "sem_flg" / cs.Int16sl)

MQ_ATTR = cs.Struct(
    "mq_flags" / cs.Int64sl,
    "mq_maxmsg" / cs.Int64sl,
    "mq_msgsize" / cs.Int64sl,
    "mq_curmsgs" / cs.Int64sl,
    cs.Padding(32),
)

# struct sigevent: sigev_value, signo, notify, then a union (thread id or function+attributes)
SIGEVENT = cs.Struct(
    "sival" / cs.Int64ul,
    "signo" / cs.Int32sl,
    "notify" / cs.Int32sl,
    "tid_or_function" / cs.Int64ul,
    "attributes" / cs.Int64ul,
    cs.Padding(32),
)

shmid_ds = Lowered(SHMID64_DS)
semid_ds = Lowered(SEMID64_DS)
msqid_ds = Lowered(MSQID64_DS)
shminfo = Lowered(SHMINFO64)
shm_info = Lowered(SHM_INFO)
msginfo = Lowered(MSGINFO)
seminfo = Lowered(SEMINFO)
sembuf = Lowered(SEMBUF)
mq_attr = Lowered(MQ_ATTR)
sigevent = Lowered(SIGEVENT)
