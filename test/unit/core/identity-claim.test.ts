import {
  fieldOfRejection,
  identityClaimFieldErrors,
  identityKeyOf,
  maskedIdentityClaim,
  maskedNameOf,
  normalizeIdentityClaim,
  type EnterpriseIdentityClaim,
  type PersonalIdentityClaim,
} from '../../../functions/core/identity-claim';

const today = '2026-06-01';
const person: PersonalIdentityClaim = { kind: 'personal', realName: '张三', idNumber: '11010519491231002X', phone: '13812345678', bankCard: '6222021234561236' };
const enterprise: EnterpriseIdentityClaim = {
  kind: 'enterprise',
  companyName: '福州某某科技有限公司',
  creditCode: '91350100M000100Y43',
  legalRepresentative: { name: '欧阳娜娜', idNumber: '110105199003071239' },
  phone: '13912345678',
  bankCard: '6228480012345678903',
};

test('normalization: trims, upper-cases the X and the code, drops separators and +86', () => {
  expect(
    normalizeIdentityClaim({ ...person, realName: ' 张三 ', idNumber: '11010519491231002x ', phone: '+86 138 1234 5678', bankCard: '6222-0212-3456-1236' }),
  ).toEqual(person);
  expect(normalizeIdentityClaim({ ...enterprise, creditCode: '91350100m000100y43' })).toEqual(enterprise);
});

test('a valid person and a valid enterprise have no field errors', () => {
  expect(identityClaimFieldErrors(person, today)).toEqual([]);
  expect(identityClaimFieldErrors(enterprise, today)).toEqual([]);
});

test('every failing field is named, and no message repeats the value', () => {
  const bad: PersonalIdentityClaim = { kind: 'personal', realName: '张3', idNumber: '110105194912310021', phone: '12812345678', bankCard: '6222021234561237' };
  const errors = identityClaimFieldErrors(bad, today);
  expect(errors.map((error) => error.path)).toEqual(['realName', 'idNumber', 'phone', 'bankCard']);
  for (const error of errors) for (const value of Object.values(bad)) expect(error.message).not.toContain(value);
  const badEnterprise = { ...enterprise, creditCode: '91350100M000100Y44', legalRepresentative: { name: '欧阳娜娜', idNumber: '110105199002301234' } };
  expect(identityClaimFieldErrors(badEnterprise, today).map((error) => error.path)).toEqual(['creditCode', 'legalRepresentative.idNumber']);
});

test('masked claims show nothing but the kept ends', () => {
  expect(maskedIdentityClaim(person)).toEqual({ realName: '张*', idNumber: '110***********002X', phone: '138****5678', bankCard: '6222********1236' });
  expect(maskedIdentityClaim(enterprise)).toEqual({
    companyName: '福州某某科技有限公司',
    creditCode: '9135**********0Y43',
    legalRepresentativeName: '欧阳**',
    legalRepresentativeIdNumber: '110***********1239',
    phone: '139****5678',
    bankCard: '6228***********8903',
  });
});

test('the identity key is the ID number of a person, the credit code of an enterprise', () => {
  expect(identityKeyOf(person)).toEqual({ kind: 'resident-id', value: '11010519491231002X' });
  expect(identityKeyOf(enterprise)).toEqual({ kind: 'credit-code', value: '91350100M000100Y43' });
  expect(fieldOfRejection(person, 'NAME_MISMATCH')).toBe('realName');
  expect(fieldOfRejection(enterprise, 'NAME_MISMATCH')).toBe('legalRepresentative.name');
});

test('a verified user is addressed by the masked name recorded: the person, else the enterprise', () => {
  expect(maskedNameOf(maskedIdentityClaim(person))).toBe('张*');
  expect(maskedNameOf({ companyName: '某某科技有限公司', legalRepresentativeName: '欧阳**' })).toBe('某某科技有限公司');
  expect(maskedNameOf({ phone: '138****5678' })).toBeUndefined();
});
