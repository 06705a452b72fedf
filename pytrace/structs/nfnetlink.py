"""Fixed payloads of nfnetlink queue and log attributes (<linux/netfilter/nfnetlink_queue.h>,
<linux/netfilter/nfnetlink_log.h>): declared once in construct, lowered to one big-endian
``struct.Struct`` each (every multi-byte field is ``__be``), with how each field prints."""

from __future__ import annotations

import struct
from dataclasses import dataclass

import construct as cs

from .lower import Lowered

# struct nfqnl_msg_packet_hdr (packed)
NFQNL_PACKET_HDR = cs.Struct("packet_id" / cs.Int32ub, "hw_protocol" / cs.Int16ub, "hook" / cs.Int8ub)
# struct nfqnl_msg_verdict_hdr
NFQNL_VERDICT_HDR = cs.Struct("verdict" / cs.Int32ub, "id" / cs.Int32ub)
# struct nfqnl_msg_packet_hw / nfulnl_msg_packet_hw
PACKET_HW = cs.Struct("hw_addrlen" / cs.Int16ub, cs.Padding(2), "hw_addr" / cs.Bytes(8))
# struct nfqnl_msg_packet_timestamp / nfulnl_msg_packet_timestamp
PACKET_TIMESTAMP = cs.Struct("sec" / cs.Int64ub, "usec" / cs.Int64ub)
# struct nfqnl_msg_config_cmd
NFQNL_CONFIG_CMD = cs.Struct("command" / cs.Int8ub, cs.Padding(1), "pf" / cs.Int16ub)
# struct nfqnl_msg_config_params (packed)
NFQNL_CONFIG_PARAMS = cs.Struct("copy_range" / cs.Int32ub, "copy_mode" / cs.Int8ub)
# struct nfulnl_msg_packet_hdr
NFULNL_PACKET_HDR = cs.Struct("hw_protocol" / cs.Int16ub, "hook" / cs.Int8ub, cs.Padding(1))
# struct nfulnl_msg_config_cmd (packed)
NFULNL_CONFIG_CMD = cs.Struct("command" / cs.Int8ub)
# struct nfulnl_msg_config_mode (packed)
NFULNL_CONFIG_MODE = cs.Struct("copy_range" / cs.Int32ub, "copy_mode" / cs.Int8ub, cs.Padding(1))


@dataclass(frozen=True)
class Layout:
    """A lowered big-endian struct: ``st`` unpacks ``names``; ``prints[i]`` says how field i
    prints: ``htons``/``htonl`` (a __be16/__be32 number), ``u`` (decimal), ``mac`` (hw_addr,
    cut at the struct's hw_addrlen), or an xlat list name (a named value, inside
    ``htons()``/``htonl()`` when the field is a __be16/__be32); ``sizes[i]``: its width."""

    name: str
    st: struct.Struct
    names: tuple[str, ...]
    prints: tuple[str, ...]
    sizes: tuple[int, ...]


def _layout(name: str, decl: cs.Struct, prints: dict[str, str]) -> Layout:
    low = Lowered(decl)
    names = tuple(low.tuple_type._fields)
    sizes = {sub.name: sub.sizeof() for sub in decl.subcons if sub.name}
    return Layout(name, struct.Struct(">" + low.st.format[1:]), names,
                  tuple(prints.get(f, "u") for f in names), tuple(sizes[f] for f in names))


LAYOUTS: dict[str, Layout] = {lay.name: lay for lay in (
    _layout("nfqnl_msg_packet_hdr", NFQNL_PACKET_HDR,
            {"packet_id": "htonl", "hw_protocol": "ethernet_protocols", "hook": "nf_inet_hooks"}),
    _layout("nfqnl_msg_verdict_hdr", NFQNL_VERDICT_HDR, {"verdict": "nf_verdicts", "id": "htonl"}),
    _layout("nfqnl_msg_packet_hw", PACKET_HW, {"hw_addrlen": "htons", "hw_addr": "mac"}),
    _layout("nfqnl_msg_packet_timestamp", PACKET_TIMESTAMP, {}),
    _layout("nfqnl_msg_config_cmd", NFQNL_CONFIG_CMD,
            {"command": "nf_queue_cfg_cmds", "pf": "addrfams"}),
    _layout("nfqnl_msg_config_params", NFQNL_CONFIG_PARAMS,
            {"copy_range": "htonl", "copy_mode": "nf_queue_copy_modes"}),
    _layout("nfulnl_msg_packet_hdr", NFULNL_PACKET_HDR,
            {"hw_protocol": "ethernet_protocols", "hook": "nf_inet_hooks"}),
    _layout("nfulnl_msg_packet_hw", PACKET_HW, {"hw_addrlen": "htons", "hw_addr": "mac"}),
    _layout("nfulnl_msg_packet_timestamp", PACKET_TIMESTAMP, {}),
    _layout("nfulnl_msg_config_cmd", NFULNL_CONFIG_CMD, {"command": "nf_ulog_cfg_cmds"}),
    _layout("nfulnl_msg_config_mode", NFULNL_CONFIG_MODE,
            {"copy_range": "htonl", "copy_mode": "nf_ulog_copy_modes"}),
)}
