import fc from 'fast-check';
import type { RequestBody, ResponseBody } from '../codec.js';
import type { PropertyRow, RopFields } from '../types.js';
import { fieldsArb, K, writeFields, type FieldSpec } from './kinds.js';
import { guidText, idText, rowArb, string8, string16, taggedValueArb, u8, u16, u32, writeTaggedValues } from './values.js';
import { Writer } from './writer.js';

/**
 * The parts the generators of rop-specs.ts are made of: the request header, responses by
 * ReturnValue (success fields, failure exceptions of ROPS-OXCDATA §1.4), and structures several
 * ROPs share. Each yields a ROP in the decoded form together with the bytes it encodes to.
 * Test support only.
 */
export interface Env {
  /** Columns of the table in handle slot 1 (the session knows them). */
  columns: readonly number[];
  tableHandle: number;
  /** Whether logon ids 0–7 are private mailboxes (as the session context says). */
  logonIsPrivate(logonId: number): boolean;
}

export interface Built<M> {
  model: M;
  write(w: Writer): void;
}

export interface RopSpec {
  request?(env: Env): fc.Arbitrary<Built<RequestBody>>;
  response?(env: Env, req: RequestBody): fc.Arbitrary<Built<ResponseBody>>;
}

export const OK = 0;
export const FAILURES = [0x80040102, 0x8004010f, 0x80070005, 0x000004b9];
export const DST_NULL = 0x503;
export const TABLE_SLOT = 1;

/** Solicited ROPs a RopProgress may stand in for (the WantAsynchronous ROPs, ROPS-OXCDATA §1.5). */
export const ASYNC_ROP_IDS = new Set([0x58, 0x1e, 0x91, 0x92, 0x33, 0x35, 0x36, 0x66, 0x39, 0x67]);

interface Header {
  logonId: number;
  inputHandleIndex: number;
  outputHandleIndex: number | null;
}

/** The common request header; row-reading ROPs work on the table in slot 1, the rest never touch it. */
export function headerArb(out: boolean, tableRop = false): fc.Arbitrary<Header> {
  return fc.record({
    logonId: fc.integer({ min: 0, max: 7 }),
    inputHandleIndex: tableRop ? fc.constant(TABLE_SLOT) : fc.constantFrom(0, 2, 3),
    outputHandleIndex: out ? fc.constantFrom(2, 3, 4, 5) : fc.constant(null),
  });
}

export function writeHeader(w: Writer, id: number, h: Header): void {
  w.u8(id).u8(h.logonId).u8(h.inputHandleIndex);
  if (h.outputHandleIndex !== null) w.u8(h.outputHandleIndex);
}

/** A request of kind 'other' whose body follows a table of fields, or a generator of fields. */
export function request(id: number, body: FieldSpec | ((env: Env, h: Header) => fc.Arbitrary<Built<RopFields>>), opts: { out?: boolean; table?: boolean } = {}): RopSpec['request'] {
  return (env) =>
    headerArb(opts.out ?? false, opts.table).chain((h) => {
      const fields: fc.Arbitrary<Built<RopFields>> =
        typeof body === 'function' ? body(env, h) : fieldsArb(body).map((f) => ({ model: f, write: (w: Writer) => writeFields(w, body, f) }));
      return fields.map((f) => ({
        model: { kind: 'other', ...h, fields: f.model } as RequestBody,
        write: (w: Writer) => {
          writeHeader(w, id, h);
          f.write(w);
        },
      }));
    });
}

/** The index a response echoes: OutputHandleIndex for ROPs that create, else InputHandleIndex. */
export function echo(req: RequestBody): number {
  if (req.kind === 'other' && typeof req.fields.responseHandleIndex === 'number') return req.fields.responseHandleIndex;
  return req.outputHandleIndex ?? req.inputHandleIndex ?? 0;
}

export const returnValueArb = (special: readonly number[] = []): fc.Arbitrary<number> =>
  fc.oneof({ arbitrary: fc.constant(OK), weight: 4 }, { arbitrary: fc.constantFrom(...FAILURES, ...special), weight: 2 });

type FieldsFor = (env: Env, req: RequestBody, rv: number) => fc.Arbitrary<Built<RopFields>> | FieldSpec | null;

/** A response of kind 'other': the header, then what `fields` says the ReturnValue brings. */
export function response(id: number, fields: FieldsFor, special: readonly number[] = []): RopSpec['response'] {
  return (env, req) =>
    returnValueArb(special).chain((returnValue) => {
      const handleIndex = echo(req);
      const part = fields(env, req, returnValue);
      const body: fc.Arbitrary<Built<RopFields>> =
        part === null
          ? fc.constant({ model: {}, write: () => undefined })
          : Array.isArray(part)
            ? fieldsArb(part as FieldSpec).map((f) => ({ model: f, write: (w: Writer) => writeFields(w, part as FieldSpec, f) }))
            : (part as fc.Arbitrary<Built<RopFields>>);
      return body.map((f) => ({
        model: { kind: 'other', handleIndex, returnValue, fields: f.model } as ResponseBody,
        write: (w: Writer) => {
          w.u8(id).u8(handleIndex).u32(returnValue);
          f.write(w);
        },
      }));
    });
}

/** Success fields only; failures end after ReturnValue. */
export const onSuccess = (spec: FieldSpec): FieldsFor => (_e, _q, rv) => (rv === OK ? spec : null);
/** Fields present whatever ReturnValue says (ROPS-OXCDATA §1.4). */
export const always = (spec: FieldSpec): FieldsFor => () => spec;
export const built = (model: RopFields, write: (w: Writer) => void): Built<RopFields> => ({ model, write });

/** Strings that are UTF-16 when a flag says so. */
export const flaggedString = (unicode: boolean): fc.Arbitrary<string> => (unicode ? string16 : string8);
export const writeFlaggedString = (w: Writer, unicode: boolean, s: string): void => {
  if (unicode) w.utf16z(s);
  else w.asciiz(s);
};

export const serversArb = fc.tuple(fc.array(string8, { maxLength: 3 }), u16);
export function serversOf(names: readonly [string, string, string], [list, cheap]: [string[], number]): RopFields {
  return { [names[0]]: list.length, [names[1]]: cheap, [names[2]]: list };
}
export function writeServers(w: Writer, [list, cheap]: [string[], number]): void {
  w.u16(list.length).u16(cheap);
  for (const s of list) w.asciiz(s);
}
export const SERVER_NAMES = ['serverCount', 'cheapServerCount', 'servers'] as const;

/** HasRules, IsGhosted, then the servers when ghosted (RopOpenFolder, RopCreateFolder). */
export const folderOpenedArb = fc.tuple(fc.boolean(), fc.option(serversArb, { nil: null })).map(([hasRules, servers]) =>
  built({ hasRules, isGhosted: servers !== null, ...(servers ? serversOf(SERVER_NAMES, servers) : {}) }, (w) => {
    w.u8(hasRules ? 1 : 0).u8(servers ? 1 : 0);
    if (servers) writeServers(w, servers);
  }),
);

/** Rows over the table's columns. */
export const rowsArb = (env: Env, max = 3): fc.Arbitrary<PropertyRow[]> => fc.array(rowArb(env.columns), { maxLength: max });

export const tableStatus: FieldSpec = [['tableStatus', 'u8']];
export const partial: FieldSpec = [['partialCompletion', 'bool']];
export const problems: FieldSpec = [['propertyProblems', 'problems16']];
export const getTable = (id: number, rowCount: boolean): RopSpec => ({
  request: () =>
    fc.tuple(headerArb(true), u8).map(([h, tableFlags]) => ({
      model: { kind: 'RopGetTable', ...h, tableFlags } as RequestBody,
      write: (w: Writer) => {
        writeHeader(w, id, h);
        w.u8(tableFlags);
      },
    })),
  response: (_env, req) =>
    fc.tuple(returnValueArb(), u32).map(([returnValue, n]) => {
      const count = rowCount && returnValue === OK ? n : null;
      return {
        model: { kind: 'RopGetTable', handleIndex: echo(req), returnValue, rowCount: count } as ResponseBody,
        write: (w: Writer) => {
          w.u8(id).u8(echo(req)).u32(returnValue);
          if (count !== null) w.u32(count);
        },
      };
    }),
});

/** SetProperties (and NoReplicate): PropertyValueSize counts PropertyValueCount and the values. */
export const setProperties = (): ((env: Env, h: Header) => fc.Arbitrary<Built<RopFields>>) => () => fc.array(taggedValueArb(), { maxLength: 3 }).map((values) => {
  const inner = new Writer();
  writeTaggedValues(inner, values);
  return built({ propertyValueSize: inner.length, propertyValues: values }, (w) => w.u16(inner.length).bytes(inner.finish()));
});

/** ResponseHandleIndex before InputHandleIndex (0x0C, 0x11, 0x25). */
export function responseHandleFirst(id: number, body: (env: Env, logonId: number) => fc.Arbitrary<Built<RopFields>>): RopSpec['request'] {
  return (env) =>
    fc.tuple(fc.integer({ min: 0, max: 7 }), fc.constantFrom(2, 3, 4), fc.constantFrom(0, 2, 3)).chain(([logonId, responseHandleIndex, inputHandleIndex]) =>
      body(env, logonId).map((f) => ({
        model: { kind: 'other', logonId, inputHandleIndex, outputHandleIndex: null, fields: { responseHandleIndex, ...f.model } } as RequestBody,
        write: (w: Writer) => {
          w.u8(id).u8(logonId).u8(responseHandleIndex).u8(inputHandleIndex);
          f.write(w);
        },
      })),
    );
}

export const requestTags = (req: RequestBody): readonly number[] => ((req as Extract<RequestBody, { kind: 'other' }>).fields.propertyTags as number[]) ?? [];
export const requestNames = (req: RequestBody): number => ((req as Extract<RequestBody, { kind: 'other' }>).fields.propertyNames as unknown[]).length;

export const RECEIVE_FOLDER_COLUMNS = [0x67480014, 0x001a001e, 0x30080040];

export function moveFolder(copy: boolean): (env: Env, h: Header) => fc.Arbitrary<Built<RopFields>> {
  return () =>
    fc.tuple(u8, fc.boolean(), fc.boolean(), fc.boolean(), idText).chain(([dest, wantAsync, recursive, unicode, folderId]) =>
      flaggedString(unicode).map((name) =>
        built(
          { destHandleIndex: dest, wantAsynchronous: wantAsync, ...(copy ? { wantRecursive: recursive } : {}), useUnicode: unicode, folderId, newFolderName: name },
          (w) => {
            w.u8(dest).u8(wantAsync ? 1 : 0);
            if (copy) w.u8(recursive ? 1 : 0);
            w.u8(unicode ? 1 : 0).id(folderId);
            writeFlaggedString(w, unicode, name);
          },
        ),
      ),
    );
}

/** MoveCopyMessages / MoveFolder / CopyFolder: PartialCompletion always; ecDstNullObject puts DestHandleIndex (u32) first. */
export function moveCopy(_env: Env, _req: RequestBody, rv: number): FieldSpec {
  return rv === DST_NULL ? [['destHandleIndex', 'u32'], ['partialCompletion', 'bool']] : partial;
}

/** CopyTo / CopyProperties: problems on success, DestHandleIndex alone for ecDstNullObject. */
export function copyProperties(_env: Env, _req: RequestBody, rv: number): FieldSpec | null {
  if (rv === OK) return problems;
  return rv === DST_NULL ? [['destHandleIndex', 'u32']] : null;
}

export function flaggedBlocks(flagsField: string, listField: string, blockFlag: string): (env: Env, h: Header) => fc.Arbitrary<Built<RopFields>> {
  return () =>
    fc.tuple(u8, fc.array(fc.tuple(u8, fc.array(taggedValueArb(), { maxLength: 2 })), { maxLength: 2 })).map(([flags, blocks]) =>
      built(
        { [flagsField]: flags, [listField]: blocks.map(([f, values]) => ({ [blockFlag]: f, propertyValues: values.map((v) => ({ tag: v.tag, type: v.type, status: v.status, value: v.value })) })) },
        (w) => {
          w.u8(flags).u16(blocks.length);
          for (const [f, values] of blocks) {
            w.u8(f);
            writeTaggedValues(w, values);
          }
        },
      ),
    );
}

/** RopProgress: a response of its own kind, also standing in for an asynchronous ROP's response. */
export function progressArb(req: RequestBody): fc.Arbitrary<Built<ResponseBody>> {
  return fc.tuple(returnValueArb(), u8, u32, u32).map(([returnValue, logonId, done, total]) => {
    const ok = returnValue === OK;
    return {
      model: {
        kind: 'RopProgress', handleIndex: echo(req), returnValue, logonId: ok ? logonId : null, completedTaskCount: ok ? done : null, totalTaskCount: ok ? total : null,
      } as ResponseBody,
      write: (w: Writer) => {
        w.u8(0x50).u8(echo(req)).u32(returnValue);
        if (ok) w.u8(logonId).u32(done).u32(total);
      },
    };
  });
}

/** RopLogon: private (LogonFlags & 0x01) or public body, ecWrongServer redirect, or nothing. */
export function logonResponseArb(req: RequestBody): fc.Arbitrary<Built<ResponseBody>> {
  const folderIds = fc.array(idText, { minLength: 13, maxLength: 13 });
  const time = fc.record({ seconds: u8, minutes: u8, hour: u8, dayOfWeek: u8, day: u8, month: u8, year: u16 });
  const privateBody = fc.tuple(u8, folderIds, u8, guidText, u16, guidText, time, K.u64.arb, u32).map(([flags, ids, rf, mbx, replId, replGuid, t, gwart, state]) =>
    built(
      { logonFlags: flags | 1, folderIds: ids, responseFlags: rf, mailboxGuid: mbx, replId, replGuid, logonTime: t, gwartTime: gwart, storeState: state },
      (w) => {
        w.u8(flags | 1);
        for (const x of ids) w.id(x);
        w.u8(rf).guid(mbx).u16(replId).guid(replGuid).u8(t.seconds).u8(t.minutes).u8(t.hour).u8(t.dayOfWeek).u8(t.day).u8(t.month).u16(t.year).u64(gwart as bigint).u32(state);
      },
    ),
  );
  const publicBody = fc.tuple(u8, folderIds, u16, guidText, guidText).map(([flags, ids, replId, replGuid, perUser]) =>
    built({ logonFlags: flags & ~1, folderIds: ids, replId, replGuid, perUserGuid: perUser }, (w) => {
      w.u8(flags & ~1);
      for (const x of ids) w.id(x);
      w.u16(replId).guid(replGuid).guid(perUser);
    }),
  );
  const redirect = fc.tuple(u8, string8).map(([flags, server]) =>
    built({ logonFlags: flags, serverNameSize: server.length + 1, serverName: server }, (w) => w.u8(flags).u8(server.length + 1).asciiz(server)),
  );
  return returnValueArb([0x478]).chain((returnValue) => {
    const body = returnValue === OK ? fc.oneof(privateBody, publicBody) : returnValue === 0x478 ? redirect : fc.constant(built({}, () => undefined));
    return body.map((b) => ({
      model: { kind: 'RopLogon', handleIndex: echo(req), returnValue, fields: b.model } as ResponseBody,
      write: (w: Writer) => {
        w.u8(0xfe).u8(echo(req)).u32(returnValue);
        b.write(w);
      },
    }));
  });
}

