#!/usr/bin/python3
"""Extracts the TCP segments and tshark's view of the HTTP messages of a capture into JSON test data.

Usage: /usr/bin/python3 extract-real.py CAPTURE.pcap > OUT.json
Run once by hand (the tests read only the JSON). tshark is the independent oracle: its HTTP dissector
gives the request/status lines, header lines and de-chunked body bytes of each message.
"""
import json
import subprocess
import sys

cap = sys.argv[1]


def tshark(filt, fields):
    args = ['tshark', '-r', cap, '-Y', filt, '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=|']
    for f in fields:
        args += ['-e', f]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return [line.split('\t') for line in out.splitlines()]


conns = {}
for frame, stream, srcport, dstport, flags, sec, payload in tshark(
    'tcp', ['frame.number', 'tcp.stream', 'tcp.srcport', 'tcp.dstport', 'tcp.flags', 'frame.time_epoch', 'tcp.payload']
):
    c = conns.setdefault(stream, {'stream': int(stream), 'a': int(srcport), 'b': int(dstport), 'segments': []})
    s, _, ns = sec.partition('.')
    fl = int(flags, 16)
    c['segments'].append({
        'frame': int(frame), 'sec': int(s), 'nsec': int(ns.ljust(9, '0')[:9]),
        'dir': 0 if int(srcport) == c['a'] else 1,
        'fin': bool(fl & 1), 'rst': bool(fl & 4), 'hex': payload,
    })

messages = []
for row in tshark('http.request or http.response', [
    'frame.number', 'tcp.stream', 'http.request.method', 'http.request.uri', 'http.request.version',
    'http.response.version', 'http.response.code', 'http.response.phrase', 'http.request.line',
    'http.response.line', 'http.chunk_data', 'data.data', 'media.type',
]):
    frame, stream, method, uri, rqv, rsv, code, phrase, rql, rsl, chunks, data, media = row
    lines = [l for l in (rql or rsl).split('|') if l]
    body = ''.join(chunks.split('|')) if chunks else (data or media)
    m = {'frame': int(frame), 'stream': int(stream), 'headers': [l[:-4] if l.endswith('\\r\\n') else l for l in lines], 'bodyHex': body}
    if method:
        m.update(kind='request', method=method, target=uri, version=rqv)
    else:
        m.update(kind='response', version=rsv, status=int(code), reason=phrase)
    messages.append(m)

json.dump({'capture': cap.rsplit('/', 1)[-1], 'connections': list(conns.values()), 'messages': messages}, sys.stdout, indent=1)
print()
