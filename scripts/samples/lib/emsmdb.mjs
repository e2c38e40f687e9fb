// NDR20 stubs of the EMSMDB / AsyncEMSMDB methods (reference §2.3, §2.4, §3.8, §2.10).
import { Writer, guidBytes } from './bytes.mjs';

export const OPNUM = {
  EcDoDisconnect: 1,
  EcRRegisterPushNotification: 4,
  EcDummyRpc: 6,
  EcDoConnectEx: 10,
  EcDoRpcExt2: 11,
  EcDoAsyncConnectEx: 14,
  EcDoAsyncWaitEx: 0, // AsyncEMSMDB
  ept_map: 3, // EPM
};

export const OPNAME = {
  EMSMDB: { 1: 'EcDoDisconnect', 4: 'EcRRegisterPushNotification', 6: 'EcDummyRpc', 10: 'EcDoConnectEx', 11: 'EcDoRpcExt2', 14: 'EcDoAsyncConnectEx' },
  AsyncEMSMDB: { 0: 'EcDoAsyncWaitEx' },
  EPM: { 3: 'ept_map' },
};

/** Context handle: attributes u32 + GUID (20 bytes). */
export function contextHandle(guid, attributes = 0) {
  return new Writer().u32(attributes).guid(guid).toBuffer();
}
export const NULL_HANDLE = Buffer.alloc(20);

/** [string] unsigned char*: conformant varying string (max_count, offset 0, actual_count incl. NUL, bytes). */
function cvString(w, s) {
  const b = Buffer.from(s + '\0', 'latin1');
  w.u32(b.length).u32(0).u32(b.length).bytes(b);
}

/** Conformant array of bytes: max_count then bytes. */
function confArray(w, b) {
  w.u32(b.length).bytes(b);
}

/** Conformant varying array of bytes: max_count, offset 0, actual_count, bytes. */
function cvArray(w, b) {
  w.u32(b.length).u32(0).u32(b.length).bytes(b);
}

export function connectExRequest(p) {
  const w = new Writer();
  cvString(w, p.userDN);
  w.align(4);
  w.u32(p.flags ?? 0);
  w.u32(p.conMod);
  w.u32(p.cbLimit ?? 0);
  w.u32(p.cpid ?? 1252);
  w.u32(p.lcidString ?? 0x409);
  w.u32(p.lcidSort ?? 0x409);
  w.u32(p.icxrLink ?? 0xffffffff);
  w.u16(p.canConvertCodePages ?? 1);
  for (const v of p.clientVersion) w.u16(v);
  w.align(4);
  w.u32(p.timeStamp ?? 0);
  confArray(w, p.auxIn ?? Buffer.alloc(0));
  w.align(4);
  w.u32((p.auxIn ?? Buffer.alloc(0)).length);
  w.u32(p.cbAuxOut ?? 0x1008);
  return w.toBuffer();
}

export function connectExResponse(p) {
  const w = new Writer();
  w.bytes(p.cxh);
  w.u32(p.pollsMax).u32(p.retry).u32(p.retryDelay);
  w.u16(p.icxr);
  w.align(4);
  // [out,string] unsigned char ** → unique pointer: referent id, then the string.
  if (p.dnPrefix === null) w.u32(0);
  else {
    w.u32(0x00020000);
    cvString(w, p.dnPrefix);
  }
  w.align(4);
  if (p.displayName === null) w.u32(0);
  else {
    w.u32(0x00020004);
    cvString(w, p.displayName);
  }
  w.align(2);
  for (const v of p.serverVersion) w.u16(v);
  for (const v of p.bestVersion) w.u16(v);
  w.align(4);
  w.u32(p.timeStamp ?? 0);
  cvArray(w, p.auxOut ?? Buffer.alloc(0));
  w.align(4);
  w.u32((p.auxOut ?? Buffer.alloc(0)).length);
  w.u32(p.ret ?? 0);
  return w.toBuffer();
}

export function rpcExt2Request(p) {
  const w = new Writer();
  w.bytes(p.cxh);
  w.u32(p.flags ?? 0);
  confArray(w, p.rgbIn);
  w.align(4);
  w.u32(p.rgbIn.length);
  w.u32(p.cbOut ?? 0x40000);
  const aux = p.auxIn ?? Buffer.alloc(0);
  confArray(w, aux);
  w.align(4);
  w.u32(aux.length);
  w.u32(p.cbAuxOut ?? 0x1008);
  return w.toBuffer();
}

export function rpcExt2Response(p) {
  const w = new Writer();
  w.bytes(p.cxh);
  w.u32(p.flags ?? 0);
  cvArray(w, p.rgbOut);
  w.align(4);
  w.u32(p.rgbOut.length);
  const aux = p.auxOut ?? Buffer.alloc(0);
  cvArray(w, aux);
  w.align(4);
  w.u32(aux.length);
  w.u32(p.transTime ?? 0);
  w.u32(p.ret ?? 0);
  return w.toBuffer();
}

export const disconnectRequest = (cxh) => Buffer.from(cxh);
export const disconnectResponse = (ret = 0) => new Writer().bytes(NULL_HANDLE).u32(ret).toBuffer();
export const dummyRpcRequest = () => Buffer.alloc(0);
export const dummyRpcResponse = (ret = 0) => new Writer().u32(ret).toBuffer();

export function registerPushRequest(p) {
  const w = new Writer();
  w.bytes(p.cxh);
  w.u32(p.iRpc ?? 0);
  confArray(w, p.context);
  w.align(2);
  w.u16(p.context.length);
  w.align(4);
  w.u32(p.adviseBits ?? 0xffffffff);
  confArray(w, p.callbackAddress);
  w.align(2);
  w.u16(p.callbackAddress.length);
  return w.toBuffer();
}

export const registerPushResponse = (p) => new Writer().bytes(p.cxh).u32(p.hNotification).u32(p.ret ?? 0).toBuffer();

export const asyncConnectExRequest = (cxh) => Buffer.from(cxh);
export const asyncConnectExResponse = (acxh, ret = 0) => new Writer().bytes(acxh).u32(ret).toBuffer();
export const asyncWaitExRequest = (acxh, flagsIn = 0) => new Writer().bytes(acxh).u32(flagsIn).toBuffer();
export const asyncWaitExResponse = (flagsOut, ret = 0) => new Writer().u32(flagsOut).u32(ret).toBuffer();

/** Windows SOCKADDR_IN (16 bytes): family 2 LE, port BE, address, 8 zero bytes. */
export function sockaddrIn(ip, port) {
  return new Writer().u16(2).u16be(port).bytes(ip.split('.').map(Number)).zeros(8).toBuffer();
}

/** Windows SOCKADDR_IN6 (28 bytes): family 23 (0x17) LE, port BE, flowinfo, address, scope id LE. */
export function sockaddrIn6(ip, port, flowinfo = 0, scopeId = 0) {
  return new Writer().u16(23).u16be(port).u32(flowinfo).bytes(ipv6Bytes(ip)).u32(scopeId).toBuffer();
}

export function ipv6Bytes(ip) {
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, null];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === null ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g || '0', 16), i * 2));
  return out;
}

export { guidBytes };
