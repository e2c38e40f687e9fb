/**
 * Cross-check of our DCE/RPC layer against tshark, an independent implementation: on every sample
 * whose traffic tshark can follow exactly, both see the same PDUs in the same frames, and the
 * same calls (call_id, opnum, fragment count, first and last frame).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tsharkAvailable, tsharkDcerpcPdus } from './support/tshark.js';
import { dcerpcLayer, sample, SAMPLES } from './support/collect.js';

interface Expected {
  captures: Record<string, { tsharkComparable: boolean; dcerpcPdus?: unknown[] }>;
}
const expected = JSON.parse(readFileSync(join(SAMPLES, 'expected.json'), 'utf8')) as Expected;
const comparable = Object.entries(expected.captures)
  // DCE/RPC straight on TCP: HTTP-borne samples carry theirs inside HTTP bodies (test/real-server, pipeline tests).
  .filter(([, c]) => c.tsharkComparable && (c.dcerpcPdus?.length ?? 0) > 0)
  .map(([name]) => name);

const haveTshark = tsharkAvailable();
if (!haveTshark) console.warn('tshark is not installed: the DCE/RPC cross-check is skipped (.ci/run installs it)');
const maybe = haveTshark ? describe : describe.skip;

maybe('DCE/RPC layer agrees with tshark', () => {
  it('has comparable samples', () => expect(comparable.length).toBeGreaterThanOrEqual(8));

  it.each(comparable)('%s: same PDUs in the same frames, same calls', async (name) => {
    const theirs = tsharkDcerpcPdus(join(SAMPLES, name), { decodeAsPorts: [60001, 135] });
    const ours = await dcerpcLayer(sample(name));
    const key = (p: { frame: number; ptype: number }): string => `${p.frame}:${p.ptype}`;
    expect(ours.pdus.map(key).sort()).toEqual(theirs.map(key).sort());
    expect(theirs.length).toBeGreaterThan(0);

    for (const call of ours.calls.filter((c) => c.request)) {
      const req = theirs.filter((p) => p.ptype === 0 && p.callId === call.callId && p.frame >= call.request!.first.frame && p.frame <= call.request!.last.frame);
      expect({ callId: call.callId, fragments: req.length, opnum: req[0]?.opnum }).toEqual({ callId: call.callId, fragments: call.request!.fragments, opnum: call.opnum });
      expect(req[0]!.frame).toBe(call.request!.first.frame);
      expect(req[req.length - 1]!.frame).toBe(call.request!.last.frame);
      if (call.response) {
        const resp = theirs.filter((p) => p.ptype === 2 && p.callId === call.callId && p.frame >= call.response!.first.frame && p.frame <= call.response!.last.frame);
        expect(resp.length).toBe(call.response.fragments);
        expect(resp[resp.length - 1]!.frame).toBe(call.response.last.frame);
      }
    }
    const requests = theirs.filter((p) => p.ptype === 0 && (p.fragFlags & 0x01) !== 0).length;
    expect(ours.calls.filter((c) => c.request).length).toBe(requests);
  });
});
