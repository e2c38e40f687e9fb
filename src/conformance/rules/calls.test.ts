import { call, frameAt, runChecker, session } from '../test-events.js';

describe('EMSMDB call rules (MS-OXCRPC 3.1.4, C3)', () => {
  it('reserved opnums, including the legacy opnum 5', () => {
    const r = runChecker([session('S1', 0), call('S1', 'Opnum0NotUsedOnWire (EcDoConnect)', 1, 1.1), call('S1', 'EcRUnregisterPushNotification (legacy)', 2, 2.1)]);
    expect(r.findings.map((f) => [f.rule, f.frames])).toEqual([
      ['rpc.reserved-opnum', [frameAt(1.1), frameAt(1)]],
      ['rpc.reserved-opnum', [frameAt(2.1), frameAt(2)]],
    ]);
  });

  it('EcDummyRpc must return success; a fault is no result of EcDummyRpc', () => {
    expect(runChecker([call(null, 'EcDummyRpc', 1, 1.1, { returnValue: '0x000004B6' })]).rules).toEqual(['rpc.dummy-failed']);
    expect(runChecker([call(null, 'EcDummyRpc', 1, 1.1)]).rules).toEqual([]);
    expect(runChecker([call(null, 'EcDummyRpc', 1, 1.1, { fate: 'fault', returnValue: '0x1C010003' })]).rules).toEqual([]);
  });

  it('EcDoAsyncConnectEx against a server older than 8.0.358.0', () => {
    expect(runChecker([session('S1', 0, { serverVersion: '6.5.7638.0' }), call('S1', 'EcDoAsyncConnectEx', 1, 1.1)]).rules).toEqual(['async.server-too-old']);
    expect(runChecker([session('S1', 0, { serverVersion: '8.0.357.9' }), call('S1', 'EcDoAsyncConnectEx', 1, 1.1)]).rules).toEqual(['async.server-too-old']);
    expect(runChecker([session('S1', 0, { serverVersion: '8.0.358.0' }), call('S1', 'EcDoAsyncConnectEx', 1, 1.1)]).rules).toEqual([]);
    expect(runChecker([session('S1', 0, { serverVersion: null }), call('S1', 'EcDoAsyncConnectEx', 1, 1.1)]).rules).toEqual([]);
  });
});
