"""NETLINK_NETFILTER payloads (strace 6.1 prints them as hex)."""
