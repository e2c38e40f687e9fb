import { Chalk, type ChalkInstance } from 'chalk';

/**
 * Colour only when asked or when stdout is a terminal, and never when NO_COLOR is set
 * (https://no-color.org) unless --color forces it.
 */
export function chooseColour(flag: boolean | undefined, isTty: boolean, env: NodeJS.ProcessEnv): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTty;
}

export function makeChalk(colour: boolean): ChalkInstance {
  return new Chalk({ level: colour ? 2 : 0 });
}
