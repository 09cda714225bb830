/** The loan routes' schemas: one loan (status, terms, history, schedule once repaying) and the borrower's loans. */
import * as z from 'zod';
import { loanStatuses } from '../../core/loan-lifecycle';
import { yuanAmount } from './common';
import { installment } from './quotes';

export const loanParams = z.object({ loanId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'an id is 1 to 100 letters, digits, - or _') });

export const loanInstallment = z
  .object({
    number: z.number().int().min(1),
    dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    principal: yuanAmount,
    interest: yuanAmount,
    total: yuanAmount,
    remainingPrincipal: yuanAmount,
    status: z.enum(['DUE', 'OVERDUE', 'SETTLED']),
    /** What repayments have paid so far, and the penalty interest accrued while overdue. */
    paidPrincipal: yuanAmount,
    paidInterest: yuanAmount,
    penalty: yuanAmount,
    paidPenalty: yuanAmount,
    settledAt: z.iso.datetime().optional(),
  })
  .meta({ id: 'LoanInstallment' });

export const loanDetail = z
  .object({
    loanId: z.string(),
    status: z.enum(loanStatuses),
    amount: yuanAmount,
    termMonths: z.number().int(),
    annualRate: z.string().optional(),
    method: z.string().optional(),
    grade: z.string().optional(),
    funded: yuanAmount,
    bidCount: z.number().int(),
    history: z.object({
      appliedAt: z.iso.datetime(),
      listedAt: z.iso.datetime().optional(),
      listingDeadline: z.iso.datetime().optional(),
      disbursedAt: z.iso.datetime().optional(),
      repayingSince: z.iso.datetime().optional(),
      updatedAt: z.iso.datetime(),
    }),
    disbursement: z.object({ toBorrower: yuanAmount, serviceFee: yuanAmount }).optional(),
    schedule: z.array(loanInstallment).optional(),
    /** Once repaying: what the confirmed repayments have paid, and the investors' management fees taken from them. */
    repaid: z.object({ principal: yuanAmount, interest: yuanAmount, penalty: yuanAmount, managementFees: yuanAmount }).optional(),
  })
  .meta({ id: 'Loan' });

export const loansPage = z.object({ items: z.array(loanDetail.omit({ schedule: true })) }).meta({ id: 'LoanPage' });

export const rescheduleQuoteRequest = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('EXTEND_TERM').meta({ description: 'More installments: the remaining principal re-spread over the installments left plus these.' }),
        months: z.number().int().min(1).max(12).meta({ description: 'How many more installments (1–12).' }),
      })
      .strict(),
    z
      .object({
        kind: z.literal('PAYMENT_HOLIDAY').meta({ description: 'No installment for some months; the holiday’s interest is spread over the installments after it.' }),
        months: z.number().int().min(1).max(3).meta({ description: 'How many months without an installment (1–3).' }),
      })
      .strict(),
    z
      .object({
        kind: z.literal('LOWER_INSTALLMENT').meta({ description: 'A lower installment, by the shortest extension (up to 12 months) that brings it down to `installment`.' }),
        installment: yuanAmount.meta({ description: 'The most the borrower can pay an installment, yuan.' }),
      })
      .strict(),
  ])
  .meta({ id: 'RescheduleQuoteRequest' });

export const rescheduleQuote = z
  .object({
    kind: z.enum(['EXTEND_TERM', 'PAYMENT_HOLIDAY']),
    months: z.number().int(),
    annualRate: z.string(),
    termMonths: z.number().int().meta({ description: 'The loan’s term afterwards, in months from its start.' }),
    keptInstallments: z.number().int().meta({ description: 'Installments due up to today, paid or overdue, which stay as they are.' }),
    principal: yuanAmount.meta({ description: 'The principal the new installments repay.' }),
    extraInterest: z.string().meta({ description: 'New interest minus the interest of the installments replaced, yuan (negative when less).' }),
    installments: z.array(installment),
  })
  .meta({ id: 'RescheduleQuote' });
