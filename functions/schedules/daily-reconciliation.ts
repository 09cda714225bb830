/**
 * Daily reconciliation (02:30 Asia/Shanghai) of the previous business day: the
 * custodian bank's statement against the platform's ledger and day book. Every
 * difference goes into the day's report (RECONCILIATION#{date}) and raises the
 * ReconciliationDifference failure signal (its metric and alarm on AWS, a structured
 * log line with the ids). Runs once per scheduled time; a re-run rewrites the report.
 *
 * First, the debt-transfer purchases whose bank callback has not come within the settlement
 * timeout are resolved by the bank's status query (application/debt-transfer
 * resolveTimedOutPurchases), so a lost callback neither keeps the buyer's money frozen nor
 * leaves the bank's movement missing from the platform's day book.
 */
import { addDays, businessDate, platformTimeZone } from '../core/calendar';
import { now } from '../adapters/runtime/clock';
import { reconcileBusinessDay } from '../application/custody';
import { resolveTimedOutPurchases } from '../application/debt-transfer';
import { reconciliation, transfer } from '../composition/money';
import { signTransferAgreement } from '../composition/transfer-agreements';
import { scheduledJob } from '../adapters/runtime/scheduled-job';

export const handler = scheduledJob('daily-reconciliation', async (scheduledTime) => {
  const date = addDays(businessDate(scheduledTime, platformTimeZone), -1);
  // Settling a purchase signs its transfer agreement, as the callback would have.
  const transfers = await resolveTimedOutPurchases({ ...transfer, agreements: { signTransferAgreement } }, now());
  const report = await reconcileBusinessDay(reconciliation, date, now());
  return { businessDate: date, status: report.status, differenceCount: report.differenceCount, accountsChecked: report.accountsChecked, transfers };
});
