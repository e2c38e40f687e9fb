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
import json, os, subprocess, sys, tempfile
from scapy.all import IP, TCP, Ether, wrpcap

PCAP = 'test/fixtures/real-server/rpch-gromox-notify.pcap'
OUT = 'src/dissectors/rpch/testdata/gromox-rts.json'


def fields(pcap, names, extra=()):
    cmd = ['tshark', '-r', pcap, *extra, '-T', 'fields', '-E', 'separator=|', '-E', 'occurrence=a', '-E', 'aggregator=;']
    for n in names:
        cmd += ['-e', n]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [line.split('|') for line in out.splitlines() if line]


streams = {}
for frame, stream, src, payload in fields(PCAP, ['frame.number', 'tcp.stream', 'tcp.srcport', 'tcp.payload'], ['-Y', 'tcp.len > 0']):
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
packets, seq = [], 1000
for x in pdus:
    raw = bytes.fromhex(x['hex'])
    packets.append(Ether() / IP(src='10.0.0.1', dst='10.0.0.2') / TCP(sport=40000, dport=5999, flags='PA', seq=seq) / raw)
    seq += len(raw)
names = ['dcerpc.cn_rts_flags', 'dcerpc.cn_rts_commands_nb', 'dcerpc.cn_rts_command', 'dcerpc.cn_rts_command.version',
         'dcerpc.cn_rts_command.cookie', 'dcerpc.cn_rts_command.receivewindowsize', 'dcerpc.cn_rts_command.connectiontimeout',
         'dcerpc.cn_rts_command.channellifetime', 'dcerpc.cn_rts_command.clientkeepalive',
         'dcerpc.cn_rts_command.associationgroupid', 'dcerpc.cn_rts_command.fack.bytesreceived',
         'dcerpc.cn_rts_command.fack.availablewindow', 'dcerpc.cn_rts_command.fack.channelcookie',
         'dcerpc.cn_rts_command.addrtype', 'dcerpc.cn_rts_command.forwarddestination',
         'dcerpc.cn_rts_command.pingtrafficsentnotify', 'dcerpc.cn_rts_command.padding.conformancecount', '_ws.col.Info']
with tempfile.TemporaryDirectory() as d:
    scratch = os.path.join(d, 'rts.pcap')
    wrpcap(scratch, packets)
    rows = fields(scratch, names, ['-d', 'tcp.port==5999,dcerpc', '-o', 'tcp.desegment_tcp_streams:FALSE'])
assert len(rows) == len(pdus), (len(rows), len(pdus))
for x, row in zip(pdus, rows):
    x['tshark'] = {n.replace('dcerpc.cn_rts_command.', '').replace('dcerpc.', ''): v for n, v in zip(names, row) if v}
    x['tshark']['_ws.col.Info'] = x['tshark'].get('_ws.col.Info', '').strip().rstrip(',')

json.dump({'source': PCAP, 'pdus': pdus}, open(OUT, 'w'), indent=1)
print(f'{len(pdus)} RTS PDUs -> {OUT}', file=sys.stderr)
