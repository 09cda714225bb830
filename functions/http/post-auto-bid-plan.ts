/** POST /v1/me/auto-bid-plans: an auto-bid plan (自动投标), served in a fair rotation whenever a matching listing opens. */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { AutoBidPlan } from '../core/auto-bid';
import { BidRefusedError, InvalidRequestError, UnsuitableInvestorError } from '../core/errors';
import { allowedGrades, isAssessmentValid } from '../core/investor-suitability';
import { parseYuan, toFen } from '../core/money';
import { compareRatios } from '../core/rational';
import { parseRate } from '../core/rate';
import { createPlan } from '../adapters/dynamodb/auto-bid-repository';
import { now } from '../adapters/runtime/clock';
import { policy } from '../settings/settings';
import { findUserProfile } from '../adapters/dynamodb/user-repository';
import type { autoBidPlanRequest } from '../api/schemas/listings';
import { autoBidPlanBody } from './listing-views';
import { postAutoBidPlanRoute } from '../api/routes/listings';
import { routeHandler } from './route-handler';

export const handler = routeHandler(postAutoBidPlanRoute, async (request) => {
  const body = request.body as z.infer<typeof autoBidPlanRequest>;
  const investorId = request.caller!.userId;
  const at = now();
  if (body.minTermMonths > body.maxTermMonths) throw new InvalidRequestError('minTermMonths is above maxTermMonths');
  if (body.minRate !== undefined && body.maxRate !== undefined && compareRatios(parseRate(body.minRate), parseRate(body.maxRate)) > 0) {
    throw new InvalidRequestError('minRate is above maxRate');
  }
  const amountPerLoanFen = toFen(parseYuan(body.amountPerLoan));
  const capPerLoanFen = body.capPerLoan === undefined ? amountPerLoanFen : toFen(parseYuan(body.capPerLoan));
  const budgetFen = toFen(parseYuan(body.budget));
  if (amountPerLoanFen < policy.minimumBidFen() || amountPerLoanFen % policy.bidStepFen() !== 0) {
    throw new BidRefusedError('amountPerLoan must be at least the minimum bid and in whole bid steps');
  }
  if (capPerLoanFen < policy.minimumBidFen() || budgetFen < policy.minimumBidFen()) throw new BidRefusedError('capPerLoan and budget must allow at least one minimum bid');
  const assessment = (await findUserProfile(investorId))?.riskAssessment;
  if (!isAssessmentValid(assessment, at)) throw new UnsuitableInvestorError('a valid risk assessment is required to invest');
  const refused = body.grades.filter((grade) => !allowedGrades(assessment!.level).includes(grade));
  if (refused.length) throw new UnsuitableInvestorError(`risk level ${assessment!.level} does not allow grades ${refused.join(', ')}`);
  const plan: AutoBidPlan = {
    planId: `plan-${createHash('sha256').update(`${investorId}|${request.headers['idempotency-key']!}`).digest('base64url').slice(0, 22)}`,
    investorId,
    amountPerLoanFen,
    ...(body.minRate !== undefined ? { minRate: body.minRate } : {}),
    ...(body.maxRate !== undefined ? { maxRate: body.maxRate } : {}),
    minTermMonths: body.minTermMonths,
    maxTermMonths: body.maxTermMonths,
    grades: [...new Set(body.grades)],
    budgetFen,
    spentFen: 0,
    reserveFen: toFen(parseYuan(body.reserveBalance)),
    capPerLoanFen,
    createdAt: at.toISOString(),
    lastServedAt: at.toISOString(),
  };
  await createPlan(plan);
  return { status: 201, body: autoBidPlanBody(plan), headers: { location: `/v1/me/auto-bid-plans/${plan.planId}` } };
});
