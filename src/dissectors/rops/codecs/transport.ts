import { readTaggedPropertyValues } from '../../oxcdata/property-value.js';
import type { RopCodec } from '../codec.js';
import { asciiz, blob16, bool, id, otherRequest, otherResponse, rop, u8, u32 } from './fields.js';
import { readAsciizList } from './structures.js';

/** Transport and spooler ROPs ([MS-OXCROPS] 2.2.7; [MS-OXOMSG]). */
export const TRANSPORT_CODECS: readonly RopCodec[] = [
  rop(0x32, 'RopSubmitMessage', { request: otherRequest([['submitFlags', u8]]), response: otherResponse() }),
  rop(0x34, 'RopAbortSubmit', { request: otherRequest([['folderId', id], ['messageId', id]]), response: otherResponse() }),
  rop(0x47, 'RopSetSpooler', { request: otherRequest([]), response: otherResponse() }),
  rop(0x48, 'RopSpoolerLockMessage', { request: otherRequest([['messageId', id], ['lockState', u8]]), response: otherResponse() }),
  rop(0x49, 'RopGetAddressTypes', {
    request: otherRequest([]),
    // AddressTypeSize bytes hold exactly AddressTypeCount NUL-terminated strings.
    response: otherResponse((r, f) => {
      const count = r.u16('AddressTypeCount');
      const size = r.u16('AddressTypeSize');
      f.addressTypeCount = count;
      f.addressTypeSize = size;
      f.addressTypes = readAsciizList(r.window(size, 'AddressTypes'), count, 'AddressTypes');
    }),
  }),
  rop(0x4a, 'RopTransportSend', {
    request: otherRequest([]),
    // The specification draws PropertyValueCount as optional; every implementation reads it (reference [U]).
    response: otherResponse((r, f) => {
      f.noPropertiesReturned = r.u8('NoPropertiesReturned') !== 0;
      f.propertyValues = readTaggedPropertyValues(r, 'PropertyValues');
    }),
  }),
  rop(0x51, 'RopTransportNewMail', {
    request: otherRequest([['messageId', id], ['folderId', id], ['messageClass', asciiz], ['messageFlags', u32]]),
    response: otherResponse(),
  }),
  rop(0x6d, 'RopGetTransportFolder', { request: otherRequest([]), response: otherResponse([['folderId', id]]) }),
  rop(0x6f, 'RopOptionsData', {
    request: otherRequest([['addressType', asciiz], ['wantWin32', bool]]),
    response: otherResponse((r, f) => {
      f.reserved = r.u8('Reserved');
      f.optionsInfo = blob16(r, 'OptionsInfo');
      const help = blob16(r, 'HelpFile');
      f.helpFile = help;
      if (help instanceof Uint8Array && help.length > 0) f.helpFileName = r.asciiz('HelpFileName');
    }),
  }),
];
