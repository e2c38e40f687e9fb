import type { SessionRecord } from './records.js';

export interface SessionMatch {
  pairs: [SessionRecord, SessionRecord][];
  onlyA: SessionRecord[];
  onlyB: SessionRecord[];
}

/**
 * Pairs the sessions of two captures by what stays the same between runs of a scenario —
 * transport, user DN, which host is client and which server, order — never by ports, handles
 * or session ids. Candidates need the same transport and compatible user DNs (equal, or one
 * unknown because its session began before the capture); the best-scoring pairs are taken
 * first, ties going to sessions at the same position in their captures.
 */
export function matchSessions(a: readonly SessionRecord[], b: readonly SessionRecord[]): SessionMatch {
  const pairs = a.length * b.length <= MAX_SCORED_PAIRS ? bestPairs(a, b) : pairsInOrder(a, b);
  const takenA = new Set(pairs.map(([i]) => i));
  const takenB = new Set(pairs.map(([, j]) => j));
  pairs.sort((x, y) => x[0] - y[0]);
  return {
    pairs: pairs.map(([i, j]) => [a[i]!, b[j]!]),
    onlyA: a.filter((_, i) => !takenA.has(i)),
    onlyB: b.filter((_, j) => !takenB.has(j)),
  };
}

/** Above this many candidate pairs (memory and time grow with the product), sessions pair in order within transport and user DN. */
export const MAX_SCORED_PAIRS = 250_000;

function bestPairs(a: readonly SessionRecord[], b: readonly SessionRecord[]): [number, number][] {
  const candidates: { i: number; j: number; score: number }[] = [];
  a.forEach((sa, i) =>
    b.forEach((sb, j) => {
      if (sa.transport !== sb.transport) return;
      if (sa.userDN !== null && sb.userDN !== null && sa.userDN !== sb.userDN) return;
      candidates.push({ i, j, score: score(sa, sb) });
    }),
  );
  candidates.sort((x, y) => y.score - x.score || Math.abs(x.i - x.j) - Math.abs(y.i - y.j) || x.i - y.i || x.j - y.j);
  const takenA = new Set<number>();
  const takenB = new Set<number>();
  const pairs: [number, number][] = [];
  for (const c of candidates) {
    if (takenA.has(c.i) || takenB.has(c.j)) continue;
    takenA.add(c.i);
    takenB.add(c.j);
    pairs.push([c.i, c.j]);
  }
  return pairs;
}

function pairsInOrder(a: readonly SessionRecord[], b: readonly SessionRecord[]): [number, number][] {
  const queues = new Map<string, number[]>();
  b.forEach((sb, j) => {
    const k = `${sb.transport} ${sb.userDN ?? ''}`;
    const q = queues.get(k);
    if (q) q.push(j);
    else queues.set(k, [j]);
  });
  const pairs: [number, number][] = [];
  a.forEach((sa, i) => {
    const j = queues.get(`${sa.transport} ${sa.userDN ?? ''}`)?.shift();
    if (j !== undefined) pairs.push([i, j]);
  });
  return pairs;
}

function score(a: SessionRecord, b: SessionRecord): number {
  let s = 0;
  if (a.userDN !== null && a.userDN === b.userDN) s += 8;
  if (host(a.client) === host(b.client)) s += 2;
  if (host(a.server) === host(b.server)) s += 2;
  if (isV6(a.client) === isV6(b.client)) s += 1;
  return s;
}

/** "127.0.0.1" of "127.0.0.1:20002", "::1" of "[::1]:20012". */
function host(endpoint: string): string {
  const m = /^\[(.*)\]:\d+$/.exec(endpoint);
  return m ? m[1]! : endpoint.slice(0, endpoint.lastIndexOf(':'));
}

const isV6 = (endpoint: string): boolean => endpoint.startsWith('[');
