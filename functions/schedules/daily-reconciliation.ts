/**
 * Daily reconciliation (02:30 Asia/Shanghai) of the previous business day. This job
 * settles which day is reconciled and runs once per scheduled time; comparing the
 * ledger with the custodian's statement arrives with custody accounts (issue #4).
 */
import { addDays, businessDate } from '../core/calendar';
import { scheduledJob } from './scheduled-job';

export const handler = scheduledJob('daily-reconciliation', async (scheduledTime) => ({
  businessDate: addDays(businessDate(scheduledTime, 'Asia/Shanghai'), -1),
}));
