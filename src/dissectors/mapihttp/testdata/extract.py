#!/usr/bin/python3
"""Regenerates gromox-mapihttp.json from test/fixtures/real-server/mapihttp-gromox-notify.pcap.

Bodies (request body, de-chunked response body) are what tshark's HTTP dissector hands to its media
dissector (`-e media.type`); headers and the chunk arrival frames are cut from the TCP payloads by the
small parser below. Run from the repository root: /usr/bin/python3 src/dissectors/mapihttp/testdata/extract.py
"""
import json, subprocess, sys

PCAP = 'test/fixtures/real-server/mapihttp-gromox-notify.pcap'
OUT = 'src/dissectors/mapihttp/testdata/gromox-mapihttp.json'


def tshark(*args):
    return subprocess.run(['tshark', '-r', PCAP, *args], check=True, capture_output=True, text=True).stdout


def rows(fields, flt):
    cmd = ['-Y', flt, '-T', 'fields', '-E', 'separator=|']
    for f in fields:
        cmd += ['-e', f]
    return [line.split('|') for line in tshark(*cmd).splitlines() if line]


def headers_of(raw):
    head = raw.split(b'\r\n\r\n', 1)[0].decode('latin-1').split('\r\n')
    out = []
    for line in head[1:]:
        name, _, value = line.partition(':')
        if name.lower() != 'authorization':  # the lab password stays in the pcap, not here
            out.append({'name': name, 'value': value.strip()})
    return head[0], out


segments = {}  # (stream, srcport) -> [(frame, time, payload)]
for frame, stream, src, t, payload in rows(['frame.number', 'tcp.stream', 'tcp.srcport', 'frame.time_epoch', 'tcp.payload'], 'tcp.len > 0'):
    segments.setdefault((int(stream), int(src)), []).append((int(frame), t, bytes.fromhex(payload)))

bodies = {int(f): b for f, b in rows(['frame.number', 'media.type'], 'http')}
pairs = rows(['frame.number', 'http.request_in', 'tcp.stream', 'tcp.srcport'], 'http.response')


def message_frames(stream, src, last):
    """The segments of one HTTP message: those of this direction after the previous message, up to `last`."""
    segs = [s for s in segments[(stream, src)] if s[0] <= last]
    # a message starts at the last segment that begins with a start line
    start = max(i for i, s in enumerate(segs) if s[2].startswith((b'HTTP/', b'POST ')))
    return segs[start:]


def dechunk(segs):
    """Chunk data with the frame that completed each chunk (RFC 9112 7.1, no extensions or trailers seen here)."""
    data = b''.join(s[2] for s in segs)
    ends, total = [], 0
    for s in segs:
        total += len(s[2])
        ends.append((total, s[0], s[1]))
    p = data.index(b'\r\n\r\n') + 4
    chunks = []
    while True:
        eol = data.index(b'\r\n', p)
        size = int(data[p:eol].split(b';')[0], 16)
        if size == 0:
            return chunks
        start = eol + 2
        end = start + size
        frame, t = next((f, tt) for tot, f, tt in ends if tot >= end)
        chunks.append({'frame': frame, 'time': t, 'hex': data[start:end].hex()})
        p = end + 2


exchanges = []
for resp, req, stream, src in pairs:
    resp, req, stream, src = int(resp), int(req), int(stream), int(src)
    client = next(k[1] for k in segments if k[0] == stream and k[1] != src)
    req_segs = message_frames(stream, client, req)
    resp_segs = message_frames(stream, src, resp)
    req_line, req_headers = headers_of(b''.join(s[2] for s in req_segs))
    status_line, resp_headers = headers_of(b''.join(s[2] for s in resp_segs))
    rtype = next(h['value'] for h in req_headers if h['name'].lower() == 'x-requesttype')
    chunked = any(h['name'].lower() == 'transfer-encoding' for h in resp_headers)
    exchanges.append({
        'type': rtype,
        'requestFrame': req,
        'responseFrame': resp,
        'requestLine': req_line,
        'requestHeaders': req_headers,
        'requestBody': bodies.get(req, ''),
        'statusLine': status_line,
        'responseHeaders': resp_headers,
        'responseBody': bodies.get(resp, ''),
        'responseChunks': dechunk(resp_segs) if chunked else None,
    })

json.dump({'source': PCAP, 'exchanges': exchanges}, open(OUT, 'w'), indent=1)
print(f'{len(exchanges)} exchanges -> {OUT}', file=sys.stderr)
