import { ByteReader } from '../../core/byte-reader.js';
import { Malformed } from '../../core/damage.js';
import type { SockAddr } from './types.js';

/** Windows address family numbers (ws2def.h). Linux's AF_INET6 is 10: a Windows client never sends it. */
const AF_INET = 2;
const AF_INET6 = 23;
const LINUX_AF_INET6 = 10;

/**
 * The rgbCallbackAddress of EcRRegisterPushNotification: a raw Windows SOCKADDR (reference §2.10). The
 * family is in host (little-endian) order, port and address in network order; sin6_scope_id is host
 * order. Throws Malformed for an unknown family or too few bytes. Whether cbCallbackAddress is exactly
 * 16 / 28 is a server rule (ecInvalidParam), checked by the caller.
 */
export function decodeSockaddr(bytes: Uint8Array): SockAddr {
  const r = new ByteReader(bytes, 0, true);
  if (bytes.length < 2) throw new Malformed('sa_family', 0, `SOCKADDR of ${bytes.length} bytes has no address family`, 'truncated');
  const family = r.u16('sa_family');
  if (family === AF_INET) {
    if (bytes.length < 8) throw new Malformed('sockaddr_in', 0, `AF_INET SOCKADDR needs 8 bytes (16 with sin_zero), got ${bytes.length}`, 'truncated');
    const port = r.u16be('sin_port');
    const a = r.bytes(4, 'sin_addr');
    return { family: 'AF_INET', address: `${a[0]}.${a[1]}.${a[2]}.${a[3]}`, port };
  }
  if (family === AF_INET6) {
    if (bytes.length < 28) throw new Malformed('sockaddr_in6', 0, `AF_INET6 SOCKADDR needs 28 bytes, got ${bytes.length}`, 'truncated');
    const port = r.u16be('sin6_port');
    const flowInfo = r.u32be('sin6_flowinfo');
    const address = ipv6Text(r.bytes(16, 'sin6_addr'));
    const scopeId = r.u32('sin6_scope_id');
    return { family: 'AF_INET6', address, port, flowInfo, scopeId };
  }
  if (family === LINUX_AF_INET6) {
    throw new Malformed('sa_family', 0, 'family 10 is Linux AF_INET6; a Windows SOCKADDR uses 23 (0x17) for IPv6');
  }
  throw new Malformed('sa_family', 0, `address family ${family} is neither AF_INET (2) nor AF_INET6 (23)`);
}

/** RFC 5952 text: lower case, no leading zeros, the longest run (≥ 2) of zero groups as "::", IPv4-mapped as ::ffff:a.b.c.d. */
export function ipv6Text(a: Uint8Array): string {
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) g.push((a[i]! << 8) | a[i + 1]!);
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `::ffff:${a[12]}.${a[13]}.${a[14]}.${a[15]}`;
  }
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (x: number): string => x.toString(16);
  if (bestLen < 2) return g.map(hex).join(':');
  const head = g.slice(0, bestStart).map(hex).join(':');
  const tail = g.slice(bestStart + bestLen).map(hex).join(':');
  return `${head}::${tail}`;
}
