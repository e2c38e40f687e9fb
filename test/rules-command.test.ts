/** `oxnotif-dump rules`: the table and the JSON list every rule of src/model/findings.ts once. */
import { allRules } from '../src/model/findings.js';
import { buildIfStale, cli, lines } from './support/cli.js';

beforeAll(() => buildIfStale(), 120_000);

describe('oxnotif-dump rules', () => {
  it('--json: one JSON array with every rule of allRules(), ids unique, fields as findings.ts has them', () => {
    const r = cli(['rules', '--json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const rules = JSON.parse(r.stdout) as { id: string; severity: string; source: string; explanation: string }[];
    expect(rules).toHaveLength(allRules().length);
    expect(new Set(rules.map((x) => x.id)).size).toBe(rules.length);
    expect(rules).toEqual(allRules().map((x) => ({ id: x.id, severity: x.severity, source: x.source, explanation: x.explanation })));
    for (const x of rules) {
      expect(['error', 'warning', 'info']).toContain(x.severity);
      expect(x.source.length).toBeGreaterThan(0);
      expect(x.explanation.length).toBeGreaterThan(0);
    }
    // Rules the reference names (MS-OXCNOTIF push context check, RopPending to an unknown session).
    expect(rules.find((x) => x.id === 'push.context-mismatch')).toMatchObject({ severity: 'error' });
    expect(rules.some((x) => x.id === 'pending.unknown-session')).toBe(true);
  });

  it('the table: a row naming each rule once, and the count', () => {
    const r = cli(['rules']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('\u001b[');
    const rows = lines(r.stdout);
    for (const rule of allRules()) {
      const named = rows.filter((l) => new RegExp(`^│ ${rule.id.replace(/\./g, '\\.')} +│ ${rule.severity} `).test(l));
      expect({ id: rule.id, rows: named.length }).toEqual({ id: rule.id, rows: 1 });
    }
    expect(rows[rows.length - 1]).toBe(`${allRules().length} rules`);
  });

  it('an unknown option is a usage error (exit 3)', () => {
    const r = cli(['rules', '--bogus']);
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('');
  });
});
