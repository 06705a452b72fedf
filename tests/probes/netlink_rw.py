"""The same rtnetlink request sent with write() and with send(), its reply read with read()
and with recv(): strace 6.1 decodes the messages only in the socket calls."""

import os
import socket
import struct

NLMSG = struct.Struct("=IHHII")
IFINFO = struct.Struct("=BxHiII")
RTM_GETLINK = 18
NLM_F_REQUEST = 1

s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
s.bind((0, 0))
fd = s.fileno()
# A link that does not exist: the kernel answers with NLMSG_ERROR echoing the request.
body = IFINFO.pack(0, 0, 0x7FFFFFF0, 0, 0)
req = NLMSG.pack(NLMSG.size + len(body), RTM_GETLINK, NLM_F_REQUEST, 7, 0) + body
for _ in range(2):
    os.write(fd, req)
    os.read(fd, 4096)
    s.send(req)
    s.recv(4096)
