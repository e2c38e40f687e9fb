import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { RuleInfo } from '../model/findings.js';
import type { Severity } from '../model/events.js';

/** Narrowest explanation column worth wrapping into; below it the table is wider than the terminal. */
const MIN_EXPLANATION = 30;

/**
 * `oxnotif-dump rules`: every finding id with its severity, source and what to do. The widths
 * follow the terminal when there is one (`columns`), so long explanations wrap instead of folding.
 */
export function rulesTable(rules: readonly RuleInfo[], c: ChalkInstance, colour: boolean, columns = 140): string {
  const idWidth = Math.max(4, ...rules.map((r) => r.id.length)) + 2;
  const sourceWidth = 26;
  // 4 columns draw 5 borders; cli-table3 counts padding inside colWidths.
  const explanation = Math.max(MIN_EXPLANATION, columns - idWidth - 10 - sourceWidth - 5);
  const t = new Table({
    head: ['rule', 'severity', 'source', 'explanation'],
    style: colour ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] },
    wordWrap: true,
    colWidths: [idWidth, 10, sourceWidth, explanation],
  });
  for (const r of rules) t.push([r.id, severityText(r.severity, c), r.source, r.explanation]);
  return `${t.toString()}\n${rules.length} rules\n`;
}

/** One JSON document: the rules in table order, each as findings.ts defines it. */
export function rulesJson(rules: readonly RuleInfo[]): string {
  return JSON.stringify(rules.map((r) => ({ id: r.id, severity: r.severity, source: r.source, explanation: r.explanation })), null, 2) + '\n';
}

function severityText(s: Severity, c: ChalkInstance): string {
  return s === 'error' ? c.red(s) : s === 'warning' ? c.yellow(s) : c.dim(s);
}
