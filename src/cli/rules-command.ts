import type { Command } from 'commander';
import { allRules } from '../model/findings.js';
import { chooseColour, makeChalk } from '../render/colour.js';
import { TextOutput } from '../render/output.js';
import { rulesJson, rulesTable } from '../render/rules-table.js';
import { EXIT_OK } from './user-errors.js';

/** `oxnotif-dump rules [--json]`: the table of finding ids (src/model/findings.ts). */
export function addRulesCommand(parent: Command, done: (code: number) => void): void {
  parent
    .command('rules')
    .description('list every finding rule: id, severity, source in the specification, and what it means')
    .option('--json', 'one JSON array of {id, severity, source, explanation}')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour')
    .action(async (o: { json?: boolean; color?: boolean }) => {
      const out = new TextOutput(process.stdout);
      if (o.json) out.write(rulesJson(allRules()));
      else {
        const colour = chooseColour(o.color, process.stdout.isTTY === true, process.env);
        out.write(rulesTable(allRules(), makeChalk(colour), colour, process.stdout.isTTY ? process.stdout.columns : undefined));
      }
      await out.flush();
      done(EXIT_OK);
    });
}
