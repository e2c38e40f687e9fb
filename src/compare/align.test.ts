import fc from 'fast-check';
import { alignKeys, type AlignOp } from './align.js';

/** The ops as a readable edit script: "=x" kept, "-x" only in a, "+x" only in b. */
function script(a: string[], b: string[], ops: AlignOp[]): string[] {
  return ops.map((o) => (o.op === 'same' ? `=${a[o.a]}` : o.op === 'delete' ? `-${a[o.a]}` : `+${b[o.b]}`));
}

/** Length of the longest common subsequence by the textbook dynamic programme (the oracle). */
function lcsLength(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = a[i - 1] === b[j - 1] ? diag + 1 : Math.max(up, row[j - 1]!);
      diag = up;
    }
  }
  return row[b.length]!;
}

/** Every index of a and of b appears once, in order, and kept pairs have equal keys. */
function expectValid(a: string[], b: string[], ops: AlignOp[]): void {
  const as: number[] = [];
  const bs: number[] = [];
  for (const o of ops) {
    if (o.op !== 'insert') as.push(o.a);
    if (o.op !== 'delete') bs.push(o.b);
    if (o.op === 'same') expect(a[o.a]).toBe(b[o.b]);
  }
  expect(as).toEqual(a.map((_, i) => i));
  expect(bs).toEqual(b.map((_, i) => i));
}

describe('alignKeys', () => {
  it('two empty sequences: nothing to do', () => {
    expect(alignKeys([], [])).toEqual({ ops: [], aligned: true });
  });

  it('against an empty sequence: everything deleted, or everything inserted', () => {
    expect(script(['x', 'y'], [], alignKeys(['x', 'y'], []).ops)).toEqual(['-x', '-y']);
    expect(script([], ['x', 'y'], alignKeys([], ['x', 'y']).ops)).toEqual(['+x', '+y']);
  });

  it('equal sequences: all kept', () => {
    const a = ['NewMail', 'TableRowAdded', 'ObjectModified'];
    expect(script(a, a, alignKeys(a, a).ops)).toEqual(['=NewMail', '=TableRowAdded', '=ObjectModified']);
  });

  it('a run lost in the middle (a capture gap): those are deleted, the rest kept', () => {
    const a = ['n1', 'n2', 'm1', 'm2', 'm3', 'n3', 'n4'];
    const b = ['n1', 'n2', 'n3', 'n4'];
    expect(script(a, b, alignKeys(a, b).ops)).toEqual(['=n1', '=n2', '-m1', '-m2', '-m3', '=n3', '=n4']);
  });

  it('insertions at the start, middle and end', () => {
    const a = ['p', 'q'];
    const b = ['x', 'p', 'y', 'q', 'z'];
    expect(script(a, b, alignKeys(a, b).ops)).toEqual(['+x', '=p', '+y', '=q', '+z']);
  });

  it('a changed element is a deletion and an insertion at the same place', () => {
    const a = ['p', 'old', 'q'];
    const b = ['p', 'new', 'q'];
    expect(script(a, b, alignKeys(a, b).ops)).toEqual(['=p', '-old', '+new', '=q']);
  });

  it('repeated keys: the alignment is still minimal (classic ABCABBA / CBABAC, LCS 4)', () => {
    const a = [...'ABCABBA'];
    const b = [...'CBABAC'];
    const ops = alignKeys(a, b).ops;
    expectValid(a, b, ops);
    expect(ops.filter((o) => o.op === 'same')).toHaveLength(4);
  });

  it('beyond the edit cap the middle is not aligned, and says so', () => {
    const a = ['s', 'a1', 'a2', 'a3', 'e'];
    const b = ['s', 'b1', 'b2', 'e'];
    const r = alignKeys(a, b, 3);
    expect(r.aligned).toBe(false);
    expect(script(a, b, r.ops)).toEqual(['=s', '-a1', '-a2', '-a3', '+b1', '+b2', '=e']);
    expect(alignKeys(a, b, 5).aligned).toBe(true);
  });

  it('any two sequences: a valid alignment keeping as many as the longest common subsequence', () => {
    const seq = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 25 });
    fc.assert(
      fc.property(seq, seq, (a, b) => {
        const { ops, aligned } = alignKeys(a, b);
        expect(aligned).toBe(true);
        expectValid(a, b, ops);
        expect(ops.filter((o) => o.op === 'same')).toHaveLength(lcsLength(a, b));
      }),
      { numRuns: 300 },
    );
  });
});
