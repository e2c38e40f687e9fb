/**
 * Minimised reproducers found by test/pipeline-fuzz.test.ts: whatever a damaged capture holds,
 * the event stream keeps the contract (capture first, summary last, frames 1-based and within
 * summary.frames, times RFC 3339).
 */
import { withLimits } from '../core/limits.js';
import { memorySource } from '../dissectors/capture/chunked-source.js';
import type { EventSink, FindingEvent, OxEvent, SummaryEvent } from '../model/events.js';
import { PcapngWriter, ethFrame, writePcap } from '../test-support/capture-writer.js';
import { runPipeline } from './pipeline.js';

async function run(bytes: Uint8Array): Promise<{ events: OxEvent[]; findings: FindingEvent[]; summary: SummaryEvent }> {
  const events: OxEvent[] = [];
  const sink: EventSink = {
    emit: (e) => void events.push(e),
    close: async () => undefined,
  };
  const summary = await runPipeline(memorySource(bytes), { file: 'repro', limits: withLimits(), sink });
  expect(events[0]?.type).toBe('capture');
  expect(events[events.length - 1]).toBe(summary);
  return { events, findings: events.filter((e): e is FindingEvent => e.type === 'finding'), summary };
}

/** An Ethernet frame whose IPv4 header is cut short: the pipeline reports it at that frame. */
const brokenIp = ethFrame(0x0800, Uint8Array.of(0x45, 0, 0, 40, 0, 1));

describe('pipeline on damaged captures (fuzz reproducers)', () => {
  it('damage before the first record is reported at frame 1, not frame 0', async () => {
    const pcap = writePcap({ linkType: 1 }, [{ sec: 1_700_000_000, frac: 0, data: brokenIp }]);
    const { findings, summary } = await run(pcap.subarray(0, 24 + 10));
    expect(summary.frames).toBe(0);
    expect(findings.map((f) => [f.rule, f.frame, f.frames])).toEqual([['capture.truncated', 1, [1]]]);
  });

  it('summary.frames counts the packet records that were numbered but skipped as damaged', async () => {
    // An EPB before any IDB (its interface is not described yet) is frame 1, skipped; the next is frame 2.
    const bytes = new PcapngWriter()
      .section()
      .epb({ ts: 1_700_000_000_000_000n, data: brokenIp })
      .iface({ linkType: 1 })
      .epb({ ts: 1_700_000_000_000_001n, data: brokenIp })
      .bytes();
    const { events, summary } = await run(bytes);
    expect(summary.frames).toBe(2);
    for (const e of events) if (e.type !== 'capture' && e.type !== 'summary') expect(e.frame).toBeLessThanOrEqual(summary.frames);
  });

  it('a timestamp past year 9999 still gives an RFC 3339 time', async () => {
    const bytes = new PcapngWriter()
      .section()
      .iface({ linkType: 1 })
      .epb({ ts: 0x0400_0000_0000_0000n, data: brokenIp })
      .epb({ ts: 0xffff_ffff_ffff_ffffn, data: brokenIp })
      .bytes();
    const { events } = await run(bytes);
    const times = events.flatMap((e) => (e.type !== 'capture' && e.type !== 'summary' ? [e.time] : []));
    expect(times.length).toBeGreaterThan(0);
    for (const t of times) expect(t).toBe('9999-12-31T23:59:59.999999Z');
  });
});
