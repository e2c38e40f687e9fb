/**
 * The time limits the conformance rules judge by. The specifications give round numbers ("5 minutes",
 * "every 60 s", "pcmsPollsMax"); captures show timers that fire a little early or late, so each limit
 * carries the slack written next to it. Overridable per run (new ConformanceChecker(sink, limits, {…})).
 */
export interface Thresholds {
  /**
   * S9 / MS-OXCRPC 3.3.4.1, N7: a wait is completed at the latest 5 minutes after the client's last
   * EcDoRpcExt2/Execute. 10 % slack for timers and transit.
   */
  waitMaxMs: number;
  /**
   * S9, N7: a wait completed with nothing pending sooner than this after the client's last
   * EcDoRpcExt2/Execute is early. Real servers complete at ~297 s (REAL-SERVER-NOTES), so 240 s.
   */
  waitEarlyEmptyMs: number;
  /** C7, C8, C9, N5, N10 ("SHOULD/MUST then call EcDoRpcExt2/Execute"): the fetch is expected within this. */
  fetchDeadlineMs: number;
  /** S1, S10: a datagram is re-sent "every 60 s" while details wait; 50 % slack ("about"). */
  pushResendMaxMs: number;
  /** C5, A7: a scheduled poll sooner than this fraction of pcmsPollsMax after the previous one is too frequent. */
  pollTolerance: number;
  /** N8: a keep-alive gap above this multiple of X-PendingPeriod is "much larger". */
  keepAliveGapFactor: number;
  /**
   * A push datagram can race a response that already delivered its notifications (the server queued,
   * signalled, and an in-flight EcDoRpcExt2 collected them). A delivery this close before the datagram
   * explains a fetch that finds nothing.
   */
  deliveryRaceMs: number;
  /**
   * Calls are reported when they complete: a fetch requested before a deadline may still be in flight
   * when a later event passes it. Deadlines are decided this much later (the request time still counts).
   */
  inFlightGraceMs: number;
}

export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
  waitMaxMs: 330_000,
  waitEarlyEmptyMs: 240_000,
  fetchDeadlineMs: 60_000,
  pushResendMaxMs: 90_000,
  pollTolerance: 0.9,
  keepAliveGapFactor: 2,
  deliveryRaceMs: 2_000,
  inFlightGraceMs: 30_000,
});
