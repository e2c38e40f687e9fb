/** Percentile of a sorted copy (nearest-rank), for latency summaries. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

/** Keeps at most `cap` samples (reservoir-free: the first ones), counting the rest. */
export class BoundedSamples {
  readonly values: number[] = [];
  total = 0;
  max = -Infinity;
  constructor(private readonly cap = 100_000) {}
  add(v: number): void {
    this.total++;
    if (v > this.max) this.max = v;
    if (this.values.length < this.cap) this.values.push(v);
  }
}
