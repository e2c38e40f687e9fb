"""What tshark says about RTS PDUs: each PDU goes into a scratch pcap as its own TCP segment (scapy), tshark's
DCE/RPC dissector decodes it (decode-as dcerpc), and its RTS fields come back per PDU, lists ';'-joined."""
import os, subprocess, tempfile
from scapy.all import IP, TCP, Ether, wrpcap

FIELDS = ['dcerpc.cn_rts_flags', 'dcerpc.cn_rts_commands_nb', 'dcerpc.cn_rts_command', 'dcerpc.cn_rts_command.version',
          'dcerpc.cn_rts_command.cookie', 'dcerpc.cn_rts_command.receivewindowsize', 'dcerpc.cn_rts_command.connectiontimeout',
          'dcerpc.cn_rts_command.channellifetime', 'dcerpc.cn_rts_command.clientkeepalive',
          'dcerpc.cn_rts_command.associationgroupid', 'dcerpc.cn_rts_command.fack.bytesreceived',
          'dcerpc.cn_rts_command.fack.availablewindow', 'dcerpc.cn_rts_command.fack.channelcookie',
          'dcerpc.cn_rts_command.addrtype', 'dcerpc.cn_rts_command.forwarddestination',
          'dcerpc.cn_rts_command.pingtrafficsentnotify', 'dcerpc.cn_rts_command.padding.conformancecount',
          'dcerpc.cmd_client_ipv4', 'dcerpc.cmd_client_ipv6', '_ws.col.Info']


def tshark_fields(pcap, names, extra=()):
    cmd = ['tshark', '-r', pcap, *extra, '-T', 'fields', '-E', 'separator=|', '-E', 'occurrence=a', '-E', 'aggregator=;']
    for n in names:
        cmd += ['-e', n]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [line.split('|') for line in out.splitlines() if line]


def tshark_rts(pdus):
    packets, seq = [], 1000
    for raw in pdus:
        packets.append(Ether() / IP(src='10.0.0.1', dst='10.0.0.2') / TCP(sport=40000, dport=5999, flags='PA', seq=seq) / raw)
        seq += len(raw)
    with tempfile.TemporaryDirectory() as d:
        scratch = os.path.join(d, 'rts.pcap')
        wrpcap(scratch, packets)
        rows = tshark_fields(scratch, FIELDS, ['-d', 'tcp.port==5999,dcerpc', '-o', 'tcp.desegment_tcp_streams:FALSE'])
    assert len(rows) == len(pdus), (len(rows), len(pdus))
    out = []
    for row in rows:
        t = {n.replace('dcerpc.cn_rts_command.', '').replace('dcerpc.', ''): v for n, v in zip(FIELDS, row) if v}
        # "CONN/A1, " and, for PDUs it cannot name, the generic summary with expert-info brackets
        t['_ws.col.Info'] = t.get('_ws.col.Info', '').split('[')[0].strip().rstrip(',')
        out.append(t)
    return out
