/**
 * POST /v1/me/verification (borrower or investor, idempotent): real-name verification
 * (functions/application/identity-verification.ts): 400 field errors, 422 a provider's
 * rejection, 409 an identity claimed by another account, 200 the masked verification.
 */
import type { IdentityClaim } from '../core/identity-claim';
import { now } from '../adapters/runtime/clock';
import { verifyIdentity } from '../application/identity-verification';
import { identityVerification } from '../composition/origination';
import type { VerificationRequest } from '../api/schemas/verification';
import { postVerificationRoute } from '../api/routes/verification';
import { routeHandler } from './route-handler';

export const handler = routeHandler(postVerificationRoute, async (request) => {
  const { faceToken, ...claimed } = request.body as VerificationRequest;
  // The birth date stays on the profile for the age check; the answer shows masked values only.
  const { birthDate: _birthDate, ...summary } = await verifyIdentity(identityVerification, { userId: request.caller!.userId, claim: claimed as IdentityClaim, faceToken }, now());
  return { status: 200, body: summary };
});
