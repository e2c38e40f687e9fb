#!/usr/bin/python3
"""Regenerates rts-spec-layouts.json: one RTS PDU per layout of [MS-RPCH] 2.2.4.2-2.2.4.51, built with
struct from the command formats of [MS-RPCH] 2.2.3.5, plus a few PDUs that exercise the remaining commands
(Padding, IPv6 ClientAddress, unknown layouts). The values are arbitrary but fixed. tshark's DCE/RPC
dissector then decodes each PDU (one TCP segment each, decode-as dcerpc) and its flags, command types,
values and Info column are stored as `tshark`.
Run from the repository root: /usr/bin/python3 src/dissectors/rpch/testdata/synthesize.py
"""
import json, struct, sys, uuid
from rts_oracle import tshark_rts

OUT = 'src/dissectors/rpch/testdata/rts-spec-layouts.json'

NONE, PING, OTHER, RECYCLE, IN, OUTF, EOF, ECHO = 0, 1, 2, 4, 8, 0x10, 0x20, 0x40
VC = uuid.UUID('0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0')
CH_A = uuid.UUID('11223344-5566-7788-99aa-bbccddeeff00')
CH_B = uuid.UUID('a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90')
AG = uuid.UUID('deadbeef-0001-0002-0304-050607080910')


def u32(t, v): return struct.pack('<II', t, v)
def rws(v=0x10000): return u32(0, v)
def fca(recv=0x1234, win=0x8000, ch=CH_A): return struct.pack('<III', 1, recv, win) + ch.bytes_le
def ct(v=120000): return u32(2, v)
def cookie(u): return struct.pack('<I', 3) + u.bytes_le
def cl(v=0x40000000): return u32(4, v)
def ck(v=300000): return u32(5, v)
def ver(v=1): return u32(6, v)
def empty(): return struct.pack('<I', 7)
def padding(n): return struct.pack('<II', 8, n) + bytes(n)
def nance(): return struct.pack('<I', 9)
def ance(): return struct.pack('<I', 10)
def ca4(): return struct.pack('<II', 11, 0) + bytes([192, 0, 2, 7]) + bytes(12)
def ca6(): return struct.pack('<II', 11, 1) + bytes.fromhex('20010db8000000000000000000000007') + bytes(12)
def agid(u=AG): return struct.pack('<I', 12) + u.bytes_le
def dest(v): return u32(13, v)
def pts(v=0x500): return u32(14, v)


def pdu(flags, *cmds):
    body = b''.join(cmds)
    return struct.pack('<BBBBIHHIHH', 5, 0, 20, 3, 0x10, 20 + len(body), 0, 0, flags, len(cmds)) + body


# (section, documented name, bytes)
CASES = [
    ('2.2.4.2', 'CONN/A1', pdu(NONE, ver(), cookie(VC), cookie(CH_A), rws(0x40000))),
    ('2.2.4.3', 'CONN/A2', pdu(OUTF, ver(), cookie(VC), cookie(CH_A), cl(), rws())),
    ('2.2.4.4', 'CONN/A3', pdu(NONE, ct(900000))),
    ('2.2.4.5', 'CONN/B1', pdu(NONE, ver(), cookie(VC), cookie(CH_B), cl(), ck(0), agid())),
    ('2.2.4.6', 'CONN/B2', pdu(IN, ver(), cookie(VC), cookie(CH_B), rws(), ct(), agid(), ca4())),
    ('2.2.4.7', 'CONN/B3', pdu(NONE, rws(0x20000), ver())),
    ('2.2.4.8', 'CONN/C1', pdu(NONE, ver(), rws(), ct())),
    ('2.2.4.10', 'IN_R1/A1', pdu(RECYCLE, ver(), cookie(VC), cookie(CH_A), cookie(CH_B))),
    ('2.2.4.11', 'IN_R1/A2', pdu(IN | RECYCLE, ver(), cookie(VC), cookie(CH_A), cookie(CH_B), rws(), ct())),
    ('2.2.4.12', 'IN_R1/A3', pdu(NONE, dest(0), ver(), rws(), ct())),
    ('2.2.4.14', 'IN_R1/A5', pdu(NONE, cookie(CH_B))),
    ('2.2.4.16', 'IN_R1/B1', pdu(NONE, empty())),
    ('2.2.4.17', 'IN_R1/B2', pdu(NONE, rws(0x30000))),
    ('2.2.4.20', 'IN_R2/A3', pdu(NONE, dest(0))),
    ('2.2.4.23', 'OUT_R1/A1', pdu(RECYCLE, dest(0))),
    ('2.2.4.25', 'OUT_R1/A3', pdu(RECYCLE, ver(), cookie(VC), cookie(CH_A), cookie(CH_B), rws())),
    ('2.2.4.26', 'OUT_R1/A4', pdu(RECYCLE | OUTF, ver(), cookie(VC), cookie(CH_A), cookie(CH_B), cl(), rws(), ct())),
    ('2.2.4.27', 'OUT_R1/A5', pdu(OUTF, dest(0), ver(), ct())),
    ('2.2.4.29', 'OUT_R1/A7', pdu(OUTF, dest(2), cookie(CH_B))),
    ('2.2.4.31', 'OUT_R1/A9', pdu(NONE, ance())),
    ('2.2.4.38', 'OUT_R2/A5', pdu(NONE, dest(0), ance())),
    ('2.2.4.40', 'OUT_R2/A7', pdu(OUTF, dest(2), cookie(CH_B), ver())),
    ('2.2.4.43', 'OUT_R2/B2', pdu(NONE, nance())),
    ('2.2.4.44', 'OUT_R2/B3', pdu(EOF, ance())),
    ('2.2.4.45', 'OUT_R2/C1', pdu(PING, empty())),
    ('2.2.4.46', 'Keep-Alive', pdu(OTHER, ck(60000))),
    ('2.2.4.47', 'PingTrafficSentNotify', pdu(OTHER, pts())),
    ('2.2.4.48', 'Echo', pdu(ECHO)),
    ('2.2.4.49', 'Ping', pdu(PING)),
    ('2.2.4.50', 'FlowControlAck', pdu(OTHER, fca())),
    ('2.2.4.51', 'FlowControlAckWithDestination', pdu(OTHER, dest(3), fca(0x10000, 0x40000, CH_B))),
    ('2.2.3.5.9', None, pdu(PING, padding(6))),
    ('2.2.3.2.2', None, pdu(IN, ver(), cookie(VC), cookie(CH_B), rws(), ct(), agid(), ca6())),
]

out = [{'section': section, 'name': name, 'hex': raw.hex(), 'tshark': t}
       for (section, name, raw), t in zip(CASES, tshark_rts([raw for _, _, raw in CASES]))]
json.dump({'pdus': out}, open(OUT, 'w'), indent=1)
print(f'{len(out)} PDUs -> {OUT}', file=sys.stderr)
