/** GET /v1/reviews (reviewer, auditor, admin): applications waiting for a reviewer, longest-waiting first, with their automated screening. */
import type { z } from 'zod';
import { fen, formatYuan } from '../core/money';
import { reviewQueue, type LoanApplicationRecord } from '../composition/read-models';
import type { reviewsQuery } from '../api/schemas/loan-applications';
import { listReviewsRoute } from '../api/routes/loan-applications';
import { routeHandler } from './route-handler';

export const handler = routeHandler(listReviewsRoute, async (request) => {
  const query = request.query as z.infer<typeof reviewsQuery>;
  const page = await reviewQueue({ limit: query.limit === undefined ? 20 : Number(query.limit), cursor: query.cursor });
  return {
    status: 200,
    body: { items: page.items.map(reviewBody), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
    headers: { 'cache-control': 'no-store' },
  };
});

function reviewBody(loan: LoanApplicationRecord) {
  const review = loan.riskReview;
  return {
    loanId: loan.loanId,
    borrowerId: loan.borrowerId,
    ...(loan.kind ? { kind: loan.kind } : {}),
    amount: formatYuan(fen(loan.amountFen)),
    termMonths: loan.termMonths,
    ...(loan.annualRate ? { annualRate: loan.annualRate } : {}),
    ...(loan.method ? { method: loan.method } : {}),
    ...(loan.purposeCategory ? { purposeCategory: loan.purposeCategory } : {}),
    ...(loan.purpose ? { purpose: loan.purpose } : {}),
    ...(loan.monthlyIncomeFen !== undefined ? { monthlyIncome: formatYuan(fen(loan.monthlyIncomeFen)) } : {}),
    appliedAt: loan.createdAt,
    ...(review
      ? {
          screening: {
            score: review.score,
            grade: review.grade,
            reasons: [...review.reasons],
            scorecardVersion: review.scorecardVersion,
            rulebookVersion: review.rulebookVersion,
            contributions: review.contributions.map((contribution) => ({ ...contribution })),
          },
        }
      : {}),
  };
}
