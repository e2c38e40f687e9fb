/**
 * `oxnotif-dump decode` as a user runs it (the built CLI in a child process). Expected values are
 * the ones VECTORS-rpc.md V1/V2 give for the two Outlook 2007 stubs (NDR fields, RPC_HEADER_EXT,
 * the decompressed ROP input buffers, checked byte by byte against ROPS-OXCDATA §2), and
 * hand-written buffers from the ROPS-OXCDATA field tables.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import { buildIfStale, cli, oneLineError, ROOT } from './support/cli.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'outlook2007');
const V1 = join(FIXTURES, '001_Outlook_2007_in_ModifyRecipients_comp.dat');
const V2 = join(FIXTURES, '002_Outlook_2007_in_Tables_operations_comp.dat');

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function json(r: SpawnSyncReturns<string>): Doc {
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Doc;
}

/** A failure a person can meet: the exit code, one line on stderr naming the subcommand. */
function oneLine(r: SpawnSyncReturns<string>, code: number): string {
  const line = oneLineError(r, code);
  expect(line).toMatch(/^oxnotif-dump decode: /);
  return line;
}

const ropList = (buf: Doc): [string, string, number, number][] => buf.rops.map((r: Doc) => [r.ropId, r.name, r.offset, r.size]);

beforeAll(() => buildIfStale(), 120_000);

describe('decode: the Outlook 2007 stubs, guessed as EcDoRpcExt2 requests', () => {
  it('V1: the NDR fields, the chain, the full ROP list with every field named', () => {
    const doc = json(cli(['decode', '--json', V1]));
    expect(doc).toMatchObject({ decodedAs: 'stub-request', guessed: true, source: 'file', length: 432, damage: [] });
    expect(doc.stub).toMatchObject({
      call: 'EcDoRpcExt2',
      opnum: 11,
      direction: 'request',
      fields: { cxh: { attributes: '0x00000000', uuid: 'd0a05627-1e72-480c-b85a-274429fd403f', isNull: false }, flags: '0x00000000', cbIn: 333, maxOut: 0x8007, cbAuxIn: 48, maxAuxOut: 0x88 },
    });
    expect(doc.stub.rgbIn.headers).toEqual([{ offset: 0, version: '0x0000', flags: '0x0005', flagNames: ['Compressed', 'Last'], size: 325, sizeActual: 459 }]);
    const buf = doc.stub.rgbIn.ropBuffers[0];
    expect(buf.ropSize).toBe(455);
    expect(buf.handles).toEqual(['0x00000045']);
    expect(ropList(buf)).toEqual([
      ['0x0D', 'RopRemoveAllRecipients', 2, 7],
      ['0x0E', 'RopModifyRecipients', 9, 402],
      ['0x0A', 'RopSetProperties', 411, 27],
      ['0x32', 'RopSubmitMessage', 438, 4],
      ['0x07', 'RopGetPropertiesSpecific', 442, 13],
    ]);
    const [remove, modify, setProps, submit, getProps] = buf.rops;
    expect(remove).toEqual({ ropId: '0x0D', name: 'RopRemoveAllRecipients', offset: 2, size: 7, logonId: 0, inputHandleIndex: 0, fields: { reserved: 1 } });
    expect(modify.fields.recipientColumns.slice(0, 4)).toEqual([
      'PidTagObjectType (0x0FFE0003)', 'PidTagDisplayType (0x39000003)', 'PidTagAddressBookDisplayNamePrintable (0x39FF001F)', 'PidTagSmtpAddress (0x39FE001F)',
    ]);
    expect(modify.fields.recipientRows[0]).toMatchObject({
      rowId: 0,
      recipientType: 1,
      recipientRowSize: 340,
      recipientRow: { addressType: 'X500DN', addressPrefixUsed: 69, x500Dn: 'Jkerihuel', displayName: 'Julien Kerihuel', simpleDisplayName: 'jkerihuel', recipientColumnCount: 12 },
    });
    expect(modify.fields.recipientRows[0].recipientRow.recipientProperties.values['0x39FE001F']).toEqual({ name: 'PidTagSmtpAddress', value: 'jkerihuel@openchange2003.local' });
    expect(setProps.fields).toEqual({
      propertyValueSize: 22,
      propertyValues: { '0x003D001F': { name: 'PidTagSubjectPrefix', value: '' }, '0x0E1D001F': { name: 'PidTagNormalizedSubject', value: 'test' } },
    });
    expect(submit.fields).toEqual({ submitFlags: 0 });
    expect(getProps.fields).toEqual({ propertySizeLimit: 0, wantUnicode: 0, propertyTags: ['PidTagChangeKey (0x65E20102)'] });
    expect(doc.stub.rgbAuxIn.blocks.map((b: Doc) => [b.offset, b.name])).toEqual([
      [0, 'AUX_PERF_REQUESTID'],
      [8, 'AUX_PERF_DEFMDB_SUCCESS'],
      [24, 'AUX_PERF_DEFMDB_SUCCESS'],
    ]);
  });

  it('V2: table operations, the restriction and the subscription', () => {
    const doc = json(cli(['decode', '--json', '--as', 'stub-request', V2]));
    expect(doc).toMatchObject({ decodedAs: 'stub-request', guessed: false, damage: [] });
    const buf = doc.stub.rgbIn.ropBuffers[0];
    expect(buf.ropSize).toBe(356);
    expect(buf.handles).toEqual(['0x00000075', '0xFFFFFFFF', '0x00000071', '0xFFFFFFFF', '0xFFFFFFFF', '0xFFFFFFFF']);
    expect(ropList(buf)).toEqual([
      ['0x05', 'RopGetContentsTable', 2, 5],
      ['0x12', 'RopSetColumns', 7, 58],
      ['0x4F', 'RopFindRow', 65, 161],
      ['0x02', 'RopOpenFolder', 226, 13],
      ['0x02', 'RopOpenFolder', 239, 13],
      ['0x29', 'RopRegisterNotification', 252, 23],
      ['0x07', 'RopGetPropertiesSpecific', 275, 81],
    ]);
    const [contents, setColumns, findRow, , open2, register, getProps] = buf.rops;
    expect(contents).toMatchObject({ logonId: 0, inputHandleIndex: 0, outputHandleIndex: 1, fields: { tableFlags: 2 } });
    expect(setColumns.fields.propertyTags).toHaveLength(13);
    expect(setColumns.fields.propertyTags[0]).toBe('PidTagFolderId (0x67480014)');
    expect(setColumns.fields.propertyTags[4]).toBe('PidTagSubject (0x0037001F)');
    expect(findRow.fields.restrictionData.restricts[0]).toEqual({
      restrictType: 'Property',
      relOp: 'RELOP_EQ',
      propTag: 'PidTagMessageClass (0x001A001F)',
      taggedValue: { tag: 'PidTagMessageClass (0x001A001F)', value: 'IPM.Microsoft.FolderDesign.NamedView' },
    });
    expect(findRow.fields.restrictionData.restricts[4]).toMatchObject({ restrictType: 'Content', taggedValue: { value: 'Messages' } });
    expect(open2).toMatchObject({ inputHandleIndex: 2, outputHandleIndex: 4, fields: { folderId: '0001-00000000273B', openModeFlags: 0 } });
    expect(register).toMatchObject({ outputHandleIndex: 5, fields: { notificationTypes: 0x78, wantWholeStore: false, folderId: '0001-00000000273B', messageId: '0000-000000000000' } });
    expect(getProps.fields.wantUnicode).toBe(1);
    expect(getProps.fields.propertyTags[0]).toBe('PidTagParentFolderId (0x67490014)');
  });

  it('the human tree names every ROP and field', () => {
    const r = cli(['decode', V2]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^stub-request \(guessed; choose with --as\): 436 bytes from file\n/);
    expect(r.stdout).toContain('[0] RPC_HEADER_EXT at 0: Version 0x0000, Flags 0x0005 (Compressed, Last), Size 330, SizeActual 380');
    expect(r.stdout).toContain('[1] RopSetColumns (0x12) at 7, 58 bytes: logonId 0, inputHandleIndex 1');
    expect(r.stdout).toContain('- PidTagSubject (0x0037001F)');
    expect(r.stdout).toContain('[5] RopRegisterNotification (0x29) at 252, 23 bytes: logonId 0, inputHandleIndex 2, outputHandleIndex 5');
    expect(r.stdout).toContain('folderId: 0001-00000000273B');
    expect(r.stdout).toMatch(/damage: none\n$/);
  });

  it('standard input, and the decompressed buffer of VECTORS-rpc V1 as a hex dump file', () => {
    expect(json(cli(['decode', '--json', '-'], { input: new Uint8Array(readFileSync(V1)) })).source).toBe('standard input');
    const doc = json(cli(['decode', '--json', join(FIXTURES, '001_rop_input_buffer.hex')]));
    expect(doc).toMatchObject({ decodedAs: 'rop-request', guessed: true, source: 'file (hex text)', length: 459 });
    expect(ropList(doc.ropBuffer).map((r) => r[1])).toEqual(['RopRemoveAllRecipients', 'RopModifyRecipients', 'RopSetProperties', 'RopSubmitMessage', 'RopGetPropertiesSpecific']);
  });
});

describe('decode: a response and its request (ROPS-OXCDATA §2.14)', () => {
  // RopOpenFolder (out slot 1) then RopGetPropertiesSpecific on slot 1 for PidTagDisplayName, PidTagContentCount.
  const request = '2000 02 00 00 01 0100000000000005 00 07 00 01 0000 0100 0200 1f000130 03000236 45000000 ffffffff';
  // The responses, then RopPending: the row is "Inbox", 5.
  const response = '2400 02 01 00000000 00 00 07 01 00000000 00 4900 6e00 6200 6f00 7800 0000 05000000 6e 01 00 45000000 99000000';

  it('without the request: what describes itself, then where and why it stops', () => {
    const doc = json(cli(['decode', '--json', '--as', 'rop-response', response]));
    expect(doc.request).toBeNull();
    expect(ropList(doc.ropBuffer)).toEqual([['0x02', 'RopOpenFolder', 2, 8]]);
    expect(doc.ropBuffer.missing).toBe('the rest of this buffer needs the paired request: give it with --request');
    expect(doc.damage).toEqual([
      expect.objectContaining({ where: 'ROP response buffer', reason: 'state-missing', field: 'RowData', detail: expect.stringContaining('RopGetPropertiesSpecific request') }),
    ]);
  });

  it('with --request: the row over the requested tags, and the RopPending after it', () => {
    const doc = json(cli(['decode', '--json', '--as', 'rop-response', '--request', request, response]));
    expect(doc.request).toEqual({ decodedAs: 'rop-request', length: 40, rops: ['RopOpenFolder', 'RopGetPropertiesSpecific'], damage: [] });
    expect(doc.damage).toEqual([]);
    expect(ropList(doc.ropBuffer)).toEqual([
      ['0x02', 'RopOpenFolder', 2, 8],
      ['0x07', 'RopGetPropertiesSpecific', 10, 23],
      ['0x6E', 'RopPending', 33, 3],
    ]);
    expect(doc.ropBuffer.rops[1]).toMatchObject({
      handleIndex: 1,
      returnValue: '0x00000000 (Success)',
      fields: { rowData: { rowType: 'StandardPropertyRow', values: { '0x3001001F': { name: 'PidTagDisplayName', value: 'Inbox' }, '0x36020003': { name: 'PidTagContentCount', value: 5 } } } },
    });
    expect(doc.ropBuffer.rops[2].fields).toEqual({ sessionIndex: 1 });
  });

  it('NotificationData alone (VECTORS-rops V5c without the RopNotify header)', () => {
    const doc = json(cli(['decode', '--json', '--as', 'notification', '0280 0100000000000010 0100000000000020 04000000 01 49005000 4d002e00 4e006f00 74006500 0000']));
    expect(doc.notificationData).toEqual({
      notificationFlags: '0x8002',
      notificationType: 'NewMail',
      folderId: '0001-000000000010',
      messageId: '0001-000000000020',
      messageFlags: 4,
      unicodeFlag: 1,
      messageClass: 'IPM.Note',
    });
  });
});

describe('decode: errors for people', () => {
  it('unreadable input: exit 2, one line', () => {
    expect(oneLine(cli(['decode', 'no-such-file.bin']), 2)).toContain('neither a readable file nor a hex string');
    expect(oneLine(cli(['decode', 'zz']), 2)).toContain('neither a readable file nor a hex string');
    expect(oneLine(cli(['decode', '01']), 2)).toContain('cannot tell what these bytes are');
  });

  it('usage: exit 3', () => {
    expect(cli(['decode', '--as', 'pdu', '01']).status).toBe(3);
    expect(oneLine(cli(['decode', '--as', 'rop-request', '--request', '0200', '0200']), 3)).toContain('not a response');
    expect(cli(['decode']).status).toBe(3);
  });

  it('the capture command still runs as the default', () => {
    const r = cli(['samples/rpc-tcp-basic.pcap', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.split('\n')[0]!)).toMatchObject({ type: 'capture', file: 'samples/rpc-tcp-basic.pcap' });
  });
});
