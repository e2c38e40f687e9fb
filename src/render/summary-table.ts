import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { SummaryEvent } from '../model/events.js';

/** The closing table of a human run (cli-table3; empty style when colour is off, see STACK.md). */
export function summaryTable(s: SummaryEvent, c: ChalkInstance, colour: boolean): string {
  const t = new Table({
    head: ['', 'count', 'detail'],
    style: colour ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] },
    wordWrap: true,
    colWidths: [24, 10, 60],
  });
  const count = (prefix: string): string =>
    Object.entries(s.counts)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => `${k.slice(prefix.length)} ${v}`)
      .join(', ');
  t.push(['frames', s.frames, `${(s.bytes / 1e6).toFixed(2)} MB captured`]);
  t.push(['TCP connections', s.counts['tcp.connections'] ?? 0, [
    `DCE/RPC ${s.counts['connections.dcerpc'] ?? 0}`,
    `HTTP ${s.counts['connections.http'] ?? 0}`,
    `TLS ${s.counts['connections.tls'] ?? 0}`,
    `other ${s.counts['connections.other'] ?? 0}`,
    `gaps ${s.counts['tcp.gaps'] ?? 0}`,
  ].join(', ')]);
  t.push(['sessions', s.sessions, count('sessions.end.')]);
  t.push(['subscriptions', s.subscriptions, count('subscriptions.')]);
  t.push(['notifications', s.notifications, count('notifications.')]);
  t.push(['pending signals', Object.entries(s.counts).filter(([k]) => k.startsWith('pending.')).reduce((a, [, v]) => a + v, 0), count('pending.')]);
  t.push(['push datagrams', s.pushDatagrams, count('pushDatagrams.')]);
  t.push(['EMSMDB calls', Object.entries(s.counts).filter(([k]) => /^calls\.(EMSMDB|AsyncEMSMDB)\./.test(k)).reduce((a, [, v]) => a + v, 0), count('calls.EMSMDB.') + (count('calls.AsyncEMSMDB.') ? `; ${count('calls.AsyncEMSMDB.')}` : '')]);
  const mapi = Object.entries(s.counts).filter(([k]) => k.startsWith('calls.MAPI.')).reduce((a, [, v]) => a + v, 0);
  if (mapi) t.push(['MAPI/HTTP requests', mapi, count('calls.MAPI.')]);
  const rts = Object.entries(s.counts).filter(([k]) => k.startsWith('rpch.rts.')).reduce((a, [, v]) => a + v, 0);
  if (rts) t.push(['RPC/HTTP RTS PDUs', rts, `virtual connections ${s.counts['rpch.virtual-connections'] ?? 0}; ${count('rpch.rts.')}`]);
  t.push(['findings', s.findings, count('finding:')]);
  const und = Object.entries(s.undecoded);
  t.push([und.length ? c.yellow('undecoded') : 'undecoded', und.reduce((a, [, v]) => a + v, 0), und.map(([k, v]) => `${k} ${v}`).join(', ') || 'none']);
  if (s.encrypted.length) t.push([c.yellow('encrypted streams'), s.encrypted.length, s.encrypted.slice(0, 5).join('\n') + (s.encrypted.length > 5 ? `\n… ${s.encrypted.length - 5} more` : '')]);
  return t.toString();
}
