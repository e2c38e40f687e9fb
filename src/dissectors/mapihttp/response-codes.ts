import { decimalValue } from './headers.js';

/**
 * X-ResponseCode names ([MS-OXCMAPIHTTP] 2.2.3.3.3; reference §1.4). gromox numbers its own codes
 * differently (reference §1.4): these are the specification's names, whatever the server.
 */
const RESPONSE_CODE_NAMES: readonly string[] = [
  'Success',
  'Unknown Failure',
  'Invalid Verb',
  'Invalid Path',
  'Invalid Header',
  'Invalid Request Type',
  'Invalid Context Cookie',
  'Missing Header',
  'Anonymous Not Allowed',
  'Too Large',
  'Context Not Found',
  'No Privilege',
  'Invalid Request Body',
  'Missing Cookie',
  'Reserved',
  'Invalid Sequence',
  'Endpoint Disabled',
  'Invalid Response',
  'Endpoint Shutting Down',
];

export function responseCodeName(code: number): string | null {
  return RESPONSE_CODE_NAMES[code] ?? null;
}

/** X-ResponseCode as a number; null when absent or not a decimal integer. */
export const responseCodeOf = decimalValue;
