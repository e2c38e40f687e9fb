#!/usr/bin/python3
"""Derived sample captures (called by generate.mjs; run with /usr/bin/python3, which has scapy).

usage: derive.py OP IN.pcap OUT.pcap MARKS.json
OP: reordered | retransmit | lost-segment | midstream | truncated | vlan | ipfrag
MARKS.json holds the hex of TCP payloads the scenario wrote in pieces, so packets are found by content.
Prints one JSON object describing what was done (frame numbers are 1-based, as Wireshark counts).
"""
import json
import sys

from scapy.all import IP, IPv6, TCP, Ether, Dot1Q, Raw, PcapReader, wrpcap, fragment  # noqa: E402


def load(path):
    with PcapReader(path) as r:
        return [p for p in r]


def payload(p):
    if TCP not in p:
        return b''
    return bytes(p[TCP].payload)


def find(pkts, hexstr, start=0):
    want = bytes.fromhex(hexstr)
    for i in range(start, len(pkts)):
        if payload(pkts[i]) == want:
            return i
    raise SystemExit(f'no packet carries payload {hexstr[:32]}...')


def rebuild(p):
    """Recompute lengths and checksums after an edit."""
    if IP in p:
        del p[IP].len
        del p[IP].chksum
    if TCP in p:
        del p[TCP].chksum
    t = p.time
    q = Ether(bytes(p))
    q.time = t
    return q


def swap_in_place(pkts, i, j):
    """Swap the packets at i and j but keep the timestamps where they were (capture order stays monotonic)."""
    ti, tj = pkts[i].time, pkts[j].time
    pkts[i], pkts[j] = pkts[j], pkts[i]
    pkts[i].time, pkts[j].time = ti, tj


def write(out, pkts, linktype=1):
    wrpcap(out, pkts, linktype=linktype)


def op_reordered(src, out, marks):
    pkts = load(src)
    a0 = find(pkts, marks['call3RequestPieces'][0])
    a1 = find(pkts, marks['call3RequestPieces'][1], a0 + 1)
    b1 = find(pkts, marks['call7ResponsePieces'][1])
    b2 = find(pkts, marks['call7ResponsePieces'][2], b1 + 1)
    swap_in_place(pkts, a0, a1)
    swap_in_place(pkts, b1, b2)
    write(out, pkts)
    return {'swapped': [[a0 + 1, a1 + 1], [b1 + 1, b2 + 1]],
            'what': 'call 3 request pieces 1/2 and call 7 response pieces 2/3 change places (timestamps stay in capture order)'}


def op_retransmit(src, out, marks):
    pkts = load(src)
    c4 = [find(pkts, h) for h in marks['call4ResponsePieces']]
    c7 = [find(pkts, h) for h in marks['call7ResponsePieces']]
    inserts = []  # (index to insert before, packet)
    # (a) spurious retransmission: call 4 response piece 1 again, right after piece 2
    dup = pkts[c4[0]].copy()
    dup.time = pkts[c4[1]].time + 0.0002
    inserts.append((c4[1] + 1, dup, 'duplicate of call 4 response piece 1'))
    # (b) exact duplicate of call 4 response piece 3 right after itself
    dup2 = pkts[c4[2]].copy()
    dup2.time = pkts[c4[2]].time + 0.0001
    inserts.append((c4[2] + 1, dup2, 'duplicate of call 4 response piece 3'))
    # (c) partial overlap before call 7 piece 3: second half of piece 2 + first half of piece 3
    p1 = payload(pkts[c7[1]])
    p2 = payload(pkts[c7[2]])
    h1, h2 = len(p1) // 2, len(p2) // 2
    ov = pkts[c7[2]].copy()
    ov[TCP].seq = (pkts[c7[1]][TCP].seq + h1) & 0xFFFFFFFF
    ov[TCP].remove_payload()
    ov[TCP].add_payload(Raw(p1[h1:] + p2[:h2]))
    ov.time = pkts[c7[2] - 1].time + (pkts[c7[2]].time - pkts[c7[2] - 1].time) / 2
    inserts.append((c7[2], rebuild(ov), 'call 7 response: segment overlapping the second half of piece 2 and the first half of piece 3'))
    done = []
    for idx, pkt, what in sorted(inserts, key=lambda x: -x[0]):
        pkts.insert(idx, pkt)
    # report final frame numbers
    for idx, pkt, what in sorted(inserts, key=lambda x: x[0]):
        done.append({'frame': next(i for i, p in enumerate(pkts) if p is pkt) + 1, 'what': what})
    write(out, pkts)
    return {'inserted': done}


def op_lost_segment(src, out, marks):
    pkts = load(src)
    i = find(pkts, marks['call7ResponsePieces'][1])
    lost = len(payload(pkts[i]))
    seq = pkts[i][TCP].seq
    del pkts[i]
    write(out, pkts)
    return {'removedFrame': i + 1, 'lostBytes': lost, 'tcpSeq': seq,
            'what': 'the middle piece (2 of 3) of the call 7 response (compressed RopNotify buffer) is missing'}


def op_midstream(src, out, marks):
    pkts = load(src)
    i = find(pkts, marks['call4ResponsePieces'][1])
    kept = pkts[i:]
    write(out, kept)
    return {'cutBeforeOriginalFrame': i + 1, 'framesRemoved': i, 'fractionRemoved': round(i / len(pkts), 3),
            'what': 'starts with piece 2 of 3 of the call 4 response (mid-PDU on server->client); client->server resumes with the call 5 request'}


def op_truncated(src, out, marks):
    pkts = load(src)
    i = find(pkts, marks['call9Response'])
    data = open(src, 'rb').read()
    off = 24
    for k in range(i):
        caplen = int.from_bytes(data[off + 8:off + 12], 'little')
        off += 16 + caplen
    caplen = int.from_bytes(data[off + 8:off + 12], 'little')
    cut = off + 16 + caplen // 2
    open(out, 'wb').write(data[:cut])
    return {'truncatedFrame': i + 1, 'completeFrames': i, 'recordOffset': off, 'recordCaplen': caplen, 'fileLength': cut,
            'what': 'the file ends in the middle of the record carrying the call 9 response (RopNotify + RopPending)'}


SERVER_PORTS = {135, 60001}
CLIENT_MAC = '02:00:5e:10:00:01'
SERVER_MAC = '02:00:5e:10:00:02'


def op_vlan(src, out, marks):
    pkts = load(src)
    res = []
    for p in pkts:
        inner = p[Ether].payload
        to_server = TCP in p and p[TCP].dport in SERVER_PORTS
        src_mac, dst_mac = (CLIENT_MAC, SERVER_MAC) if to_server else (SERVER_MAC, CLIENT_MAC)
        q = Ether(src=src_mac, dst=dst_mac, type=0x8100) / Dot1Q(prio=0, vlan=100, type=p[Ether].type) / inner
        q = Ether(bytes(q))
        q.time = p.time
        res.append(q)
    write(out, res)
    return {'vlanId': 100, 'clientMac': CLIENT_MAC, 'serverMac': SERVER_MAC, 'frames': len(res)}


def op_ipfrag(src, out, marks):
    pkts = load(src)
    res = []
    report = []
    ident = 0x4000
    nfrag = 0
    for n, p in enumerate(pkts):
        if IP in p and TCP in p and len(payload(p)) > 1000:
            ip = p[IP].copy()
            ip.flags = 0  # clear DF: these datagrams are being fragmented
            ident += 1
            ip.id = ident
            del ip.chksum
            del ip.len
            frags = fragment(IP(bytes(ip)), fragsize=600)
            nfrag += 1
            order = list(range(len(frags)))
            if nfrag % 2 == 0:
                order = order[-1:] + order[:-1]  # last fragment first
            for k, fi in enumerate(order):
                e = Ether(src=p[Ether].src, dst=p[Ether].dst, type=0x0800) / frags[fi]
                e = Ether(bytes(e))
                e.time = p.time + k * 0.00001
                res.append(e)
            report.append({'originalFrame': n + 1, 'ipId': ident, 'tcpPayload': len(payload(p)), 'fragments': len(frags),
                           'order': order, 'firstFrame': len(res) - len(frags) + 1})
        else:
            res.append(p)
    write(out, res)
    return {'fragmentedSegments': report, 'fragsize': 600}


OPS = {
    'reordered': op_reordered,
    'retransmit': op_retransmit,
    'lost-segment': op_lost_segment,
    'midstream': op_midstream,
    'truncated': op_truncated,
    'vlan': op_vlan,
    'ipfrag': op_ipfrag,
}

if __name__ == '__main__':
    op, src, out, marks = sys.argv[1:5]
    info = OPS[op](src, out, json.load(open(marks)))
    print(json.dumps(info))
