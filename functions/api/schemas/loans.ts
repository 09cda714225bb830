/** The loan routes' schemas: one loan (status, terms, history, schedule once repaying) and the borrower's loans. */
import * as z from 'zod';
import { loanStatuses } from '../../core/loan-lifecycle';
import { yuanAmount } from './common';

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
