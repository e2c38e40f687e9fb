import type { OxEvent, SessionEndEvent, SessionEvent } from '../model/events.js';
import { CaptureClock } from './capture-clock.js';
import { parseEventFilter, type EventFilter } from './event-filter.js';
import { FilteringSink, type HeaderMode } from './filtering-sink.js';

const time = (s: number): string => `2025-03-14T09:00:${String(s).padStart(2, '0')}.000000Z`;
const session = (id: string, f: number): SessionEvent => ({
  type: 'session', frame: f, time: time(f), session: id, transport: 'rpc-tcp', client: '10.0.0.2:1', server: '10.0.0.1:2', userDN: null,
  origin: 'inferred', sessionIndex: null, pollsMaxMs: null, serverVersion: null, displayName: null, contextHandle: null, returnValue: null,
});
const end = (id: string, f: number): SessionEndEvent => ({ type: 'session-end', frame: f, time: time(f), session: id, reason: 'disconnect', durationSec: 1 });
const finding = (id: string | null, f: number): OxEvent => ({ type: 'finding', frame: f, time: time(f), session: id, rule: 'push.after-unregister', severity: 'warning', message: 'late', frames: [f] });
const pending = (id: string, f: number): OxEvent => ({ type: 'pending', frame: f, time: time(f), session: id, via: 'RopPending', sessionIndex: 1 });
const capture: OxEvent = { type: 'capture', frame: 1, time: time(1), session: null, file: 'x', format: 'pcap', linkTypes: [1] };
const summary: OxEvent = { type: 'summary', frame: 9, time: time(9), session: null, frames: 9, bytes: 0, sessions: 2, subscriptions: 0, notifications: 0, pushDatagrams: 0, findings: 1, undecoded: {}, counts: {}, encrypted: [] };

/** What reaches the renderer: "type session" for emitted events, "context:type session" for framing only. */
function run(filter: EventFilter, mode: HeaderMode, events: OxEvent[]): string[] {
  const seen: string[] = [];
  const inner = {
    emit: (e: OxEvent) => void seen.push(`${e.type} ${e.session ?? ''}`.trim()),
    sessionContext: (e: SessionEvent | SessionEndEvent) => void seen.push(`context:${e.type} ${e.session}`),
    close: async () => undefined,
  };
  const sink = new FilteringSink(inner, filter, new CaptureClock(), mode);
  for (const e of events) sink.emit(e);
  return seen;
}

const stream: OxEvent[] = [capture, session('S1', 1), pending('S1', 2), session('S2', 3), finding('S2', 4), end('S1', 5), end('S2', 6), finding('S1', 7), summary];

describe('FilteringSink', () => {
  const onlyFindings = parseEventFilter({ onlyFindings: true })!;

  it('emit mode (--only-findings --json): a session event before the first finding of its session, also after the session ended', () => {
    expect(run(onlyFindings, 'emit', stream)).toEqual(['capture', 'session S2', 'finding S2', 'session S1', 'finding S1', 'summary']);
  });

  it('context mode (timeline): headers and ends frame the blocks of sessions with shown events, without being shown', () => {
    expect(run(onlyFindings, 'context', stream)).toEqual(['capture', 'context:session S2', 'finding S2', 'context:session-end S2', 'finding S1', 'summary']);
  });

  it('none mode (--type --json): exactly what passes', () => {
    expect(run(parseEventFilter({ type: 'pending' })!, 'none', stream)).toEqual(['capture', 'pending S1', 'summary']);
  });

  it('a shown session event opens its session: its end closes the block even when the end is not shown', () => {
    expect(run(parseEventFilter({ type: 'session,pending' })!, 'context', stream)).toEqual([
      'capture', 'session S1', 'pending S1', 'session S2', 'context:session-end S1', 'context:session-end S2', 'summary',
    ]);
  });

  it('time bounds in seconds count from the first timed event, even when that event is filtered out; both ends inclusive', () => {
    expect(run(parseEventFilter({ since: '3', until: '4.5', type: 'finding,session-end' })!, 'none', stream)).toEqual(['capture', 'finding S2', 'session-end S1', 'summary']);
  });
});
