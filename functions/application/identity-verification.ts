/**
 * A user verifies their real name (POST /v1/me/verification). The claim's fields are
 * checked (GB 11643, GB 32100, mobile format, Luhn) → 400 with field errors; the
 * identity-verification provider is asked → a rejection is recorded on the profile and
 * answered 422 with its reason codes; a confirmation seals the claim in the PII vault,
 * claims its blind index (one identity, one account → 409) and sets the profile's
 * verification, masked, in one transaction.
 */
import { businessDate, platformTimeZone } from '../core/calendar';
import { AlreadyVerifiedError, IdentityNotConfirmedError, InvalidRequestError, NotFoundError } from '../core/errors';
import { fieldOfRejection, identityClaimFieldErrors, identityKeyOf, maskedIdentityClaim, normalizeIdentityClaim, type IdentityClaim } from '../core/identity-claim';
import { birthDateOf } from '../core/resident-id-number';
import type { UserProfile, VerificationSummary } from '../core/users';
import type { IdentityVerifier, PiiVault, VerificationRecords } from './ports/origination-identity';

export interface IdentityVerificationPorts<Sealed> {
  readonly profiles: { find(userId: string): Promise<UserProfile | undefined> };
  readonly verifier: () => IdentityVerifier;
  readonly vault: PiiVault<Sealed>;
  readonly verifications: VerificationRecords<Sealed>;
}

export async function verifyIdentity<Sealed>(
  ports: IdentityVerificationPorts<Sealed>,
  request: { readonly userId: string; readonly claim: IdentityClaim; readonly faceToken?: string | undefined },
  at: Date,
): Promise<VerificationSummary & { status: 'VERIFIED' }> {
  const { userId, faceToken } = request;
  const claim = normalizeIdentityClaim(request.claim);
  const fieldErrors = identityClaimFieldErrors(claim, businessDate(at, platformTimeZone));
  if (fieldErrors.length) {
    throw new InvalidRequestError('The identity is invalid', fieldErrors.map((error) => ({ path: `body.${error.path}`, message: error.message })));
  }

  const profile = await ports.profiles.find(userId);
  if (!profile) throw new NotFoundError('no profile for this user: register first');
  if (profile.verification?.status === 'VERIFIED') throw new AlreadyVerifiedError();

  const verifier = ports.verifier();
  const result = await verifier.check({ claim, ...(faceToken === undefined ? {} : { faceToken }) });
  const masked = maskedIdentityClaim(claim);
  const verifiedAt = at.toISOString();
  if (!result.confirmed) {
    await ports.verifications.recordRejected(userId, { status: 'REJECTED', kind: claim.kind, verifiedAt, masked, reasons: result.reasons });
    throw new IdentityNotConfirmedError(result.reasons.map((reason) => ({ path: `body.${fieldOfRejection(claim, reason)}`, message: reason })));
  }

  const identity = identityKeyOf(claim);
  const [sealedClaim, index] = await Promise.all([
    ports.vault.seal(JSON.stringify(claim), { purpose: 'identity-verification', userId }),
    ports.vault.blindIndex(identity.kind, identity.value),
  ]);
  const summary: VerificationSummary & { status: 'VERIFIED' } = {
    status: 'VERIFIED',
    kind: claim.kind,
    verifiedAt,
    masked,
    ...(claim.kind === 'personal' ? { birthDate: birthDateOf(claim.idNumber) } : {}),
  };
  await ports.verifications.recordVerified({
    userId,
    summary,
    sealedClaim,
    blindIndex: index,
    provider: verifier.provider,
    providerReference: result.reference,
    ...(result.faceMatchScore === undefined ? {} : { faceMatchScore: result.faceMatchScore }),
  });
  return summary;
}
