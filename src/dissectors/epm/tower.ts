import { ByteReader } from '../../core/byte-reader.js';
import { Malformed } from '../../core/damage.js';
import { uuidText } from '../ndr/uuid.js';

/** Protocol identifiers of tower floors (C706 Appendix I; reference §5). */
export const FLOOR_PROTOCOL = {
  uuid: 0x0d,
  rpcConnectionless: 0x0a,
  rpcConnectionOriented: 0x0b,
  tcpPort: 0x07,
  udpPort: 0x08,
  ipv4: 0x09,
  namedPipe: 0x0f,
  localRpc: 0x10,
  netbiosName: 0x11,
  httpPort: 0x1f,
} as const;

export interface TowerFloor {
  protocol: number;
  lhs: Uint8Array;
  rhs: Uint8Array;
}

/** What a protocol tower says: the interface it names and where it listens. */
export interface Tower {
  uuid: string;
  major: number;
  minor: number;
  protocol: 'tcp' | 'udp' | 'http' | 'other';
  port: number | null;
  address: string | null;
}

/** Floors are few (5 for ncacn_ip_tcp); more than this is not a tower. */
const MAX_FLOORS = 32;

/**
 * Decodes a tower octet string (C706 Appendix L; reference §5, vector V38). Lengths and UUID/version
 * fields are little-endian whatever the NDR byte order; ports and addresses are big-endian.
 * Throws Malformed/ShortRead for a tower that does not hold together.
 */
export function decodeTower(bytes: Uint8Array, base = 0): Tower {
  const r = new ByteReader(bytes, base, true);
  const count = r.u16('floor_count');
  if (count > MAX_FLOORS) throw new Malformed('floor_count', base, `${count} floors; a tower has at most ${MAX_FLOORS}`);
  r.count(count, 4, 'floor_count');
  const floors: TowerFloor[] = [];
  for (let i = 0; i < count; i++) {
    const lhs = r.bytes(r.u16('lhs_length'), 'lhs');
    const rhs = r.bytes(r.u16('rhs_length'), 'rhs');
    if (lhs.length === 0) throw new Malformed('lhs', r.offset, `floor ${i + 1} has an empty protocol identifier`);
    floors.push({ protocol: lhs[0]!, lhs, rhs });
  }
  const iface = floors[0];
  if (!iface || iface.protocol !== FLOOR_PROTOCOL.uuid || iface.lhs.length < 19 || iface.rhs.length < 2) {
    throw new Malformed('floor 1', base, 'the first floor must name the interface (0x0D, UUID, major version; minor version)');
  }
  const uuid = uuidText(iface.lhs, 1, true);
  const major = iface.lhs[17]! | (iface.lhs[18]! << 8);
  const minor = iface.rhs[0]! | (iface.rhs[1]! << 8);

  let protocol: Tower['protocol'] = 'other';
  let port: number | null = null;
  let address: string | null = null;
  for (const f of floors.slice(1)) {
    switch (f.protocol) {
      case FLOOR_PROTOCOL.tcpPort:
      case FLOOR_PROTOCOL.udpPort:
      case FLOOR_PROTOCOL.httpPort:
        protocol = f.protocol === FLOOR_PROTOCOL.tcpPort ? 'tcp' : f.protocol === FLOOR_PROTOCOL.udpPort ? 'udp' : 'http';
        port = f.rhs.length >= 2 ? (f.rhs[0]! << 8) | f.rhs[1]! : null;
        break;
      case FLOOR_PROTOCOL.ipv4:
        address = f.rhs.length >= 4 ? `${f.rhs[0]}.${f.rhs[1]}.${f.rhs[2]}.${f.rhs[3]}` : null;
        break;
      default:
        break;
    }
  }
  return { uuid, major, minor, protocol, port, address };
}
