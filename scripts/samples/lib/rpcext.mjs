// RPC_HEADER_EXT framing, XorMagic, the LZ77+DIRECT2 compressor (and a decompressor for self-checks),
// and auxiliary buffer blocks (reference §2.5, §2.7, §2.8, §2.9).
import { Writer } from './bytes.mjs';

export const EXT = { COMPRESSED: 0x0001, XOR: 0x0002, LAST: 0x0004 };

export function xorMagic(buf) {
  const out = Buffer.alloc(buf.length);
  for (let i = 0; i < buf.length; i++) out[i] = buf[i] ^ 0xa5;
  return out;
}

/**
 * One RPC_HEADER_EXT + payload. Sender order: compress, then XOR.
 * Returns { bytes, flags, size, sizeActual }.
 */
export function extBlock(raw, { compress = false, xor = false, last = true } = {}) {
  let payload = raw;
  let flags = last ? EXT.LAST : 0;
  if (compress) {
    payload = lz77Compress(raw);
    if (payload.length >= raw.length) throw new Error(`compression does not help (${payload.length} >= ${raw.length})`);
    const back = lz77Decompress(payload, raw.length);
    if (!back.equals(raw)) throw new Error('LZ77 round trip failed');
    flags |= EXT.COMPRESSED;
  }
  if (xor) {
    payload = xorMagic(payload);
    flags |= EXT.XOR;
  }
  if (payload.length > 0xffff || raw.length > 0xffff) throw new Error('payload too large for one RPC_HEADER_EXT');
  const w = new Writer();
  w.u16(0).u16(flags).u16(payload.length).u16(raw.length).bytes(payload);
  return { bytes: w.toBuffer(), flags, size: payload.length, sizeActual: raw.length };
}

// ------------------------------------------------------------------ LZ77 (plain LZ77 + DIRECT2 encoding)

const MIN_MATCH = 3;
const MAX_DISTANCE = 8192;
const MAX_MATCH = 0xffff + 3; // u16 absolute length form

/**
 * Greedy compressor. Items are described by one flag bit each (0 literal, 1 match), packed MSB-first in
 * 32-bit little-endian words that precede the items they describe. After the last item a single 1 bit marks
 * the end (in a new flag word when the last one is full).
 */
export function lz77Compress(input) {
  const out = [];
  let flagPos = 0;
  let flagBits = 0;
  let flagCount = 0;
  const pushU32Placeholder = () => {
    const p = out.length;
    out.push(0, 0, 0, 0);
    return p;
  };
  const writeFlags = () => {
    const v = flagBits >>> 0;
    out[flagPos] = v & 0xff;
    out[flagPos + 1] = (v >>> 8) & 0xff;
    out[flagPos + 2] = (v >>> 16) & 0xff;
    out[flagPos + 3] = (v >>> 24) & 0xff;
  };
  // A full flag word is closed lazily, right before the item that needs the 33rd bit: the decompressor
  // reads a new word exactly when it needs the next bit.
  const addFlag = (bit) => {
    if (flagCount === 32) {
      writeFlags();
      flagPos = pushU32Placeholder();
      flagBits = 0;
      flagCount = 0;
    }
    if (bit) flagBits |= 1 << (31 - flagCount);
    flagCount++;
  };
  flagPos = pushU32Placeholder();
  let nibblePos = -1; // position of a half-used shared length byte

  // hash chains over 3-byte prefixes
  const head = new Map();
  const prev = new Int32Array(input.length).fill(-1);
  const key = (i) => (input[i] << 16) | (input[i + 1] << 8) | input[i + 2];
  const insert = (i) => {
    if (i + 2 >= input.length) return;
    const k = key(i);
    const h = head.get(k);
    prev[i] = h === undefined ? -1 : h;
    head.set(k, i);
  };

  let pos = 0;
  while (pos < input.length) {
    let bestLen = 0;
    let bestDist = 0;
    if (pos + MIN_MATCH <= input.length) {
      let cand = head.get(key(pos));
      let tries = 0;
      while (cand !== undefined && cand >= 0 && pos - cand <= MAX_DISTANCE && tries < 256) {
        let l = 0;
        const limit = Math.min(MAX_MATCH, input.length - pos);
        while (l < limit && input[cand + l] === input[pos + l]) l++;
        if (l > bestLen) {
          bestLen = l;
          bestDist = pos - cand;
          if (l === limit) break;
        }
        cand = prev[cand];
        tries++;
      }
    }
    if (bestLen >= MIN_MATCH) {
      addFlag(1);
      const m = bestLen - MIN_MATCH;
      const meta = ((bestDist - 1) << 3) | Math.min(m, 7);
      out.push(meta & 0xff, (meta >>> 8) & 0xff);
      if (m >= 7) {
        const n = m - 7;
        const nib = Math.min(n, 15);
        if (nibblePos < 0) {
          nibblePos = out.length;
          out.push(nib);
        } else {
          out[nibblePos] |= nib << 4;
          nibblePos = -1;
        }
        if (n >= 15) {
          const b = n - 15;
          if (b < 255) out.push(b);
          else {
            out.push(255);
            const abs = bestLen - 3;
            out.push(abs & 0xff, (abs >>> 8) & 0xff);
          }
        }
      }
      for (let i = 0; i < bestLen; i++) insert(pos + i);
      pos += bestLen;
    } else {
      addFlag(0);
      out.push(input[pos]);
      insert(pos);
      pos++;
    }
  }
  // end marker: one 1 bit (in a fresh flag word if the current one is full)
  addFlag(1);
  writeFlags();
  return Buffer.from(out);
}

/** Decompressor following reference §2.7 (used for the round-trip self-check only). */
export function lz77Decompress(input, sizeActual) {
  const out = Buffer.alloc(sizeActual);
  let outLen = 0;
  let inPos = 0;
  let flags = 0;
  let bitsLeft = 0;
  let nibblePos = -1;
  const need = (n) => {
    if (inPos + n > input.length) throw new Error(`LZ77: input overrun at ${inPos}`);
  };
  while (outLen < sizeActual) {
    if (bitsLeft === 0) {
      need(4);
      flags = input.readUInt32LE(inPos);
      inPos += 4;
      bitsLeft = 32;
    }
    const bit = (flags >>> 31) & 1;
    flags = (flags << 1) >>> 0;
    bitsLeft--;
    if (bit === 0) {
      need(1);
      out[outLen++] = input[inPos++];
      continue;
    }
    if (inPos >= input.length) break;
    need(2);
    const meta = input.readUInt16LE(inPos);
    inPos += 2;
    const distance = (meta >>> 3) + 1;
    let length = meta & 7;
    if (length === 7) {
      if (nibblePos < 0) {
        need(1);
        length = input[inPos] & 0x0f;
        nibblePos = inPos;
        inPos++;
      } else {
        length = input[nibblePos] >>> 4;
        nibblePos = -1;
      }
      if (length === 15) {
        need(1);
        length = input[inPos++];
        if (length === 255) {
          need(2);
          length = input.readUInt16LE(inPos);
          inPos += 2;
          length -= 22;
        }
        length += 15;
      }
      length += 7;
    }
    length += 3;
    if (distance > outLen) throw new Error(`LZ77: distance ${distance} beyond output ${outLen}`);
    for (let i = 0; i < length && outLen < sizeActual; i++) {
      out[outLen] = out[outLen - distance];
      outLen++;
    }
  }
  if (outLen !== sizeActual) throw new Error(`LZ77: produced ${outLen} of ${sizeActual}`);
  return out;
}

// ------------------------------------------------------------------ auxiliary buffer blocks (§2.9)

export const AUX = {
  PERF_REQUESTID: 0x01,
  PERF_CLIENTINFO: 0x02,
  CLIENT_CONTROL: 0x0a,
  EXORGINFO: 0x17,
  SERVER_CAPABILITIES: 0x46,
  ENDPOINT_CAPABILITIES: 0x48,
};

export function auxBlock(type, body, version = 1) {
  const w = new Writer();
  w.u16(4 + body.length).u8(version).u8(type).bytes(body);
  return w.toBuffer();
}

export const auxPerfRequestId = (sessionId, requestId) =>
  auxBlock(AUX.PERF_REQUESTID, new Writer().u16(sessionId).u16(requestId).toBuffer());

/** AUX_PERF_CLIENTINFO; offsets are from the start of the AUX_HEADER. */
export function auxPerfClientInfo({ adapterSpeed, clientId, machineName, userName, clientIp, clientIpMask, adapterName, mac, clientMode }) {
  const fixed = 4 + 28;
  const machine = Buffer.from(machineName + '\0', 'utf16le');
  const user = Buffer.from(userName + '\0', 'utf16le');
  const adapter = Buffer.from(adapterName + '\0', 'utf16le');
  let off = fixed;
  const oMachine = off;
  off += machine.length;
  const oUser = off;
  off += user.length;
  const oIp = off;
  off += clientIp.length;
  const oMask = off;
  off += clientIpMask.length;
  const oAdapter = off;
  off += adapter.length;
  const oMac = off;
  const w = new Writer();
  w.u32(adapterSpeed).u16(clientId).u16(oMachine).u16(oUser);
  w.u16(clientIp.length).u16(oIp).u16(clientIpMask.length).u16(oMask);
  w.u16(oAdapter).u16(mac.length).u16(oMac).u16(clientMode).u16(0);
  w.bytes(machine).bytes(user).bytes(clientIp).bytes(clientIpMask).bytes(adapter).bytes(mac);
  return auxBlock(AUX.PERF_CLIENTINFO, w.toBuffer());
}

export const auxServerCapabilities = (flags) => auxBlock(AUX.SERVER_CAPABILITIES, new Writer().u32(flags).toBuffer());
export const auxExOrgInfo = (flags) => auxBlock(AUX.EXORGINFO, new Writer().u32(flags).toBuffer());
export const auxClientControl = (enableFlags, expiryMs) =>
  auxBlock(AUX.CLIENT_CONTROL, new Writer().u32(enableFlags).u32(expiryMs).toBuffer());
export const auxEndpointCapabilities = (flags) => auxBlock(AUX.ENDPOINT_CAPABILITIES, new Writer().u32(flags).toBuffer());
