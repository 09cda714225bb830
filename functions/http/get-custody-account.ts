/** GET /v1/me/account: the caller's custody account, from the ledger (available, frozen) and the confirmed totals. */
import type { z } from 'zod';
import { custodyAccountOf } from '../application/custody';
import { custodyRecords } from '../composition/money';
import type { custodyAccount } from '../api/schemas/custody';
import { yuanText } from './custody-views';
import { getCustodyAccountRoute } from '../api/routes/custody';
import { routeHandler } from './route-handler';

export const handler = routeHandler(getCustodyAccountRoute, async (request) => {
  const account = await custodyAccountOf(custodyRecords, request.caller!.userId);
  const body: z.infer<typeof custodyAccount> = {
    subAccountId: account.subAccountId,
    currency: 'CNY',
    available: yuanText(account.availableFen),
    frozen: yuanText(account.frozenFen),
    balance: yuanText(account.availableFen + account.frozenFen),
    totalDeposited: yuanText(account.depositedFen),
    totalWithdrawn: yuanText(account.withdrawnFen),
  };
  return { status: 200, body, headers: { 'cache-control': 'no-store' } };
});
