// Dummy NTLMSSP tokens for the sealed capture: right signature, message types and field layout,
// meaningless cryptographic values (seeded PRNG). Nobody can or should authenticate with them.
import { Writer } from './bytes.mjs';

const SIG = Buffer.from('NTLMSSP\0', 'latin1');
const FLAGS = 0xe2888235; // 56|KEY_EXCH|128|VERSION|TARGET_INFO|EXTENDED_SESSIONSECURITY|ALWAYS_SIGN|NTLM|SEAL|SIGN|REQUEST_TARGET|UNICODE
const VERSION = Buffer.from([10, 0, 0x61, 0x4a, 0, 0, 0, 0x0f]); // 10.0 build 19041, NTLMSSP revision 15

export function negotiate() {
  const w = new Writer();
  w.bytes(SIG).u32(1).u32(FLAGS);
  w.u16(0).u16(0).u32(0); // DomainNameFields
  w.u16(0).u16(0).u32(0); // WorkstationFields
  w.bytes(VERSION);
  return w.toBuffer();
}

function avPairs(rng) {
  const w = new Writer();
  const str = (id, s) => {
    const b = Buffer.from(s, 'utf16le');
    w.u16(id).u16(b.length).bytes(b);
  };
  str(2, 'CONTOSO');
  str(1, 'EXCH01');
  str(4, 'contoso.com');
  str(3, 'exch01.contoso.com');
  w.u16(7).u16(8).bytes(rng.bytes(8)); // MsvAvTimestamp
  w.u16(0).u16(0); // MsvAvEOL
  return w.toBuffer();
}

export function challenge(rng) {
  const target = Buffer.from('CONTOSO', 'utf16le');
  const info = avPairs(rng);
  const headerLen = 56;
  const w = new Writer();
  w.bytes(SIG).u32(2);
  w.u16(target.length).u16(target.length).u32(headerLen);
  w.u32(FLAGS);
  w.bytes(rng.bytes(8)); // ServerChallenge
  w.zeros(8);
  w.u16(info.length).u16(info.length).u32(headerLen + target.length);
  w.bytes(VERSION);
  w.bytes(target).bytes(info);
  return w.toBuffer();
}

export function authenticate(rng) {
  const lm = Buffer.alloc(24);
  const blob = new Writer().u8(1).u8(1).zeros(6).bytes(rng.bytes(8)).bytes(rng.bytes(8)).zeros(4).bytes(avPairs(rng)).zeros(4).toBuffer();
  const nt = Buffer.concat([rng.bytes(16), blob]);
  const domain = Buffer.from('CONTOSO', 'utf16le');
  const user = Buffer.from('alice', 'utf16le');
  const ws = Buffer.from('WS01', 'utf16le');
  const key = rng.bytes(16);
  const headerLen = 88;
  const parts = [lm, nt, domain, user, ws, key];
  const offs = [];
  let off = headerLen;
  for (const p of parts) {
    offs.push(off);
    off += p.length;
  }
  const w = new Writer();
  w.bytes(SIG).u32(3);
  const field = (i) => w.u16(parts[i].length).u16(parts[i].length).u32(offs[i]);
  field(0); // LmChallengeResponse
  field(1); // NtChallengeResponse
  field(2); // DomainName
  field(3); // UserName
  field(4); // Workstation
  field(5); // EncryptedRandomSessionKey
  w.u32(FLAGS);
  w.bytes(VERSION);
  w.bytes(rng.bytes(16)); // MIC
  for (const p of parts) w.bytes(p);
  return w.toBuffer();
}

/** NTLMSSP_MESSAGE_SIGNATURE (extended session security): Version 1, Checksum 8, SeqNum 4. */
export function verifier(rng, seq) {
  return new Writer().u32(1).bytes(rng.bytes(8)).u32(seq).toBuffer();
}
