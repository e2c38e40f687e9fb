/**
 * Turning a capture's raw timestamp into CaptureTime {sec, nsec} with integer arithmetic only.
 *
 * A pcapng timestamp is a 64-bit count of units (if_tsresol) split into two 32-bit halves. With
 * nanosecond units today's values are about 1.8e18, far past 2^53, so the pair must never be
 * combined into one double. Decimal resolutions up to 10^-9 (the common ones) are divided by
 * long division in 16-bit digits: every intermediate stays below 2^46, so each step is exact.
 * Other resolutions (2^-n, 10^-n with n > 9) are rare and take a BigInt path.
 */

/** A timestamp decoded into a reused, mutable {sec, nsec} (the RawPacket's time). */
export interface MutableTime {
  sec: number;
  nsec: number;
}

export interface TimestampScale {
  /** 10^n for decimal resolutions n ≤ 9; 0 selects the BigInt path. */
  readonly divisor: number;
  /** Nanoseconds per unit of the remainder (10^(9-n)) on the decimal path. */
  readonly nsPerUnit: number;
  /** if_tsresol byte as read (bit 7: power of two; low 7 bits: exponent). */
  readonly tsresol: number;
  /** if_tsoffset: seconds added to every timestamp of the interface. */
  readonly offsetSec: number;
  /** Sub-second digits this resolution carries (for CaptureStart.precision), at most 9. */
  readonly precision: number;
}

const POW10 = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

/** pcapng if_tsresol (default 6: microseconds) and if_tsoffset (default 0). */
export function timestampScale(tsresol = 6, offsetSec = 0): TimestampScale {
  const exponent = tsresol & 0x7f;
  const binary = (tsresol & 0x80) !== 0;
  if (!binary && exponent <= 9) {
    return { divisor: POW10[exponent]!, nsPerUnit: POW10[9 - exponent]!, tsresol, offsetSec, precision: exponent };
  }
  const precision = binary ? Math.min(9, Math.ceil(exponent * Math.log10(2))) : 9;
  return { divisor: 0, nsPerUnit: 0, tsresol, offsetSec, precision };
}

export const MICROSECONDS = timestampScale(6);
export const NANOSECONDS = timestampScale(9);

/** Writes hi·2^32 + lo units, in the given scale, into out. */
export function setTimestamp(out: MutableTime, hi: number, lo: number, scale: TimestampScale): void {
  const d = scale.divisor;
  if (d === 0) {
    setTimestampBig(out, hi, lo, scale);
    return;
  }
  // Long division by d (< 2^30) in base 2^16: a remainder below d times 2^16 stays below 2^46.
  let x = hi >>> 16;
  const q3 = Math.floor(x / d);
  let r = x - q3 * d;
  x = r * 65536 + (hi & 0xffff);
  const q2 = Math.floor(x / d);
  r = x - q2 * d;
  x = r * 65536 + (lo >>> 16);
  const q1 = Math.floor(x / d);
  r = x - q1 * d;
  x = r * 65536 + (lo & 0xffff);
  const q0 = Math.floor(x / d);
  r = x - q0 * d;
  out.sec = ((q3 * 65536 + q2) * 65536 + q1) * 65536 + q0 + scale.offsetSec;
  out.nsec = r * scale.nsPerUnit;
}

function setTimestampBig(out: MutableTime, hi: number, lo: number, scale: TimestampScale): void {
  const ts = (BigInt(hi) << 32n) | BigInt(lo);
  const exponent = BigInt(scale.tsresol & 0x7f);
  let sec: bigint;
  let nsec: bigint;
  if ((scale.tsresol & 0x80) !== 0) {
    sec = ts >> exponent;
    nsec = ((ts & ((1n << exponent) - 1n)) * 1_000_000_000n) >> exponent;
  } else {
    const unit = 10n ** exponent;
    sec = ts / unit;
    nsec = (ts % unit) / 10n ** (exponent - 9n);
  }
  out.sec = Number(sec) + scale.offsetSec;
  out.nsec = Number(nsec);
}

/** pcap records: seconds plus a fraction in µs or ns; a fraction past one second carries over. */
export function setPcapTimestamp(out: MutableTime, sec: number, frac: number, nanos: boolean): void {
  const limit = nanos ? 1_000_000_000 : 1_000_000;
  let carry = 0;
  if (frac >= limit) {
    carry = Math.floor(frac / limit);
    frac -= carry * limit;
  }
  out.sec = sec + carry;
  out.nsec = nanos ? frac : frac * 1000;
}
