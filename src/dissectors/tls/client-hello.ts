import { ByteReader, latin1 } from '../../core/byte-reader.js';

/**
 * Recognises the start of a TLS stream (RFC 8446 §5.1 record, §4.1.2 ClientHello) and reads the
 * server_name extension (RFC 6066 §3), so a user learns which encrypted stream hid what.
 */
export function looksLikeTls(p: Uint8Array): boolean {
  // handshake record, TLS 1.0–1.3 record version, then a ClientHello or ServerHello
  return p.length >= 6 && p[0] === 0x16 && p[1] === 0x03 && p[2]! <= 0x04 && (p[5] === 0x01 || p[5] === 0x02);
}

/**
 * A TLS record header of any content type (RFC 8446 §5.1: 20–23, version 3.1–3.4, length ≤ 2^14 + 256)
 * with room for its own length check: how a stream whose handshake the capture missed still shows as TLS.
 */
export function looksLikeTlsRecord(p: Uint8Array): boolean {
  if (p.length < 5 || p[0]! < 20 || p[0]! > 23 || p[1] !== 0x03 || p[2]! < 1 || p[2]! > 4) return false;
  const len = (p[3]! << 8) | p[4]!;
  return len > 0 && len <= 16384 + 256;
}

/** The SNI host name of a ClientHello at the start of `p`, or null (absent, other message, cut short). */
export function clientHelloSni(p: Uint8Array): string | null {
  try {
    const r = new ByteReader(p, 0, false);
    if (r.u8('ContentType') !== 0x16) return null;
    r.skip(2, 'ProtocolVersion');
    const rec = r.window(Math.min(r.u16be('length'), r.remaining), 'TLSPlaintext');
    if (rec.u8('HandshakeType') !== 0x01) return null;
    rec.skip(3, 'length');
    rec.skip(2 + 32, 'legacy_version, random');
    rec.skip(rec.u8('legacy_session_id length'), 'legacy_session_id');
    rec.skip(rec.u16be('cipher_suites length'), 'cipher_suites');
    rec.skip(rec.u8('compression_methods length'), 'compression_methods');
    const exts = rec.window(rec.u16be('extensions length'), 'extensions');
    while (exts.remaining >= 4) {
      const type = exts.u16be('extension_type');
      const body = exts.window(exts.u16be('extension_data length'), 'extension_data');
      if (type !== 0) continue;
      const list = body.window(body.u16be('server_name_list length'), 'server_name_list');
      while (list.remaining >= 3) {
        const nameType = list.u8('name_type');
        const name = list.bytes(list.u16be('HostName length'), 'HostName');
        if (nameType === 0) return latin1(name, 0, name.length);
      }
    }
    return null;
  } catch {
    return null;
  }
}
