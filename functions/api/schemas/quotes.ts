/** The loan calculator's request and response (POST /v1/quotes). */
import * as z from 'zod';
import { maxTermMonths, minTermMonths, repaymentMethods } from '../../core/repayment-schedule';
import { calendarDate, rateText, yuanAmount, yuanBetween } from './common';

/**
 * The start dates a quote takes. Unbounded, `9999-12-31` gave due dates such as
 * `10000-01-31`, which no calendar date of the response's own schema matches.
 */
export const earliestQuoteStart = '2000-01-01';
export const latestQuoteStart = '2099-12-31';
const quoteStartDate = z.iso
  .date()
  .refine((date) => date >= earliestQuoteStart && date <= latestQuoteStart, { message: `The start date must be from ${earliestQuoteStart} to ${latestQuoteStart}` })
  .meta({ description: `The disbursement date (YYYY-MM-DD), from ${earliestQuoteStart} to ${latestQuoteStart}; today in Asia/Shanghai when absent.`, examples: ['2026-12-01'] });

export const quoteRequest = z
  .object({
    /** From ¥100 to ¥5,000,000, the most any borrower may owe across platforms. */
    amount: yuanBetween('100.00', '5000000.00'),
    termMonths: z.number().int().min(minTermMonths).max(maxTermMonths),
    annualRate: rateText,
    method: z.enum(repaymentMethods),
    startDate: quoteStartDate.optional(),
  })
  .strict()
  .meta({ id: 'QuoteRequest' });

export const installment = z.object({
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
