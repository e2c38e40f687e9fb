/**
 * Sequence alignment of two key lists (Myers' O((N+M)·D) greedy LCS), the core of `diff`:
 * notifications are aligned by their normalised keys, never by lines of text.
 */

export type AlignOp =
  | { op: 'same'; a: number; b: number }
  | { op: 'delete'; a: number }
  | { op: 'insert'; b: number };

export interface Alignment {
  ops: AlignOp[];
  /** False when the sequences differ by more than `maxEdits` and the middle was not aligned (all of it deleted, then inserted). */
  aligned: boolean;
}

/**
 * Edits beyond which the middle (after the common prefix and suffix) is not aligned: the trace
 * Myers keeps for backtracking grows as D², so this bounds memory at about 4·D² bytes (16 MB).
 */
export const MAX_ALIGN_EDITS = 2000;

export function alignKeys(a: readonly string[], b: readonly string[], maxEdits = MAX_ALIGN_EDITS): Alignment {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const middle = myers(midA, midB, maxEdits);
  const ops: AlignOp[] = [];
  for (let i = 0; i < head; i++) ops.push({ op: 'same', a: i, b: i });
  if (middle) {
    for (const o of middle) ops.push(shift(o, head));
  } else {
    for (let i = 0; i < midA.length; i++) ops.push({ op: 'delete', a: head + i });
    for (let j = 0; j < midB.length; j++) ops.push({ op: 'insert', b: head + j });
  }
  for (let t = tail; t > 0; t--) ops.push({ op: 'same', a: a.length - t, b: b.length - t });
  return { ops, aligned: middle !== null };
}

function shift(o: AlignOp, by: number): AlignOp {
  if (o.op === 'same') return { op: 'same', a: o.a + by, b: o.b + by };
  return o.op === 'delete' ? { op: 'delete', a: o.a + by } : { op: 'insert', b: o.b + by };
}

/** The shortest edit script, or null when it needs more than `maxEdits` edits. */
function myers(a: readonly string[], b: readonly string[], maxEdits: number): AlignOp[] | null {
  const n = a.length;
  const m = b.length;
  const limit = Math.min(maxEdits, n + m);
  const off = limit + 1;
  // v[off + k]: the furthest x reached on diagonal k (k = x − y).
  const v = new Int32Array(2 * limit + 3);
  // trace[d]: v before step d, for k in [−d−1, d+1] (index k + d + 1).
  const trace: Int32Array[] = [];
  for (let d = 0; d <= limit; d++) {
    trace.push(v.slice(off - d - 1, off + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? v[off + k + 1]! : v[off + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) return backtrack(trace, n, m);
    }
  }
  return null;
}

function backtrack(trace: readonly Int32Array[], n: number, m: number): AlignOp[] {
  const ops: AlignOp[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d]!;
    const at = (k: number): number => v[k + d + 1]!;
    const k = x - y;
    let prevX = 0;
    let prevY = 0;
    if (d > 0) {
      const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
      prevX = at(prevK);
      prevY = prevX - prevK;
    }
    while (x > prevX && y > prevY) {
      ops.push({ op: 'same', a: x - 1, b: y - 1 });
      x--;
      y--;
    }
    if (d > 0) ops.push(x === prevX ? { op: 'insert', b: y - 1 } : { op: 'delete', a: x - 1 });
    x = prevX;
    y = prevY;
  }
  return ops.reverse();
}
