import fc from 'fast-check';
import { fromHex } from '../../core/hex.js';
import { auxTypeName } from './aux-layouts.js';
import { decodeAuxBlocks } from './aux-blocks.js';

describe('decodeAuxBlocks', () => {
  it('VECTORS-rpc V1 aux payload', () => {
    const blocks = decodeAuxBlocks(fromHex('080001010100a300 1000010c46000000000000 00a2000000 1000010c4e0000004e000000a2000000'));
    expect(blocks).toEqual([
      { offset: 0, size: 8, version: 1, type: 0x01, name: 'AUX_PERF_REQUESTID', fields: { SessionID: 1, RequestID: 0x00a3 } },
      {
        offset: 8, size: 16, version: 1, type: 0x0c, name: 'AUX_PERF_DEFMDB_SUCCESS',
        fields: { TimeSinceRequest: 70, TimeToCompleteRequest: 0, RequestID: 0x00a2, Reserved: 0 },
      },
      {
        offset: 24, size: 16, version: 1, type: 0x0c, name: 'AUX_PERF_DEFMDB_SUCCESS',
        fields: { TimeSinceRequest: 78, TimeToCompleteRequest: 78, RequestID: 0x00a2, Reserved: 0 },
      },
    ]);
    expect(auxTypeName(0x0c)).toBe('AUX_TYPE_PERF_BG_DEFMDB_SUCCESS');
  });

  it('VECTORS-rpc V2 aux payload', () => {
    const blocks = decodeAuxBlocks(fromHex('080001010100 1c00 1000010c52000000000000001b000000 1000010c4f0000004e0000001b000000'));
    expect(blocks.map((b) => [b.name, b.fields])).toEqual([
      ['AUX_PERF_REQUESTID', { SessionID: 1, RequestID: 0x001c }],
      ['AUX_PERF_DEFMDB_SUCCESS', { TimeSinceRequest: 82, TimeToCompleteRequest: 0, RequestID: 0x001b, Reserved: 0 }],
      ['AUX_PERF_DEFMDB_SUCCESS', { TimeSinceRequest: 79, TimeToCompleteRequest: 78, RequestID: 0x001b, Reserved: 0 }],
    ]);
  });

  it('V2 structures by version, and the offset-addressed strings', () => {
    // AUX_PERF_SESSIONINFO_V2: SessionID 7, Reserved, SessionGuid, ConnectionID 9.
    const guid = '00112233445566778899aabbccddeeff';
    const [s] = decodeAuxBlocks(fromHex(`1c000204 0700 0000 ${guid} 09000000`));
    expect(s).toMatchObject({
      name: 'AUX_PERF_SESSIONINFO_V2',
      fields: { SessionID: 7, Reserved: 0, SessionGuid: '33221100-5544-7766-8899-aabbccddeeff', ConnectionID: 9 },
    });
    // AUX_PERF_SERVERINFO: ServerID 1, ServerType 1 (private), ServerDN at 12, ServerName absent.
    const [si] = decodeAuxBlocks(fromHex('12000103 0100 0100 0c00 0000 41004200 0000'));
    expect(si?.fields).toEqual({ ServerID: 1, ServerType: 1, ServerDNOffset: 12, ServerNameOffset: 0, ServerDN: 'AB' });
  });

  it('real-server aux blocks: EXORGINFO, CLIENT_CONTROL, ENDPOINT_CAPABILITIES', () => {
    const blocks = decodeAuxBlocks(fromHex('08000117 01000000 0c00010a 05000000 10270000 08000148 01000000'));
    expect(blocks.map((b) => [b.name, b.fields])).toEqual([
      ['AUX_EXORGINFO', { OrgFlags: 1 }],
      ['AUX_CLIENT_CONTROL', { EnableFlags: 5, ExpiryTime: 10000 }],
      ['AUX_ENDPOINT_CAPABILITIES', { EndpointCapabilityFlag: 1 }],
    ]);
  });

  it('unknown types and versions keep offset, size and type with name null', () => {
    const blocks = decodeAuxBlocks(fromHex('0600017f abcd 08000301 01000200'));
    expect(blocks).toEqual([
      { offset: 0, size: 6, version: 1, type: 0x7f, name: null, fields: {} },
      { offset: 6, size: 8, version: 3, type: 0x01, name: null, fields: {} },
    ]);
  });

  it('Size < 4 or past the end damages that block and stops the walk', () => {
    const small = decodeAuxBlocks(fromHex('02000101 08000101 01000200'));
    expect(small).toHaveLength(1);
    expect(small[0]!.damage).toMatchObject({ reason: 'malformed', offset: 0 });
    const past = decodeAuxBlocks(fromHex('08000101 0100a300 40000101 0100'), 100);
    expect(past).toHaveLength(2);
    expect(past[1]!.damage).toMatchObject({ reason: 'truncated', offset: 108 });
    expect(decodeAuxBlocks(fromHex('0800'))[0]!.damage?.reason).toBe('truncated');
  });

  it('a body shorter than its layout keeps the fields read and is damaged', () => {
    const [b] = decodeAuxBlocks(fromHex('0a00010c 46000000 0000'));
    expect(b!.fields).toEqual({ TimeSinceRequest: 70 });
    expect(b!.damage?.reason).toBe('truncated');
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const blocks = decodeAuxBlocks(bytes);
        expect(blocks.length).toBeLessThanOrEqual(bytes.length / 4 + 1);
      }),
      { numRuns: 500 },
    );
  });
});
