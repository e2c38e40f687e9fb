import { stat } from 'node:fs/promises';

/** A one-line progress bar on stderr for large files (only when stderr is a terminal). */
export class ProgressBar {
  private last = 0;
  private shown = false;

  private constructor(private readonly total: number) {}

  static async forFile(path: string): Promise<ProgressBar | null> {
    try {
      const s = await stat(path);
      return s.size >= 64 * 1024 * 1024 ? new ProgressBar(s.size) : null;
    } catch {
      return null;
    }
  }

  update(bytes: number): void {
    const now = Date.now();
    if (now - this.last < 200) return;
    this.last = now;
    this.shown = true;
    const pct = Math.min(100, (bytes / this.total) * 100);
    const width = 30;
    const filled = Math.round((pct / 100) * width);
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct.toFixed(1)}% ${(bytes / 1e6).toFixed(0)}/${(this.total / 1e6).toFixed(0)} MB`);
  }

  stop(): void {
    if (this.shown) process.stderr.write('\r\x1b[K');
  }
}
