import { ByteReader } from '../../core/byte-reader.js';
import type { Damage } from '../../core/damage.js';
import { MICROSECONDS, timestampScale, type TimestampScale } from './timestamp-scale.js';

/** What a pcapng Interface Description Block fixes for the packets that name it. */
export interface PcapngInterface {
  readonly linkType: number;
  /** 0: no limit. */
  readonly snaplen: number;
  readonly scale: TimestampScale;
}

const OPT_ENDOFOPT = 0;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;

/**
 * Reads an IDB body (after block type and length, before the trailing length): LinkType u16,
 * reserved u16, SnapLen u32, then options. Only if_tsresol and if_tsoffset matter for decoding;
 * a broken option list is reported and the interface keeps what was read before it.
 */
export function readInterface(r: ByteReader, onDamage: (d: Damage) => void): PcapngInterface {
  const linkType = r.u16('IDB LinkType');
  r.skip(2, 'IDB reserved');
  const snaplen = r.u32('IDB SnapLen');
  let tsresol = 6;
  let offsetSec = 0;
  while (r.remaining >= 4) {
    const at = r.offset;
    const code = r.u16('IDB option code');
    const len = r.u16('IDB option length');
    if (code === OPT_ENDOFOPT) break;
    const padded = (len + 3) & ~3;
    if (padded > r.remaining) {
      onDamage({ reason: 'malformed', offset: at, field: 'IDB option', detail: `option ${code} declares ${len} bytes, only ${r.remaining} left in the block` });
      break;
    }
    if (code === IF_TSRESOL && len === 1) {
      tsresol = r.peekU8() ?? 6;
    } else if (code === IF_TSOFFSET && len === 8) {
      const sub = new ByteReader(r.bytes(8, 'if_tsoffset'), at + 4, r.littleEndian);
      const a = sub.u32('if_tsoffset');
      const b = sub.u32('if_tsoffset');
      const [hi, lo] = r.littleEndian ? [b, a] : [a, b];
      offsetSec = (hi | 0) * 4294967296 + lo;
      r.skip(padded - 8, 'option padding');
      continue;
    }
    r.skip(padded, 'option value');
  }
  const scale = tsresol === 6 && offsetSec === 0 ? MICROSECONDS : timestampScale(tsresol, offsetSec);
  return { linkType, snaplen, scale };
}
