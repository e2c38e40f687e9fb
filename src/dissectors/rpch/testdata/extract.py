#!/usr/bin/python3
"""Regenerates gromox-rts.json from test/fixtures/real-server/rpch-gromox-notify.pcap.

1. tshark gives the TCP payload of every segment; per connection and direction the payloads are joined,
   the HTTP head (up to the first CRLFCRLF) is dropped and the body is cut into PDUs by frag_length.
2. Only RTS PDUs (PTYPE 20) are kept, with the frame that completed each and its channel
   (RPC_IN_DATA request body = "in", RPC_OUT_DATA request body = "out-request", its response body = "out").
3. Oracle: scapy writes every RTS PDU as its own TCP segment into a scratch pcap, and tshark's DCE/RPC
   dissector (decode-as dcerpc) reports flags, commands and values, and its name for the PDU
   (the Info column), which are stored as `tshark`.
Run from the repository root: /usr/bin/python3 src/dissectors/rpch/testdata/extract.py
"""
import json, sys
from rts_oracle import tshark_fields, tshark_rts

PCAP = 'test/fixtures/real-server/rpch-gromox-notify.pcap'
OUT = 'src/dissectors/rpch/testdata/gromox-rts.json'


streams = {}
for frame, stream, src, payload in tshark_fields(PCAP, ['frame.number', 'tcp.stream', 'tcp.srcport', 'tcp.payload'], ['-Y', 'tcp.len > 0']):
    streams.setdefault((int(stream), int(src)), []).append((int(frame), bytes.fromhex(payload)))

pdus = []
for (stream, src), segs in sorted(streams.items()):
    data = b''.join(p for _, p in segs)
    ends, total = [], 0
    for f, p in segs:
        total += len(p)
        ends.append((total, f))
    head_end = data.index(b'\r\n\r\n') + 4
    start_line = data[:data.index(b'\r\n')].decode()
    if start_line.startswith('RPC_IN_DATA'):
        channel = 'in'
    elif start_line.startswith('RPC_OUT_DATA'):
        channel = 'out-request'
    else:
        channel = 'out'
    p = head_end
    while p + 16 <= len(data):
        frag = data[p + 8] | (data[p + 9] << 8)
        if frag < 16 or p + frag > len(data):
            break
        pdu = data[p:p + frag]
        if pdu[2] == 20:
            frame = next(f for tot, f in ends if tot >= p + frag)
            pdus.append({'frame': frame, 'channel': channel, 'hex': pdu.hex()})
        p += frag

pdus.sort(key=lambda x: x['frame'])
for x, t in zip(pdus, tshark_rts([bytes.fromhex(x['hex']) for x in pdus])):
    x['tshark'] = t

json.dump({'source': PCAP, 'pdus': pdus}, open(OUT, 'w'), indent=1)
print(f'{len(pdus)} RTS PDUs -> {OUT}', file=sys.stderr)
