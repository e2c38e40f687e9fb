import type { CaptureDiff, FindingsDiff, SessionDiff } from './diff-types.js';
import { diffSession, sessionInfo } from './diff-session.js';
import { matchSessions } from './match-sessions.js';
import type { CaptureRecord } from './records.js';

export const DEFAULT_THRESHOLD_MS = 500;

/** The semantic difference of two captures (a: baseline, b: the other). */
export function diffCaptures(a: CaptureRecord, b: CaptureRecord, thresholdMs = DEFAULT_THRESHOLD_MS): CaptureDiff {
  const match = matchSessions(a.sessions, b.sessions);
  const aligned = match.pairs.map(([sa, sb]) => diffSession(sa, sb, thresholdMs));
  const sessions: SessionDiff[] = [
    ...aligned,
    ...match.onlyA.map((s): SessionDiff => ({ status: 'only-a', a: sessionInfo(s), b: null })),
    ...match.onlyB.map((s): SessionDiff => ({ status: 'only-b', a: null, b: sessionInfo(s) })),
  ];
  const findings = diffFindings(a.findingsByRule, b.findingsByRule);
  const equivalent =
    aligned.every((s) => s.equivalent) &&
    match.onlyA.length + match.onlyB.length === 0 &&
    findings.onlyA.length + findings.onlyB.length + findings.changed.length === 0;
  const side = (r: CaptureRecord): CaptureDiff['a'] => ({
    file: r.file,
    sessions: r.sessions.length,
    notifications: r.sessions.reduce((n, s) => n + s.tally.notifications, 0),
    notCompared: { ...r.notCompared },
  });
  return { equivalent, thresholdMs, a: side(a), b: side(b), sessions, findings };
}

function diffFindings(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): FindingsDiff {
  const rules = [...new Set([...a.keys(), ...b.keys()])].sort();
  const out: FindingsDiff = { onlyA: [], onlyB: [], changed: [] };
  for (const rule of rules) {
    const x = a.get(rule) ?? 0;
    const y = b.get(rule) ?? 0;
    if (x && !y) out.onlyA.push({ rule, count: x });
    else if (y && !x) out.onlyB.push({ rule, count: y });
    else if (x !== y) out.changed.push({ rule, a: x, b: y });
  }
  return out;
}
