/** IP addresses as people write them, for damage messages (not the JSON encoding). */
export function ipText(addr: Uint8Array): string {
  if (addr.length === 4) return `${addr[0]}.${addr[1]}.${addr[2]}.${addr[3]}`;
  const groups: string[] = [];
  for (let i = 0; i + 1 < addr.length; i += 2) groups.push(((addr[i]! << 8) | addr[i + 1]!).toString(16));
  // RFC 5952: the longest run (≥ 2) of zero groups becomes "::".
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}
