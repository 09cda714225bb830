/**
 * Daily overdue sweep (01:00 Asia/Shanghai). Finds the installments that fell due
 * on the previous business day through the dueDates index. Marking them overdue,
 * penalty interest, buckets and collections are built on this in the servicing issue.
 */
import { addDays, businessDate } from '../core/calendar';
import { countInstallmentsDueOn } from '../adapters/installment-index';
import { scheduledJob } from './scheduled-job';

export const handler = scheduledJob('overdue-sweep', async (scheduledTime) => {
  const date = addDays(businessDate(scheduledTime, 'Asia/Shanghai'), -1);
  return { businessDate: date, installmentsFallenDue: await countInstallmentsDueOn(date) };
});
