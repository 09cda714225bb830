/** The loan calculator's request and response (POST /v1/quotes). */
import * as z from 'zod';
import { maxTermMonths, minTermMonths, repaymentMethods } from '../../core/repayment-schedule';
import { calendarDate, rateText, yuanAmount, yuanBetween } from './common';

export const quoteRequest = z
  .object({
    /** From ¥100 to ¥5,000,000, the most any borrower may owe across platforms. */
    amount: yuanBetween('100.00', '5000000.00'),
    termMonths: z.number().int().min(minTermMonths).max(maxTermMonths),
    annualRate: rateText,
    method: z.enum(repaymentMethods),
    /** The disbursement date; today in Asia/Shanghai when absent. */
    startDate: calendarDate.optional(),
  })
  .strict()
  .meta({ id: 'QuoteRequest' });

const installment = z.object({
  number: z.number().int(),
  dueDate: calendarDate,
  principal: yuanAmount,
  interest: yuanAmount,
  total: yuanAmount,
  remainingPrincipal: yuanAmount,
});

export const quoteResponse = z
  .object({
    installments: z.array(installment),
    totals: z.object({ principal: yuanAmount, interest: yuanAmount, total: yuanAmount }),
  })
  .meta({ id: 'Quote' });
export type QuoteResponse = z.infer<typeof quoteResponse>;
