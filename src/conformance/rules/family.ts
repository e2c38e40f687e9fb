import type { OxEvent, SessionEndEvent, SummaryEvent, CaptureEvent, FindingEvent } from '../../model/events.js';
import type { EventAt } from '../clock.js';
import type { SessionState } from '../session-state.js';
import type { Thresholds } from '../thresholds.js';

/** The events rules look at: everything but the capture header, the summary and other findings. */
export type ObservedEvent = Exclude<OxEvent, CaptureEvent | SummaryEvent | FindingEvent | SessionEndEvent>;

/** One violation, as a rule sees it; the checker turns it into a `finding` event. */
export interface Violation {
  rule: string;
  /** The event that proves it (its frame and time become the finding's). */
  at: EventAt;
  session: string | null;
  /** Other frames involved (requests, signals, earlier polls). */
  frames: number[];
  message: string;
}

export interface Check {
  readonly th: Thresholds;
  report(v: Violation): void;
}

/**
 * A family of related rules. `observe` sees every event before it is passed on, with the state of
 * the session it belongs to (null when it belongs to none the checker follows: stateless rules still
 * apply); `end` runs when the session ends, for what only its end can decide.
 */
export interface RuleFamily {
  observe(e: ObservedEvent, s: SessionState | null, at: EventAt, check: Check): void;
  end?(s: SessionState, at: EventAt, check: Check): void;
}
