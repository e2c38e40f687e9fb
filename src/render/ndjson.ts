import type { EventSink, OxEvent } from '../model/events.js';
import type { TextOutput } from './output.js';

/** `--json`: one event per line, in capture order (CONTRACT.md). */
export class NdjsonRenderer implements EventSink {
  constructor(private readonly out: TextOutput) {}

  emit(event: OxEvent): void {
    this.out.write(JSON.stringify(event) + '\n');
  }

  flush(): Promise<void> {
    return this.out.flush();
  }

  close(): Promise<void> {
    return this.out.flush();
  }
}
