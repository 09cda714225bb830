/**
 * GET /v1/risk-reserve (public disclosure, 信息披露): the reserve's balance, whether it
 * compensates investors (policy switch, off by default), and every decision on a
 * defaulted loan with the amount used. Figures only, no personal data.
 */
import { fen, formatYuan } from '../core/money';
import { reserveBalanceFen, riskReserveCompensates, riskReserveDecisions } from '../composition/read-models';
import { getRiskReserveRoute } from '../api/routes/collections';
import { routeHandler } from './route-handler';

export const handler = routeHandler(getRiskReserveRoute, async () => {
  const [balance, decisions] = await Promise.all([reserveBalanceFen(), riskReserveDecisions()]);
  return {
    status: 200,
    body: {
      balance: formatYuan(fen(balance)),
      compensatesInvestors: riskReserveCompensates(),
      compensated: formatYuan(fen(decisions.filter((decision) => decision.status === 'PAID').reduce((sum, decision) => sum + (decision.paidFen ?? decision.amountFen), 0))),
      decisions: decisions.map((decision) => ({
        loanId: decision.loanId,
        decidedAt: decision.decidedAt,
        status: decision.status,
        reason: decision.reason,
        claim: formatYuan(fen(decision.claimFen)),
        amount: formatYuan(fen(decision.amountFen)),
        ...(decision.status === 'PAID' && decision.paidFen !== undefined ? { paid: formatYuan(fen(decision.paidFen)) } : {}),
        ...(decision.status === 'PAID' && decision.paidAt ? { paidAt: decision.paidAt } : {}),
        ...(decision.status === 'PAID' && decision.reserveBalanceAfterFen !== undefined ? { balanceAfter: formatYuan(fen(decision.reserveBalanceAfterFen)) } : {}),
      })),
    },
    headers: { 'cache-control': 'no-store' },
  };
});
