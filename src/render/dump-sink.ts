import type { ChalkInstance } from 'chalk';
import type { EventSink } from '../model/events.js';
import { CaptureClock } from './capture-clock.js';
import { CompactRenderer } from './compact.js';
import { keepsWholeSessions, type EventFilter } from './event-filter.js';
import { FilteringSink } from './filtering-sink.js';
import { NdjsonRenderer } from './ndjson.js';
import type { TextOutput } from './output.js';
import { TimelineRenderer } from './timeline.js';

export interface DumpSinkOptions {
  json: boolean;
  compact: boolean;
  filter: EventFilter | null;
  chalk: ChalkInstance;
  colour: boolean;
}

/** The renderer the main command asked for, behind its filter when there is one. */
export function makeDumpSink(out: TextOutput, o: DumpSinkOptions): EventSink {
  const clock = new CaptureClock();
  if (o.json) {
    const ndjson = new NdjsonRenderer(out);
    return o.filter ? new FilteringSink(ndjson, o.filter, clock, o.filter.onlyFindings ? 'emit' : 'none') : ndjson;
  }
  const human = o.compact ? new CompactRenderer(out, o.chalk, o.colour) : new TimelineRenderer(out, o.chalk, o.colour, { clock, blockSummary: !o.filter || keepsWholeSessions(o.filter) });
  return o.filter ? new FilteringSink(human, o.filter, clock, 'context') : human;
}
