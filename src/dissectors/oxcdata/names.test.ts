import { errorName } from './error-codes.js';
import { PROPERTY_TYPES, propertyTypeName } from './property-types.js';
import { tagName } from './property-tags.js';

describe('name tables', () => {
  it('property tags by id, whatever the type', () => {
    expect(tagName(0x0037001f)).toBe('PidTagSubject');
    expect(tagName(0x0037001e)).toBe('PidTagSubject');
    expect(tagName(0x67480014)).toBe('PidTagFolderId');
    expect(tagName(0x80010003)).toBeNull();
  });

  it('error codes from ROPS-OXCDATA §3.10 and OXCNOTIF-OXCRPC §2.11', () => {
    expect(errorName(0x00000478)).toBe('ecWrongServer');
    expect(errorName(0x8004010f)).toBe('NotFound');
    expect(errorName(0x000007ee)).toBe('ecRejected');
    expect(errorName(0x80040102)).toBe('NotSupported');
    expect(errorName(0x12345678)).toBeNull();
  });

  it('property types with their fixed sizes', () => {
    expect(propertyTypeName(0x0102)).toBe('PtypBinary');
    expect(propertyTypeName(0x101f)).toBe('PtypMultipleString');
    expect(propertyTypeName(0x0009)).toBeNull();
    expect(PROPERTY_TYPES.get(0x0014)?.fixedSize).toBe(8);
    expect(PROPERTY_TYPES.get(0x0048)?.fixedSize).toBe(16);
    expect(PROPERTY_TYPES.get(0x001f)?.fixedSize).toBeNull();
  });
});
