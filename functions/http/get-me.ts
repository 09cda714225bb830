/** GET /v1/me (any role): the caller's profile, personal data masked. */
import { NotFoundError } from '../core/errors';
import { assessmentInForce } from '../core/investor-suitability';
import { now } from '../adapters/runtime/clock';
import { findUserProfile } from '../composition/read-models';
import type { ProfileResponse } from '../api/schemas/identity';
import { getMyProfileRoute } from '../api/routes/identity';
import { routeHandler } from './route-handler';

export const handler = routeHandler(getMyProfileRoute, async (request) => {
  const userId = request.caller!.userId;
  const profile = await findUserProfile(userId);
  if (!profile) throw new NotFoundError('You have no profile yet: a registration that did not finish can be sent again');
  const { verification, custodyAccount } = profile;
  const at = now();
  const riskAssessment = assessmentInForce(profile, at);
  const waiting = profile.pendingRiskAssessment;
  const pending = waiting && at.getTime() < Date.parse(waiting.effectiveFrom) ? waiting : undefined;
  const body: ProfileResponse = {
    userId: profile.userId,
    username: profile.username,
    roles: [...profile.roles],
    createdAt: profile.createdAt,
    ...(verification
      ? {
          verification: {
            status: verification.status,
            kind: verification.kind,
            verifiedAt: verification.verifiedAt,
            masked: { ...verification.masked },
            ...(verification.reasons ? { reasons: [...verification.reasons] } : {}),
          },
        }
      : {}),
    ...(riskAssessment
      ? {
          riskAssessment: {
            level: riskAssessment.level,
            assessedAt: riskAssessment.assessedAt,
            expiresAt: riskAssessment.expiresAt,
            expired: Date.parse(riskAssessment.expiresAt) <= at.getTime(),
            ...(pending ? { pending: { level: pending.level, effectiveFrom: pending.effectiveFrom } } : {}),
          },
        }
      : {}),
    ...(custodyAccount ? { custodyAccount: { subAccountId: custodyAccount.subAccountId, openedAt: custodyAccount.openedAt } } : {}),
  };
  return { status: 200, body, headers: { 'cache-control': 'no-store' } };
});
