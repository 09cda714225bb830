/**
 * The twin's identity-verification SIMULATOR: a deterministic implementation of the
 * port's contract, never deployed to AWS. Every claim that passes the checksums is
 * confirmed, except these documented test identities (README, "Real-name
 * verification"), whose reasons add up when several apply:
 *
 * - ID number (a person's, or an enterprise's legal representative's) with sequence
 *   code 999 (positions 15–17) → NAME_MISMATCH for a person,
 *   LEGAL_REPRESENTATIVE_MISMATCH for an enterprise;
 * - ID number with sequence code 998 → ID_NUMBER_NOT_FOUND;
 * - phone starting 170 → PHONE_NOT_OWNED;
 * - bank card starting 620000 → BANK_CARD_MISMATCH;
 * - credit code whose administrative division code (positions 3–8) is 999999 →
 *   ENTERPRISE_NOT_FOUND;
 * - face token: the score is derived from the token's SHA-256, 85–99 normally and
 *   10–59 for a token starting "spoof" → FACE_MISMATCH (threshold 80).
 *
 * The reference is random: it must not be derived from the personal data.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { VerificationRejectionReason } from '../../core/identity-claim';
import { sequenceCodeOf } from '../../core/resident-id-number';
import { administrativeDivisionOf } from '../../core/unified-social-credit-code';
import type { IdentityCheckRequest, IdentityCheckResult, IdentityVerifier } from '../../application/ports/origination-identity';

/** A simulated face match scores at least this (0–100) to count as the same person. */
export const faceMatchThreshold = 80;

export const simulatorRules = {
  nameMismatchSequence: '999',
  idNotFoundSequence: '998',
  phoneNotOwnedPrefix: '170',
  bankCardMismatchPrefix: '620000',
  enterpriseNotFoundDivision: '999999',
  spoofedFaceTokenPrefix: 'spoof',
} as const;

/** The simulated face-match score of a token: 85–99, or 10–59 for a spoofed one. */
export function simulatedFaceMatchScore(faceToken: string): number {
  const spread = createHash('sha256').update(faceToken, 'utf8').digest().readUInt32BE(0);
  return faceToken.startsWith(simulatorRules.spoofedFaceTokenPrefix) ? 10 + (spread % 50) : 85 + (spread % 15);
}

export function simulatedRejections(request: IdentityCheckRequest): VerificationRejectionReason[] {
  const { claim } = request;
  const reasons: VerificationRejectionReason[] = [];
  const idNumber = claim.kind === 'personal' ? claim.idNumber : claim.legalRepresentative.idNumber;
  if (claim.kind === 'enterprise' && administrativeDivisionOf(claim.creditCode) === simulatorRules.enterpriseNotFoundDivision) reasons.push('ENTERPRISE_NOT_FOUND');
  if (sequenceCodeOf(idNumber) === simulatorRules.nameMismatchSequence) reasons.push(claim.kind === 'personal' ? 'NAME_MISMATCH' : 'LEGAL_REPRESENTATIVE_MISMATCH');
  if (sequenceCodeOf(idNumber) === simulatorRules.idNotFoundSequence) reasons.push('ID_NUMBER_NOT_FOUND');
  if (claim.phone.startsWith(simulatorRules.phoneNotOwnedPrefix)) reasons.push('PHONE_NOT_OWNED');
  if (claim.bankCard.startsWith(simulatorRules.bankCardMismatchPrefix)) reasons.push('BANK_CARD_MISMATCH');
  if (request.faceToken !== undefined && simulatedFaceMatchScore(request.faceToken) < faceMatchThreshold) reasons.push('FACE_MISMATCH');
  return reasons;
}

export function identityVerificationSimulator(): IdentityVerifier {
  return {
    provider: 'simulator',
    check: async (request): Promise<IdentityCheckResult> => {
      const reasons = simulatedRejections(request);
      const reference = `sim-${randomUUID()}`;
      const face = request.faceToken === undefined ? {} : { faceMatchScore: simulatedFaceMatchScore(request.faceToken) };
      return reasons.length ? { confirmed: false, reference, reasons, ...face } : { confirmed: true, reference, ...face };
    },
  };
}
