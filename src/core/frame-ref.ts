import type { CaptureTime } from './capture-time.js';

/** A capture frame: its 1-based number (as Wireshark counts) and its timestamp. */
export interface FrameRef {
  readonly frame: number;
  readonly time: CaptureTime;
}
