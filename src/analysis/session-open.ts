import type { FrameRef } from '../core/frame-ref.js';
import type { Endpoint } from '../dissectors/transport/types.js';
import type { SessionEvent, Transport } from '../model/events.js';
import { endpointText, ipText } from '../model/json-encoding.js';
import type { AnalysisContext } from './context.js';
import type { Session } from './sessions.js';

/** The endpoints of whatever carries a session's calls (a TCP connection, a virtual connection, an HTTP connection). */
export interface ConnectionView {
  id: number;
  transport: Transport;
  client(): string;
  server(): string;
  serverIp(): string;
  clientIp(): string;
  /** Names the flow in findings (their sampling is per rule and flow). */
  flow: string;
  /** RPC over HTTP: the virtual connection cookie. */
  virtualConnection?: string;
}

/**
 * A view whose endpoints are read when asked: which side is the client may be learnt later (from the
 * PDU types), and a virtual connection's client side moves to its IN channel once that is seen.
 */
export function connectionView(args: {
  id: () => number;
  transport: Transport;
  ends: () => { client: Endpoint; server: Endpoint };
  flow: string;
  virtualConnection?: string;
}): ConnectionView {
  const { ends } = args;
  return {
    get id() {
      return args.id();
    },
    transport: args.transport,
    client: () => endpointText(ends().client.ip, ends().client.port),
    server: () => endpointText(ends().server.ip, ends().server.port),
    clientIp: () => ipText(ends().client.ip),
    serverIp: () => ipText(ends().server.ip),
    flow: args.flow,
    ...(args.virtualConnection ? { virtualConnection: args.virtualConnection } : {}),
  };
}

export type SessionDetails = Pick<
  SessionEvent,
  'userDN' | 'sessionIndex' | 'pollsMaxMs' | 'serverVersion' | 'displayName' | 'returnValue' | 'contextHandle'
> & { cookie?: string };

/** Details of a session known only from a later call (the capture began after its connect). */
export const INFERRED_DETAILS: Omit<SessionDetails, 'contextHandle'> = {
  userDN: null,
  sessionIndex: null,
  pollsMaxMs: null,
  serverVersion: null,
  displayName: null,
  returnValue: null,
};

/** Creates a session (the one way, for every transport) and announces it with a `session` event. */
export function openSession(
  ctx: AnalysisContext,
  view: ConnectionView,
  at: FrameRef,
  key: string,
  origin: 'connect' | 'inferred',
  details: SessionDetails,
): Session {
  const s = ctx.sessions.create({
    transport: view.transport,
    client: view.client(),
    server: view.server(),
    serverIp: view.serverIp(),
    frame: at.frame,
    time: at.time,
    key,
    sessionIndex: details.sessionIndex,
    origin,
  });
  ctx.clientIps.add(view.clientIp());
  ctx.emit({
    type: 'session',
    ...ctx.base(at, s),
    transport: view.transport,
    client: view.client(),
    server: view.server(),
    origin,
    ...details,
  });
  return s;
}
