/**
 * POST /v1/me/verification (borrower or investor, idempotent): real-name verification.
 * The claim's fields are checked (GB 11643, GB 32100, mobile format, Luhn) → 400 with
 * field errors; the identity-verification provider is asked → a rejection is recorded
 * on the profile and answered 422 with its reason codes; a confirmation seals the claim
 * in the PII vault, claims its blind index (one identity, one account → 409) and sets
 * the profile's verification, masked, in one transaction.
 */
import { businessDate, platformTimeZone } from '../core/calendar';
import { AlreadyVerifiedError, IdentityNotConfirmedError, InvalidRequestError, NotFoundError } from '../core/errors';
import { fieldOfRejection, identityClaimFieldErrors, identityKeyOf, maskedIdentityClaim, normalizeIdentityClaim, type IdentityClaim } from '../core/identity-claim';
import { now } from '../adapters/runtime/clock';
import { identityVerifier } from '../adapters/identity/identity-verification';
import { blindIndex, sealPii } from '../adapters/identity/pii-vault';
import { findUserProfile, type VerificationSummary } from '../adapters/dynamodb/user-repository';
import { recordRejectedVerification, recordVerifiedIdentity } from '../adapters/dynamodb/verification-repository';
import type { VerificationRequest } from '../api/schemas/verification';
import { postVerificationRoute } from '../api/routes/verification';
import { routeHandler } from './route-handler';

export const handler = routeHandler(postVerificationRoute, async (request) => {
  const { faceToken, ...claimed } = request.body as VerificationRequest;
  const userId = request.caller!.userId;
  const at = now();
  const claim = normalizeIdentityClaim(claimed as IdentityClaim);
  const fieldErrors = identityClaimFieldErrors(claim, businessDate(at, platformTimeZone));
  if (fieldErrors.length) {
    throw new InvalidRequestError('The identity is invalid', fieldErrors.map((error) => ({ path: `body.${error.path}`, message: error.message })));
  }

  const profile = await findUserProfile(userId);
  if (!profile) throw new NotFoundError('no profile for this user: register first');
  if (profile.verification?.status === 'VERIFIED') throw new AlreadyVerifiedError();

  const result = await identityVerifier().check({ claim, ...(faceToken === undefined ? {} : { faceToken }) });
  const masked = maskedIdentityClaim(claim);
  const verifiedAt = at.toISOString();
  if (!result.confirmed) {
    await recordRejectedVerification(userId, { status: 'REJECTED', kind: claim.kind, verifiedAt, masked, reasons: result.reasons });
    throw new IdentityNotConfirmedError(result.reasons.map((reason) => ({ path: `body.${fieldOfRejection(claim, reason)}`, message: reason })));
  }

  const identity = identityKeyOf(claim);
  const [sealedClaim, index] = await Promise.all([
    sealPii(JSON.stringify(claim), { purpose: 'identity-verification', userId }),
    blindIndex(identity.kind, identity.value),
  ]);
  const summary: VerificationSummary & { status: 'VERIFIED' } = { status: 'VERIFIED', kind: claim.kind, verifiedAt, masked };
  await recordVerifiedIdentity({
    userId,
    summary,
    sealedClaim,
    blindIndex: index,
    provider: identityVerifier().provider,
    providerReference: result.reference,
    ...(result.faceMatchScore === undefined ? {} : { faceMatchScore: result.faceMatchScore }),
  });
  return { status: 200, body: summary };
});
