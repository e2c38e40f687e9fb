/**
 * Connection-oriented DCE/RPC constants (C706 ch. 12, [MS-RPCE] 2.2.2; reference §3). One table each;
 * consumers import from here rather than keeping their own copies.
 */

/** PTYPE values (reference §3.2). */
export const PTYPE = {
  request: 0,
  ping: 1,
  response: 2,
  fault: 3,
  working: 4,
  nocall: 5,
  reject: 6,
  ack: 7,
  cl_cancel: 8,
  fack: 9,
  cancel_ack: 10,
  bind: 11,
  bind_ack: 12,
  bind_nak: 13,
  alter_context: 14,
  alter_context_resp: 15,
  rpc_auth_3: 16,
  shutdown: 17,
  co_cancel: 18,
  orphaned: 19,
  rts: 20,
} as const;

export const PTYPE_NAMES: readonly string[] = Object.keys(PTYPE);

export function ptypeName(ptype: number): string {
  return PTYPE_NAMES[ptype] ?? `ptype ${ptype}`;
}

/** PTYPEs that can appear on a connection-oriented stream (1 and 4–10 are connectionless only). */
export function isConnectionOrientedPtype(ptype: number): boolean {
  return ptype === 0 || ptype === 2 || ptype === 3 || (ptype >= 11 && ptype <= 20);
}

/** Which side sends a PTYPE: used to tell the client direction without trusting ports. */
export function ptypeSender(ptype: number): 'client' | 'server' | 'either' {
  switch (ptype) {
    case PTYPE.request:
    case PTYPE.bind:
    case PTYPE.alter_context:
    case PTYPE.rpc_auth_3:
    case PTYPE.co_cancel:
    case PTYPE.orphaned:
      return 'client';
    case PTYPE.response:
    case PTYPE.fault:
    case PTYPE.bind_ack:
    case PTYPE.bind_nak:
    case PTYPE.alter_context_resp:
    case PTYPE.shutdown:
      return 'server';
    default:
      return 'either';
  }
}

/** pfc_flags bits (reference §3.3). 0x04 is PENDING_CANCEL on calls, SUPPORT_HEADER_SIGN on binds [RPCE 2.2.2.3]. */
export const PFC = {
  FIRST_FRAG: 0x01,
  LAST_FRAG: 0x02,
  PENDING_CANCEL: 0x04,
  SUPPORT_HEADER_SIGN: 0x04,
  RESERVED_1: 0x08,
  CONC_MPX: 0x10,
  DID_NOT_EXECUTE: 0x20,
  MAYBE: 0x40,
  OBJECT_UUID: 0x80,
} as const;

/** auth_type of the sec_trailer ([MS-RPCE] 2.2.1.1.7; reference §3.6). */
export const AUTH_TYPE_NAMES: Readonly<Record<number, string>> = {
  0x00: 'RPC_C_AUTHN_NONE',
  0x09: 'RPC_C_AUTHN_GSS_NEGOTIATE',
  0x0a: 'RPC_C_AUTHN_WINNT',
  0x0e: 'RPC_C_AUTHN_GSS_SCHANNEL',
  0x10: 'RPC_C_AUTHN_GSS_KERBEROS',
  0x44: 'RPC_C_AUTHN_NETLOGON',
  0xff: 'RPC_C_AUTHN_DEFAULT',
};

/** auth_level of the sec_trailer ([MS-RPCE] 2.2.1.1.8; reference §3.6). */
export const AUTH_LEVEL_NAMES: Readonly<Record<number, string>> = {
  0: 'RPC_C_AUTHN_LEVEL_DEFAULT',
  1: 'RPC_C_AUTHN_LEVEL_NONE',
  2: 'RPC_C_AUTHN_LEVEL_CONNECT',
  3: 'RPC_C_AUTHN_LEVEL_CALL',
  4: 'RPC_C_AUTHN_LEVEL_PKT',
  5: 'RPC_C_AUTHN_LEVEL_PKT_INTEGRITY',
  6: 'RPC_C_AUTHN_LEVEL_PKT_PRIVACY',
};

/** Stub bytes are encrypted at this level: they are not decoded. */
export const AUTH_LEVEL_PKT_PRIVACY = 6;

export function authTypeName(t: number): string {
  return AUTH_TYPE_NAMES[t] ?? `auth type ${t}`;
}
export function authLevelName(l: number): string {
  return AUTH_LEVEL_NAMES[l] ?? `auth level ${l}`;
}

/**
 * Fault and reject status values: the nca_s_* codes of C706 Appendix E (note op_rng_error is 0x1C010002
 * and unk_if 0x1C010003; the reference had them swapped), plus the Win32 RPC statuses Windows servers put
 * in fault PDUs ([MS-RPCE] 3.1.1.5.5, [MS-ERREF]).
 */
export const FAULT_STATUS_NAMES: Readonly<Record<number, string>> = {
  0x00000005: 'ERROR_ACCESS_DENIED',
  0x000006a6: 'RPC_S_INVALID_BINDING',
  0x000006bb: 'RPC_S_SERVER_TOO_BUSY',
  0x000006be: 'RPC_S_CALL_FAILED',
  0x000006c0: 'RPC_S_PROTOCOL_ERROR',
  0x000006d1: 'RPC_S_PROCNUM_OUT_OF_RANGE',
  0x000006d8: 'EPT_S_CANT_PERFORM_OP',
  0x000006f7: 'RPC_X_BAD_STUB_DATA',
  0x00000721: 'RPC_S_SEC_PKG_ERROR',
  0x1c000001: 'nca_s_fault_int_div_by_zero',
  0x1c000002: 'nca_s_fault_addr_error',
  0x1c000003: 'nca_s_fault_fp_div_zero',
  0x1c000004: 'nca_s_fault_fp_underflow',
  0x1c000005: 'nca_s_fault_fp_overflow',
  0x1c000006: 'nca_s_fault_invalid_tag',
  0x1c000007: 'nca_s_fault_invalid_bound',
  0x1c000008: 'nca_rpc_version_mismatch',
  0x1c000009: 'nca_unspec_reject',
  0x1c00000a: 'nca_s_bad_actid',
  0x1c00000b: 'nca_who_are_you_failed',
  0x1c00000c: 'nca_manager_not_entered',
  0x1c00000d: 'nca_s_fault_cancel',
  0x1c00000e: 'nca_s_fault_ill_inst',
  0x1c00000f: 'nca_s_fault_fp_error',
  0x1c000010: 'nca_s_fault_int_overflow',
  0x1c000012: 'nca_s_fault_unspec',
  0x1c000013: 'nca_s_fault_remote_comm_failure',
  0x1c000014: 'nca_s_fault_pipe_empty',
  0x1c000015: 'nca_s_fault_pipe_closed',
  0x1c000016: 'nca_s_fault_pipe_order',
  0x1c000017: 'nca_s_fault_pipe_discipline',
  0x1c000018: 'nca_s_fault_pipe_comm_error',
  0x1c000019: 'nca_s_fault_pipe_memory',
  0x1c00001a: 'nca_s_fault_context_mismatch',
  0x1c00001b: 'nca_s_fault_remote_no_memory',
  0x1c00001c: 'nca_invalid_pres_context_id',
  0x1c00001d: 'nca_unsupported_authn_level',
  0x1c00001f: 'nca_invalid_checksum',
  0x1c000020: 'nca_invalid_crc',
  0x1c000021: 'nca_s_fault_user_defined',
  0x1c000022: 'nca_s_fault_tx_open_failed',
  0x1c000023: 'nca_s_fault_codeset_conv_error',
  0x1c000024: 'nca_s_fault_object_not_found',
  0x1c000025: 'nca_s_fault_no_client_stub',
  0x1c010001: 'nca_s_comm_failure',
  0x1c010002: 'nca_op_rng_error',
  0x1c010003: 'nca_unk_if',
  0x1c010006: 'nca_wrong_boot_time',
  0x1c010009: 'nca_s_you_crashed',
  0x1c01000b: 'nca_proto_error',
  0x1c010013: 'nca_out_args_too_big',
  0x1c010014: 'nca_server_too_busy',
  0x1c010015: 'nca_fault_string_too_long',
  0x1c010017: 'nca_unsupported_type',
  0x16c9a0d6: 'EPT_S_NOT_REGISTERED',
};

export function faultStatusName(status: number): string | null {
  return FAULT_STATUS_NAMES[status >>> 0] ?? null;
}

/** bind_nak provider_reject_reason (C706 12.6.3.10; reference §3.4). */
export const BIND_NAK_REASONS: Readonly<Record<number, string>> = {
  0: 'reason_not_specified',
  1: 'temporary_congestion',
  2: 'local_limit_exceeded',
  3: 'called_paddr_unknown',
  4: 'protocol_version_not_supported',
  5: 'default_context_not_supported',
  6: 'user_data_not_readable',
  7: 'no_psap_available',
  8: 'authentication_type_not_recognized',
  9: 'invalid_checksum',
};

/** p_result_t.result of bind_ack / alter_context_resp (reference §3.4). */
export const CONTEXT_RESULT = {
  acceptance: 0,
  user_rejection: 1,
  provider_rejection: 2,
  negotiate_ack: 3,
} as const;

/** Transfer syntaxes and pseudo-syntaxes (reference §3.5). */
export const NDR20_UUID = '8a885d04-1ceb-11c9-9fe8-08002b104860';
export const NDR64_UUID = '71710533-beba-4937-8319-b5dbef9ccc36';
/** Bind-time feature negotiation: this prefix, then 8 bytes of feature bits [RPCE 3.3.1.5.3]. */
export const BIND_TIME_FEATURE_PREFIX = '6cb71c2c-9812-4540-';

/** RPC over HTTP: the proxy-to-server leg opens with this ASCII string in each direction [RPCH 2.1.2.1]. */
export const LEGACY_HTTP_PREFIX = 'ncacn_http/1.0';

/** The common header is 16 bytes; request and response bodies start at 24 (40 with an object UUID). */
export const COMMON_HEADER_LENGTH = 16;
