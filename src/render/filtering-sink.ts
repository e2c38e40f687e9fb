import type { EventSink, OxEvent, SessionEndEvent, SessionEvent } from '../model/events.js';
import type { CaptureClock } from './capture-clock.js';
import { passes, sessionWanted, type EventFilter } from './event-filter.js';

/** A renderer that groups by session: it is told where a session's block opens and closes without showing those events. */
export interface SessionContextSink extends EventSink {
  sessionContext(e: SessionEvent | SessionEndEvent): void;
}

/**
 * How a filtered stream frames the events it keeps: `context` tells a grouping renderer where
 * their session begins and ends; `emit` writes the session event itself before the first kept
 * event of the session (--only-findings --json: "the session headers they belong to"); `none`
 * writes exactly what passes.
 */
export type HeaderMode = 'context' | 'emit' | 'none';

/** Ended sessions whose held header `emit` mode still remembers (memory stays bounded). */
export const ENDED_HEADERS = 256;

/**
 * Applies an EventFilter between the pipeline and a renderer. The session event of a session
 * is held until one of its events passes, so headers appear only above what is shown; what is
 * held is one event per live session, released at its end.
 */
export class FilteringSink implements EventSink {
  private readonly held = new Map<string, SessionEvent>();
  /**
   * `emit` mode: headers of sessions that ended before any of their events passed, for events
   * that still name them (a push datagram after the disconnect). The most recent ENDED_HEADERS.
   */
  private readonly ended = new Map<string, SessionEvent>();
  /** Sessions whose header reached the renderer (by passing, or as context). */
  private readonly open = new Set<string>();

  constructor(
    private readonly inner: EventSink | SessionContextSink,
    private readonly filter: EventFilter,
    private readonly clock: CaptureClock,
    private readonly headers: HeaderMode,
  ) {}

  emit(e: OxEvent): void {
    this.clock.observe(e);
    const shown = passes(this.filter, e, this.clock);
    const session = e.type === 'capture' || e.type === 'summary' ? null : e.session;
    if (e.type === 'session' && session !== null) {
      if (shown) this.open.add(session);
      else if (this.headers !== 'none' && sessionWanted(this.filter, session)) this.held.set(session, e);
    } else if (shown && session !== null) {
      this.release(session);
    }
    if (shown) this.inner.emit(e);
    if (e.type === 'session-end' && session !== null) {
      if (!shown && this.open.has(session) && this.headers === 'context' && 'sessionContext' in this.inner) this.inner.sessionContext(e);
      const header = this.held.get(session);
      if (header && this.headers === 'emit') this.remember(session, header);
      this.held.delete(session);
      this.open.delete(session);
    }
    if (e.type === 'summary') {
      this.held.clear();
      this.open.clear();
      this.ended.clear();
    }
  }

  flush(): Promise<void> {
    return this.inner.flush?.() ?? Promise.resolve();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private release(session: string): void {
    const late = this.ended.get(session);
    if (late) {
      this.ended.delete(session);
      this.inner.emit(late);
      return;
    }
    const header = this.held.get(session);
    if (!header) return;
    this.held.delete(session);
    this.open.add(session);
    if (this.headers === 'emit') this.inner.emit(header);
    else if (this.headers === 'context' && 'sessionContext' in this.inner) this.inner.sessionContext(header);
  }

  private remember(session: string, header: SessionEvent): void {
    this.ended.set(session, header);
    if (this.ended.size > ENDED_HEADERS) this.ended.delete(this.ended.keys().next().value!);
  }
}
