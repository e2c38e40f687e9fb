/** Named counters for the summary; `undecoded` keys are damage reasons. */
export class Counters {
  readonly values = new Map<string, number>();
  readonly undecodedByReason = new Map<string, number>();

  add(name: string, n = 1): void {
    this.values.set(name, (this.values.get(name) ?? 0) + n);
  }

  get(name: string): number {
    return this.values.get(name) ?? 0;
  }

  undecoded(reason: string, n = 1): void {
    this.undecodedByReason.set(reason, (this.undecodedByReason.get(reason) ?? 0) + n);
  }

  toObject(prefix?: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of [...this.values].sort(([a], [b]) => a.localeCompare(b))) {
      if (prefix === undefined || k.startsWith(prefix)) out[k] = v;
    }
    return out;
  }

  undecodedObject(): Record<string, number> {
    return Object.fromEntries([...this.undecodedByReason].sort(([a], [b]) => a.localeCompare(b)));
  }
}
