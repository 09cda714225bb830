/**
 * A real-name verification claim (实名认证): who a user says they are. A person gives
 * their name, resident ID number, mobile phone and a bank card in their name; an
 * enterprise its name, Unified Social Credit Code, legal representative, phone and
 * corporate card. This module normalizes a claim, says which fields fail their
 * standard's checks, and masks it for display. It never sees a clock (`today` is a
 * parameter) and never does I/O.
 */
import { bankCardProblem, normalizeBankCard } from './bank-card';
import { isValidMobilePhone, normalizeMobilePhone } from './mobile-phone';
import { maskBankCard, maskCreditCode, maskMobilePhone, maskName, maskResidentIdNumber } from './pii-masking';
import { normalizeResidentIdNumber, residentIdNumberProblem } from './resident-id-number';
import { creditCodeProblem, normalizeCreditCode } from './unified-social-credit-code';

export interface PersonalIdentityClaim {
  readonly kind: 'personal';
  readonly realName: string;
  readonly idNumber: string;
  readonly phone: string;
  readonly bankCard: string;
}

export interface EnterpriseIdentityClaim {
  readonly kind: 'enterprise';
  readonly companyName: string;
  readonly creditCode: string;
  readonly legalRepresentative: { readonly name: string; readonly idNumber: string };
  readonly phone: string;
  readonly bankCard: string;
}

export type IdentityClaim = PersonalIdentityClaim | EnterpriseIdentityClaim;

/** Why an identity-verification provider did not confirm a claim. */
export const verificationRejectionReasons = [
  'NAME_MISMATCH',
  'ID_NUMBER_NOT_FOUND',
  'PHONE_NOT_OWNED',
  'BANK_CARD_MISMATCH',
  'FACE_MISMATCH',
  'ENTERPRISE_NOT_FOUND',
  'LEGAL_REPRESENTATIVE_MISMATCH',
  'PROVIDER_REJECTED',
] as const;
export type VerificationRejectionReason = (typeof verificationRejectionReasons)[number];

/** A field-level problem; `path` names the claim's field, the message never repeats its value. */
export interface ClaimFieldError {
  readonly path: string;
  readonly message: string;
}

/** Personal names: Han characters with an optional middle dot (维吾尔族 names), or Latin letters. */
const personNamePattern = /^(?:[\p{Script=Han}·•]{2,30}|[A-Za-z][A-Za-z .'-]{1,59})$/u;

export function normalizeIdentityClaim(claim: IdentityClaim): IdentityClaim {
  if (claim.kind === 'personal') {
    return {
      kind: 'personal',
      realName: claim.realName.trim(),
      idNumber: normalizeResidentIdNumber(claim.idNumber),
      phone: normalizeMobilePhone(claim.phone),
      bankCard: normalizeBankCard(claim.bankCard),
    };
  }
  return {
    kind: 'enterprise',
    companyName: claim.companyName.trim(),
    creditCode: normalizeCreditCode(claim.creditCode),
    legalRepresentative: { name: claim.legalRepresentative.name.trim(), idNumber: normalizeResidentIdNumber(claim.legalRepresentative.idNumber) },
    phone: normalizeMobilePhone(claim.phone),
    bankCard: normalizeBankCard(claim.bankCard),
  };
}

const idNumberMessages = {
  format: 'an ID number is 17 digits and a check digit or X (GB 11643)',
  'birth-date': 'the birth date in the ID number is not a plausible date',
  'check-character': 'the ID number check character does not match (GB 11643)',
} as const;

/** Every field of a normalized claim that fails its check, in the order of the claim's fields. */
export function identityClaimFieldErrors(claim: IdentityClaim, today: string): ClaimFieldError[] {
  const errors: ClaimFieldError[] = [];
  const idNumber = (path: string, value: string) => {
    const problem = residentIdNumberProblem(value, today);
    if (problem) errors.push({ path, message: idNumberMessages[problem] });
  };
  const personName = (path: string, value: string) => {
    if (!personNamePattern.test(value)) errors.push({ path, message: 'a name is 2–30 Chinese characters (· allowed) or 2–60 Latin letters' });
  };
  if (claim.kind === 'personal') {
    personName('realName', claim.realName);
    idNumber('idNumber', claim.idNumber);
  } else {
    const length = Array.from(claim.companyName).length;
    if (length < 2 || length > 100) errors.push({ path: 'companyName', message: 'a company name is 2–100 characters' });
    const problem = creditCodeProblem(claim.creditCode);
    if (problem === 'format') errors.push({ path: 'creditCode', message: 'a credit code is 18 digits and capitals other than I, O, Z, S, V (GB 32100)' });
    if (problem === 'check-character') errors.push({ path: 'creditCode', message: 'the credit code check character does not match (GB 32100)' });
    personName('legalRepresentative.name', claim.legalRepresentative.name);
    idNumber('legalRepresentative.idNumber', claim.legalRepresentative.idNumber);
  }
  if (!isValidMobilePhone(claim.phone)) errors.push({ path: 'phone', message: 'a mobile number is 11 digits starting 13–19' });
  const card = bankCardProblem(claim.bankCard);
  if (card === 'format') errors.push({ path: 'bankCard', message: 'a bank card number is 12–19 digits' });
  if (card === 'check-digit') errors.push({ path: 'bankCard', message: 'the bank card check digit does not match (Luhn)' });
  return errors;
}

/** What a profile shows of a claim: every personal value masked. */
export function maskedIdentityClaim(claim: IdentityClaim): Record<string, string> {
  if (claim.kind === 'personal') {
    return {
      realName: maskName(claim.realName),
      idNumber: maskResidentIdNumber(claim.idNumber),
      phone: maskMobilePhone(claim.phone),
      bankCard: maskBankCard(claim.bankCard),
    };
  }
  return {
    // A registered company's name is public (企业信用信息公示); its representative's data is not.
    companyName: claim.companyName,
    creditCode: maskCreditCode(claim.creditCode),
    legalRepresentativeName: maskName(claim.legalRepresentative.name),
    legalRepresentativeIdNumber: maskResidentIdNumber(claim.legalRepresentative.idNumber),
    phone: maskMobilePhone(claim.phone),
    bankCard: maskBankCard(claim.bankCard),
  };
}

/** The name a verified user is addressed by, masked: the person's (张*) or the enterprise's (public); undefined when none was recorded. */
export function maskedNameOf(masked: Readonly<Record<string, string>>): string | undefined {
  return masked.realName ?? masked.companyName ?? masked.name;
}

/**
 * The value that identifies the claimant, for the one-identity-one-account rule: the
 * person's ID number, or the enterprise's credit code. `kind` keeps the two apart.
 */
export function identityKeyOf(claim: IdentityClaim): { readonly kind: 'resident-id' | 'credit-code'; readonly value: string } {
  return claim.kind === 'personal' ? { kind: 'resident-id', value: claim.idNumber } : { kind: 'credit-code', value: claim.creditCode };
}

/** The claim field a rejection reason points at, for the problem document. */
export function fieldOfRejection(claim: IdentityClaim, reason: VerificationRejectionReason): string {
  const personal = claim.kind === 'personal';
  switch (reason) {
    case 'NAME_MISMATCH':
      return personal ? 'realName' : 'legalRepresentative.name';
    case 'ID_NUMBER_NOT_FOUND':
      return personal ? 'idNumber' : 'legalRepresentative.idNumber';
    case 'PHONE_NOT_OWNED':
      return 'phone';
    case 'BANK_CARD_MISMATCH':
      return 'bankCard';
    case 'FACE_MISMATCH':
      return 'faceToken';
    case 'ENTERPRISE_NOT_FOUND':
      return 'creditCode';
    case 'LEGAL_REPRESENTATIVE_MISMATCH':
      return 'legalRepresentative';
    case 'PROVIDER_REJECTED':
      return personal ? 'idNumber' : 'creditCode';
  }
}
