/** FILETIME (100 ns intervals since 1601-01-01 UTC) as RFC 3339 with 7 fractional digits. */
export function filetimeToIso(ft: bigint): string {
  const EPOCH_DIFF = 116444736000000000n; // 1601 → 1970 in 100 ns units
  if (ft < EPOCH_DIFF || ft > 2650467743990000000n) return `FILETIME 0x${ft.toString(16).padStart(16, '0')}`;
  const since1970 = ft - EPOCH_DIFF;
  const sec = Number(since1970 / 10_000_000n);
  const frac = Number(since1970 % 10_000_000n);
  return `${new Date(sec * 1000).toISOString().slice(0, 19)}.${String(frac).padStart(7, '0')}Z`;
}
