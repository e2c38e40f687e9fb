/**
 * The human form of `oxnotif-dump decode`: the decode document (docs/decode.md) as an indented
 * tree, every field on a line under its specification name. It reads only the JSON-ready
 * document; a few shapes get a one-line summary: ROPs, ROP buffers, RPC_HEADER_EXT headers,
 * property-row entries (`PidTagSubject (0x0037001F): "Hi"`) and damage.
 */
type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const INDENT = '  ';
const INLINE_MAX = 100;

const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: Json): boolean => v === null || typeof v !== 'object';

/** Tags, ids, hex codes and names read better bare; other strings are quoted so empties show. */
const BARE = /^([A-Za-z_][\w.]*|0x[0-9A-F]+( \([A-Za-z_]\w*\))?|[A-Za-z]\w* \(0x[0-9A-F]{8}\)|[0-9A-F]{4}-[0-9A-F]{12}|[0-9a-f-]{36}(:[0-9A-F]{12})?|\d{4}-\d\d-\d\dT[\d:.]+Z)$/;

function scalar(v: Json): string {
  if (typeof v === 'string') return BARE.test(v) ? v : JSON.stringify(v);
  return String(v);
}

function inline(v: Json[]): string | null {
  if (!v.every(isScalar)) return null;
  const text = `[${v.map(scalar).join(', ')}]`;
  return text.length <= INLINE_MAX ? text : null;
}

function isRop(o: Obj): boolean {
  return typeof o.ropId === 'string' && typeof o.name === 'string' && typeof o.offset === 'number';
}

function ropTitle(o: Obj, index: number): string {
  const parts: string[] = [];
  for (const k of ['logonId', 'inputHandleIndex', 'outputHandleIndex', 'handleIndex'] as const) {
    if (o[k] !== undefined) parts.push(`${k} ${scalar(o[k]!)}`);
  }
  const rv = o.returnValue !== undefined ? ` → ${scalar(o.returnValue)}` : '';
  const head = parts.length ? `: ${parts.join(', ')}` : '';
  return `[${index}] ${String(o.name)} (${String(o.ropId)}) at ${String(o.offset)}, ${String(o.size)} bytes${head}${rv}`;
}

/** A property-row entry: the tag is the key; { name, value | absent | error [, type] }. */
function rowEntry(key: string, o: Obj): string | null {
  if (!/^0x[0-9A-F]{8}$/.test(key) || !('name' in o)) return null;
  const name = typeof o.name === 'string' ? `${o.name} (${key})` : key;
  const type = typeof o.type === 'string' ? ` [${o.type}]` : '';
  if (o.absent === true) return `${name}: absent`;
  if (o.error !== undefined) return `${name}: error ${scalar(o.error)}`;
  if (o.value !== undefined && (isScalar(o.value) || (Array.isArray(o.value) && inline(o.value)))) {
    return `${name}${type}: ${isScalar(o.value) ? scalar(o.value) : inline(o.value as Json[])}`;
  }
  return null;
}

function headerLine(o: Obj, index: number): string | null {
  if (!('sizeActual' in o) || !Array.isArray(o.flagNames)) return null;
  const names = o.flagNames.length ? ` (${o.flagNames.join(', ')})` : '';
  return `[${index}] RPC_HEADER_EXT at ${scalar(o.offset!)}: Version ${scalar(o.version!)}, Flags ${scalar(o.flags!)}${names}, Size ${scalar(o.size!)}, SizeActual ${scalar(o.sizeActual!)}`;
}

function bufferTitle(o: Obj, index: number): string | null {
  if (typeof o.ropSize !== 'number' || !Array.isArray(o.rops) || !Array.isArray(o.handles)) return null;
  const handles = o.handles.length ? `, handles ${inline(o.handles) ?? `(${o.handles.length})`}` : ', no handles';
  return `[${index}] ROP buffer: RopSize ${o.ropSize}, ${o.rops.length} ROP${o.rops.length === 1 ? '' : 's'}${handles}`;
}

function damageLine(o: Obj): string | null {
  if (typeof o.where !== 'string' || typeof o.reason !== 'string') return null;
  const field = typeof o.field === 'string' ? ` ${o.field}` : '';
  return `${o.where}: ${o.reason} at offset ${scalar(o.offset ?? null)}${field}: ${String(o.detail)}`;
}

function renderValue(lines: string[], pad: string, key: string, v: Json): void {
  if (isScalar(v)) {
    lines.push(`${pad}${key}: ${scalar(v)}`);
    return;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) {
      lines.push(`${pad}${key}: []`);
      return;
    }
    const text = inline(v);
    if (text) {
      lines.push(`${pad}${key}: ${text}`);
      return;
    }
    lines.push(`${pad}${key}:`);
    renderArray(lines, pad + INDENT, v);
    return;
  }
  if (!isObj(v)) return;
  const entry = rowEntry(key, v);
  if (entry) {
    lines.push(pad + entry);
    return;
  }
  if (Object.keys(v).length === 0) {
    lines.push(`${pad}${key}: {}`);
    return;
  }
  lines.push(`${pad}${key}:`);
  renderObject(lines, pad + INDENT, v);
}

function renderArray(lines: string[], pad: string, list: Json[]): void {
  list.forEach((item, i) => {
    if (!isObj(item)) {
      if (Array.isArray(item)) renderValue(lines, pad, `[${i}]`, item);
      else lines.push(`${pad}- ${scalar(item)}`);
      return;
    }
    const title = isRop(item) ? ropTitle(item, i) : headerLine(item, i) ?? bufferTitle(item, i) ?? damageLine(item);
    if (title === null) {
      lines.push(`${pad}[${i}]`);
      renderObject(lines, pad + INDENT, item);
      return;
    }
    lines.push(pad + title);
    if (isRop(item) && isObj(item.fields)) renderObject(lines, pad + INDENT + INDENT, item.fields);
    else if (typeof item.ropSize === 'number') {
      const rest: Obj = { ...item };
      for (const k of ['ropSize', 'handles']) delete rest[k];
      const rops = rest.rops as Json[];
      delete rest.rops;
      renderObject(lines, pad + INDENT, rest);
      renderArray(lines, pad + INDENT, rops);
    }
  });
}

function renderObject(lines: string[], pad: string, o: Obj): void {
  for (const [k, v] of Object.entries(o)) renderValue(lines, pad, k, v);
}

/** The whole document: a summary line, the layers, then the damage list. */
export function renderDecodeTree(doc: Obj): string {
  const lines: string[] = [];
  const guessed = doc.guessed === true ? ' (guessed; choose with --as)' : '';
  lines.push(`${String(doc.decodedAs)}${guessed}: ${String(doc.length)} bytes from ${String(doc.source)}`);
  if (doc.request === null) lines.push('request: not given (--request pairs a response with its request)');
  else if (isObj(doc.request)) {
    lines.push(`request: ${String(doc.request.decodedAs)}, ${String(doc.request.length)} bytes: ${inline(doc.request.rops as Json[]) ?? ''}`);
  }
  for (const [k, v] of Object.entries(doc)) {
    if (['decodedAs', 'guessed', 'length', 'source', 'request', 'damage'].includes(k)) continue;
    if (isObj(v) && typeof v.ropSize === 'number') {
      lines.push(`${k}:`);
      renderArray(lines, INDENT, [v]);
    } else renderValue(lines, '', k, v);
  }
  const damage = Array.isArray(doc.damage) ? doc.damage : [];
  if (damage.length === 0) lines.push('damage: none');
  else {
    lines.push(`damage: ${damage.length}`);
    for (const d of damage) if (isObj(d)) lines.push(INDENT + (damageLine(d) ?? JSON.stringify(d)));
  }
  return lines.join('\n') + '\n';
}
