/** How values are spelled in events (CONTRACT): shared by NDJSON and the timeline. */
export { hex8, hex4, hex2, toHex } from '../core/hex.js';
export { formatRfc3339 } from '../core/capture-time.js';

/** "1.2.3.4" or RFC 5952 IPv6 text from 4 or 16 network-order bytes. */
export function ipText(ip: Uint8Array): string {
  if (ip.length === 4) return `${ip[0]}.${ip[1]}.${ip[2]}.${ip[3]}`;
  if (ip.length !== 16) return '?';
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((ip[i]! << 8) | ip[i + 1]!);
  // IPv4-mapped ::ffff:a.b.c.d
  if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff) {
    return `::ffff:${ip[12]}.${ip[13]}.${ip[14]}.${ip[15]}`;
  }
  let bestStart = -1, bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hexw = (w: number): string => w.toString(16);
  if (bestStart < 0) return words.map(hexw).join(':');
  const head = words.slice(0, bestStart).map(hexw).join(':');
  const tail = words.slice(bestStart + bestLen).map(hexw).join(':');
  return `${head}::${tail}`;
}

/** "ip:port", IPv6 as "[ip]:port". */
export function endpointText(ip: Uint8Array | string, port: number): string {
  const text = typeof ip === 'string' ? ip : ipText(ip);
  return text.includes(':') ? `[${text}]:${port}` : `${text}:${port}`;
}
