"""NETLINK_SOCK_DIAG payloads (strace 6.1 prints them as hex)."""
