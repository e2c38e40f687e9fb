import { errorName } from './error-codes.js';
import { PROPERTY_TYPES, propertyTypeName } from './property-types.js';
import { PROPERTY_TAG_NAMES } from './property-tag-names.js';
import { formatTag, NAMED_PROPERTY_IDS, tagName } from './property-tags.js';

describe('name tables', () => {
  it('property tags by id, whatever the type', () => {
    expect(tagName(0x0037001f)).toBe('PidTagSubject');
    expect(tagName(0x0037001e)).toBe('PidTagSubject');
    expect(tagName(0x67480014)).toBe('PidTagFolderId');
    expect(tagName(0x80010003)).toBeNull();
  });

  it('[MS-OXPROPS] ids shared by several canonical names: the name of the tag\'s type wins', () => {
    expect(tagName(0x10130102)).toBe('PidTagHtml');
    expect(tagName(0x1013001f)).toBe('PidTagBodyHtml');
    expect(tagName(0x1013001e)).toBe('PidTagBodyHtml');
    expect(tagName(0x0e080003)).toBe('PidTagMessageSize');
    expect(tagName(0x0e080014)).toBe('PidTagMessageSizeExtended');
    expect(tagName(0x37010102)).toBe('PidTagAttachDataBinary');
    expect(tagName(0x3701000d)).toBe('PidTagAttachDataObject');
    // A MultivalueInstance column names the multi-valued property.
    expect(tagName(0x3a1b301f)).toBe('PidTagBusiness2TelephoneNumbers');
    // PtypUnspecified (a request that lets the server pick the type): the id's first name.
    expect(tagName(0x10130000)).toBe('PidTagHtml');
  });

  it('tags print with the raw tag beside the name', () => {
    expect(formatTag(0x0037001f)).toBe('PidTagSubject (0x0037001F)');
    expect(formatTag(0x0e1d001e)).toBe('PidTagNormalizedSubject (0x0E1D001E)');
    expect(formatTag(0x80010003)).toBe('0x80010003');
  });

  it('the table: a few hundred ids, sorted, no name twice, no named-property id', () => {
    expect(NAMED_PROPERTY_IDS).toBeGreaterThanOrEqual(400);
    const ids = PROPERTY_TAG_NAMES.map((e) => e[0]);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const names = PROPERTY_TAG_NAMES.map((e) => e[1]);
    expect(new Set(names).size).toBe(names.length);
    expect(ids.every((id) => id > 0 && id < 0x8000)).toBe(true);
    // Spot checks against [MS-OXPROPS] section 2 (id, type).
    const entry = (name: string): readonly [number, string, number] | undefined => PROPERTY_TAG_NAMES.find((e) => e[1] === name);
    expect(entry('PidTagSearchFolderLastUsed')).toEqual([0x6834, 'PidTagSearchFolderLastUsed', 0x0003]);
    expect(entry('PidTagRuleCondition')).toEqual([0x6679, 'PidTagRuleCondition', 0x00fd]);
    expect(entry('PidTagRuleActions')).toEqual([0x6680, 'PidTagRuleActions', 0x00fe]);
    expect(entry('PidTagSentMailSvrEID')).toEqual([0x6740, 'PidTagSentMailSvrEID', 0x00fb]);
    expect(entry('PidTagAdditionalRenEntryIds')).toEqual([0x36d8, 'PidTagAdditionalRenEntryIds', 0x1102]);
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
